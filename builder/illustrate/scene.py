"""What an illustration shows: a view of the phantom and the lesions in it.

A scene is declarative so that an educator can describe a figure ("extensive right anterior
NHO, mature, CT bone window") and every modality draws the same body consistently.
"""
from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class View(StrEnum):
    """The projections and planes the renderers can draw."""

    CT_AXIAL = "ct-axial"
    XRAY_AP_PELVIS = "xray-ap-pelvis"
    US_LONGITUDINAL = "us-longitudinal"
    US_TRANSVERSE = "us-transverse"
    SPECT_AXIAL = "spect-axial"
    SPECT_CORONAL = "spect-coronal"


class Side(StrEnum):
    RIGHT = "right"
    LEFT = "left"


class Site(StrEnum):
    """Where around the hip a lesion forms, named by the muscle groups it involves."""

    ANTERIOR = "anterior"  # iliopsoas, rectus femoris origin, anterior capsule
    LATERAL = "lateral"  # gluteus medius and minimus, tensor fasciae latae
    POSTERIOR = "posterior"  # gluteus maximus, short external rotators
    MEDIAL = "medial"  # adductors, obturator externus
    SUPERIOR = "superior"  # above the joint, over the iliac wing and acetabular roof
    FEMORAL_SHAFT = "femoral-shaft"  # along the proximal femoral shaft, below the trochanters


class Extent(StrEnum):
    SMALL = "small"
    MODERATE = "moderate"
    EXTENSIVE = "extensive"


class Level(StrEnum):
    """Axial slice level for CT and SPECT axial views."""

    SUPERIOR = "superior"  # acetabular roof
    INFERIOR = "inferior"  # femoral heads and necks
    THIGH = "thigh"  # proximal femoral shafts


class Window(StrEnum):
    SOFT_TISSUE = "soft-tissue"
    BONE = "bone"


class Lesion(Strict):
    site: Site = Field(description="Muscle group or region around the hip.")
    side: Side = Field(description="The patient's side.")
    extent: Extent = Field(Extent.MODERATE, description="How much tissue the lesion occupies.")
    maturity: float = Field(
        ge=0,
        le=1,
        description="0 = oedema without mineral, ~0.3 = early peripheral mineralisation, "
        "~0.6 = maturing bone with a forming cortex, 1 = mature corticated trabecular bone.",
    )
    vascular: bool = Field(False, description="Active, vascular focus (colour Doppler flow).")


class Scene(Strict):
    """One illustration: a view of the phantom with its lesions."""

    view: View = Field(description="Modality view to draw.")
    level: Level = Field(Level.INFERIOR, description="Axial level (CT and SPECT axial views) "
                         "and probe position (ultrasound: superior/inferior along the femoral "
                         "neck, thigh along the shaft).")
    side: Side = Field(Side.RIGHT, description="Hip under the probe (ultrasound views).")
    contrast: bool = Field(False, description="CT after intravenous contrast (hypoperfusion).")
    doppler: bool = Field(False, description="Ultrasound with colour Doppler.")
    window: Window = Field(Window.SOFT_TISSUE, description="CT window preset.")
    lesions: list[Lesion] = Field(default_factory=list, description="Lesions in the phantom.")
    seed: int = Field(0, ge=0, description="Noise seed: the same scene gives the same bytes.")
