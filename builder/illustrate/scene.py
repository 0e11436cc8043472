"""What an illustration shows: a view of one body and the lesions in it.

A scene is declarative so that an educator can describe a figure ("extensive NHO in the
right iliopsoas, mature, CT bone window") and every modality draws the same body. Sites and
levels are words from the tables in :mod:`builder.illustrate.sites`.
"""
from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from builder.illustrate import sites, veins


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class View(StrEnum):
    """The projections, planes and phases the renderers can draw."""

    CT_AXIAL = "ct-axial"
    CT_CORONAL = "ct-coronal"
    XRAY_AP_PELVIS = "xray-ap-pelvis"
    US_LONGITUDINAL = "us-longitudinal"
    US_TRANSVERSE = "us-transverse"
    SPECT_AXIAL = "spect-axial"
    SPECT_CORONAL = "spect-coronal"
    BONE_SCAN_ANTERIOR = "bone-scan-anterior"
    BONE_SCAN_POSTERIOR = "bone-scan-posterior"
    CT_VENOGRAPHY = "ct-venography"
    VENOGRAM_AP = "venogram-ap"
    US_COMPRESSION = "us-compression"
    XRAY_AP_KNEE = "xray-ap-knee"
    XRAY_LATERAL_KNEE = "xray-lateral-knee"
    XRAY_AP_FEMUR = "xray-ap-femur"


class Side(StrEnum):
    RIGHT = "right"
    LEFT = "left"


class Extent(StrEnum):
    SMALL = "small"
    MODERATE = "moderate"
    EXTENSIVE = "extensive"


class Window(StrEnum):
    SOFT_TISSUE = "soft-tissue"
    BONE = "bone"


class Phase(StrEnum):
    """Phases of a three-phase bone scan (planar views)."""

    FLOW = "flow"
    BLOOD_POOL = "blood-pool"
    DELAYED = "delayed"


class Bridging(StrEnum):
    NONE = "none"
    PELVIS = "pelvis"
    FEMUR = "femur"
    BOTH = "both"  # across the joint: ankylosis (Brooker IV)


class Kind(StrEnum):
    NHO = "nho"
    HAEMATOMA = "haematoma"


class BloodAge(StrEnum):
    """Age of a haematoma (its CT density falls and its echoes change with time)."""

    ACUTE = "acute"
    SUBACUTE = "subacute"
    CHRONIC = "chronic"


class ClotAge(StrEnum):
    ACUTE = "acute"
    CHRONIC = "chronic"


SiteWord = str
LevelWord = str
VeinWord = str
# views that draw a haematoma (the others model bone-forming tissue only)
HAEMATOMA_VIEWS = ("ct-axial", "ct-coronal", "ct-venography", "us-transverse", "us-longitudinal",
                   "us-compression", "venogram-ap")


class Lesion(Strict):
    kind: Kind = Field(Kind.NHO, description="nho (heterotopic ossification) or haematoma "
                       "(bleeding into the muscle).")
    site: SiteWord = Field(description="Muscle or compartment it grows in: "
                           + ", ".join(sites.site_words()) + ".",
                           json_schema_extra={"enum": sites.site_words()})
    side: Side = Field(description="The patient's side.")
    level: LevelWord | None = Field(None, description="Where along the limb it is centred "
                                    "(default: the site's usual span): "
                                    + ", ".join(sites.level_words()) + ".",
                                    json_schema_extra=sites.level_schema())
    extent: Extent = Field(Extent.MODERATE, description="How much of the muscle it occupies "
                           "(extensive also spreads into the neighbouring muscles).")
    maturity: float = Field(
        0.0,
        ge=0,
        le=1,
        description="0 = oedema without mineral, ~0.3 = early peripheral mineralisation, "
        "~0.6 = maturing bone with a forming cortex, 1 = mature corticated trabecular bone.",
    )
    bridging: Bridging = Field(Bridging.NONE, description="Bony bridge to the pelvis, the "
                               "femur, or both (across the joint: ankylosis).")
    vascular: bool = Field(False, description="An active, vascular, unmineralised focus at "
                           "the lesion's edge (colour Doppler flow).")
    age: BloodAge | None = Field(None, description="Haematoma only: acute, subacute or "
                                 "chronic (CT density and echoes change with age).")
    compresses: VeinWord | None = Field(None, description="A vein on the same side that the "
                                        "lesion presses on and narrows: "
                                        + ", ".join(veins.vein_words()) + ".",
                                        json_schema_extra={"enum": veins.vein_words()})

    @model_validator(mode="before")
    @classmethod
    def _nho_has_maturity(cls, data: object) -> object:
        """A forgotten maturity would silently draw oedema: NHO states it; a haematoma has
        none (its age says what it looks like)."""
        if (isinstance(data, dict) and data.get("kind", Kind.NHO) == Kind.NHO
                and "maturity" not in data):
            raise ValueError("an NHO lesion needs its maturity (0 = oedema without mineral, "
                             "~0.3 early mineral, ~0.6 maturing, 1 = mature bone)")
        return data

    @field_validator("compresses")
    @classmethod
    def _known_vein(cls, v: str | None) -> str | None:
        if v is not None:
            veins.segment(v)
        return v

    @model_validator(mode="after")
    def _kind_fields(self) -> Lesion:
        if self.kind == Kind.HAEMATOMA:
            if self.age is None:
                raise ValueError("a haematoma needs its age: acute, subacute or chronic")
            if self.maturity or self.bridging != Bridging.NONE or self.vascular:
                raise ValueError("maturity, bridging and vascular describe forming bone, not "
                                 "a haematoma (give a haematoma its age only)")
        elif self.age is not None:
            raise ValueError("age is for a haematoma (kind: haematoma); NHO has a maturity")
        return self

    @field_validator("site")
    @classmethod
    def _known_site(cls, v: str) -> str:
        sites.resolve(v)
        return v

    @field_validator("level")
    @classmethod
    def _known_level(cls, v: str | None) -> str | None:
        if v is not None and not sites.is_level(v):
            raise ValueError(f"{v!r} is not a level (levels: {', '.join(sites.level_words())}, "
                             "or a height such as -250mm)")
        return v


class Body(Strict):
    """Whose body: the measured female or male anatomy, and disuse after paralysis."""

    sex: Literal["female", "male"] = Field("female", description="Which measured body.")
    atrophy: float = Field(0.0, ge=0, le=1, description="Disuse muscle atrophy with fatty "
                           "infiltration after paralysis (0 none … 1 chronic, severe).")
    osteopenia: float = Field(0.0, ge=0, le=1, description="Disuse osteopenia: thinner "
                              "cortices, sparser trabeculae (0 none … 1 severe).")


class Thrombus(Strict):
    """A deep vein thrombosis filling one named segment of a vein."""

    vein: VeinWord = Field(description="Which vein segment: " + ", ".join(veins.vein_words())
                           + ".", json_schema_extra={"enum": veins.vein_words()})
    side: Side = Field(description="The patient's side.")
    age: ClotAge = Field(ClotAge.ACUTE, description="acute (distends the vein, hypoechoic) or "
                         "chronic (smaller, echogenic, with a thin channel of flow).")

    @field_validator("vein")
    @classmethod
    def _known_vein(cls, v: str) -> str:
        veins.segment(v)
        return v


class Scene(Strict):
    """One illustration: a view of a body with its lesions."""

    view: View = Field(description="Modality view to draw.")
    body: Body = Field(default_factory=Body, description="Sex and disuse of the body.")
    level: LevelWord = Field("femoral-head", description="Axial level (CT and SPECT axial "
                             "views) and probe position (ultrasound): "
                             + ", ".join(sites.level_words()) + ", or a height in mm from "
                             "the hip-joint centres such as -250mm.",
                             json_schema_extra=sites.level_schema())
    side: Side = Field(Side.RIGHT, description="Hip under the probe (ultrasound views), the "
                       "leg of a venogram or of a knee or femur radiograph, or the side shown "
                       "first.")
    contrast: bool = Field(False, description="CT after intravenous contrast.")
    doppler: bool = Field(False, description="Ultrasound with colour Doppler.")
    window: Window = Field(Window.SOFT_TISSUE, description="CT window preset.")
    phase: Phase = Field(Phase.DELAYED, description="Bone scan phase (planar views).")
    lesions: list[Lesion] = Field(default_factory=list, description="Lesions in the body.")
    thrombi: list[Thrombus] = Field(default_factory=list, description="Deep vein thromboses "
                                    "(drawn by ultrasound, CT and the venograms).")
    vein: VeinWord = Field("common-femoral", description="Vein under the probe (compression "
                           "ultrasound): " + ", ".join(veins.vein_words()) + ".",
                           json_schema_extra={"enum": veins.vein_words()})
    seed: int = Field(0, ge=0, description="Noise seed: the same scene gives the same bytes.")

    @field_validator("level")
    @classmethod
    def _known_level(cls, v: str) -> str:
        if not sites.is_level(v):
            raise ValueError(f"{v!r} is not a level (levels: {', '.join(sites.level_words())}, "
                             "or a height such as -250mm)")
        return v

    @field_validator("vein")
    @classmethod
    def _known_vein(cls, v: str) -> str:
        veins.segment(v)
        return v

    @model_validator(mode="after")
    def _lesions_apart(self) -> Scene:
        for i, les in enumerate(self.lesions, 1):
            if les.kind == Kind.HAEMATOMA and self.view not in HAEMATOMA_VIEWS:
                raise ValueError(f"lesion {i} is a haematoma, which {self.view} does not draw "
                                 "(draw it on " + ", ".join(HAEMATOMA_VIEWS) + ")")
        lesions_apart(self.lesions)
        return self


def lesions_apart(lesions: list[Lesion]) -> list[Lesion]:
    """Refuse two lesions at one site, side and level: one would be drawn inside the other and
    never be seen. A rule of every list of lesions (a scene's, the explorer's), so that it is
    found when the file is read, not when the picture is drawn."""
    seen: dict[tuple, int] = {}
    for i, les in enumerate(lesions, 1):
        key = (sites.resolve(les.site).name, les.side, les.level)
        if key in seen:
            raise ValueError(f"lesions {seen[key]} and {i} are the same site, side and "
                             "level: one would be drawn inside the other and never be "
                             "seen (merge them, or give one another level)")
        seen[key] = i
    return lesions
