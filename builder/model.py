"""The atlas' content model: what a case record and the atlas-wide data may contain.

The models are the single definition of the authoring format: the loader validates YAML
against them, the JSON Schema that editors use is generated from them, and every page is
rendered from them. ``extra="forbid"`` everywhere so that a misspelt field is an error, not
a silently ignored line.
"""
from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from builder.illustrate.scene import Lesion, Scene, Window
from builder.sanitize import escape_markup

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    Field(description="Lower-case letters, digits and hyphens, e.g. 'case-01'."),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(escape_markup)
]
"""Authored Markdown; raw HTML in it is shown as text, never run (see builder.sanitize)."""
RefKey = Annotated[str, Field(description="Key of an entry in content/data/references.yaml.")]


class Record(BaseModel):
    """Base of every authored record: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


# --- time --------------------------------------------------------------------------------


class When(Record):
    """A time since the injury."""

    months: float = Field(ge=0, le=600, description="Months since the injury (0.5 = 2 weeks).")
    approx: bool = Field(False, description="True where the source gives the time only roughly.")
    note: Text | None = Field(None, description="What the source says about this time, verbatim "
                             "in substance, where it is vague or inconsistent.")

    @property
    def label(self) -> str:
        m = self.months
        text = f"{m:g} month" + ("" if m == 1 else "s")
        if m < 1:
            text = f"{round(m * 52 / 12):d} weeks"
        return ("about " if self.approx else "") + text


# --- patient and injury ------------------------------------------------------------------


class InjuryKind(StrEnum):
    SCI = "SCI"
    TBI = "TBI"
    ABI = "ABI"
    SPINAL_FRACTURE = "spinal fracture"
    STROKE = "stroke"
    OTHER = "other"


class Patient(Record):
    """A de-identified patient summary: an age band and sex, never an identifier."""

    age_group: Literal[
        "child", "adolescent", "young adult", "adult", "middle-aged", "older adult"
    ] = Field(description="Age band as the source words it.")
    sex: Literal["female", "male", "not stated"] = Field(description="Sex as reported.")


class Injury(Record):
    """The neurological injury that preceded the NHO."""

    kind: list[InjuryKind] = Field(min_length=1, description="Kinds of injury, e.g. [TBI, SCI].")
    level: Text | None = Field(None, description="Neurological or skeletal level, e.g. 'T1'.")
    asia: Literal["A", "B", "C", "D", "E"] | None = Field(
        None, description="ASIA Impairment Scale grade, where known."
    )
    cause: Text | None = Field(None, description="Mechanism, e.g. 'road traffic collision'.")
    summary: Text = Field(description="One or two sentences on the injury and its consequences.")


# --- imaging -----------------------------------------------------------------------------


class Annotation(Record):
    """A mark drawn over a figure: fractions of the image's width and height (0..1)."""

    shape: Literal["ellipse", "arrow", "polygon"] = Field(description="What to draw.")
    at: tuple[float, float] = Field(description="Centre (ellipse) or tip (arrow).")
    size: tuple[float, float] | None = Field(None, description="Ellipse radii as fractions.")
    points: list[tuple[float, float]] | None = Field(None, description="Polygon vertices.")
    label: Text = Field(description="What the mark shows, also read out by screen readers.")


class Provenance(Record):
    """Where a real image comes from; the build refuses a real image without it."""

    source: Text = Field(description="Who made the image and where it was published or held.")
    licence: Text = Field(description="Licence that allows its use here, e.g. 'CC BY 4.0'.")
    deidentified_with_consent: Literal[True] = Field(
        description="true states that the image is de-identified and that the patient "
        "consented to its use for teaching.")
    deidentification: Text | None = Field(
        None, description="What was removed, e.g. by 'atlas import-dicom --deidentify'.")


class Figure(Record):
    """One published figure panel, drawn from a scene or shown from a real image."""

    id: Slug = Field(description="Unique within the case, e.g. 'fig2a'.")
    number: Text = Field(description="The figure's number as the source prints it, e.g. '2a'.")
    caption: Text = Field(description="What the figure shows, in the atlas' own words.")
    alt: Text = Field(description="Alternative text for readers who cannot see the image.")
    scene: Scene | None = Field(None, description="Simulated illustration to draw.")
    image: str | None = Field(None, description="A real image (PNG, JPEG, WebP or DICOM) under "
                              "images/, e.g. 'images/case-03/fig1a.jpg'.")
    provenance: Provenance | None = Field(None, description="Required with 'image'.")
    window: Window | None = Field(None, description="Window preset for a DICOM CT image.")
    annotations: list[Annotation] = Field(default_factory=list, description="Overlay marks.")

    @model_validator(mode="after")
    def _one_source(self) -> Figure:
        if (self.scene is None) == (self.image is None):
            raise ValueError("give either 'scene' (an illustration) or 'image' (a file), "
                             "exactly one")
        if self.image is not None and self.provenance is None:
            raise ValueError("a real image needs 'provenance' (source, licence, "
                             "deidentified_with_consent: true)")
        return self

    @property
    def simulated(self) -> bool:
        return self.image is None


class Study(Record):
    """One imaging examination at one time point."""

    id: Slug = Field(description="Unique within the case, e.g. 'ct-1m'.")
    at: When = Field(description="Time since the injury.")
    modality: str = Field(description="Modality id from content/data/modalities.yaml, e.g. 'CT'.")
    region: Text = Field(description="Body region examined, e.g. 'pelvis'.")
    reason: Text = Field(description="Why the study was ordered.")
    findings: Text = Field(description="What the study showed, in the atlas' own words.")
    recognised: bool = Field(True, description="False where NHO was visible but missed then.")
    figures: list[Figure] = Field(default_factory=list, description="Figures from this study.")


class Event(Record):
    """A clinical event on the timeline that is not an imaging study."""

    at: When = Field(description="Time since the injury.")
    label: Text = Field(description="Short text shown on the timeline.")
    detail: Text | None = Field(None, description="Longer explanation for the case page.")


class Treatment(Record):
    """A course of treatment, drawn as a bar on the timeline."""

    name: Text = Field(description="Drug or intervention, e.g. 'etidronate'.")
    start: When = Field(description="When the course began.")
    weeks: float = Field(gt=0, le=520, description="Duration in weeks.")
    response: Text = Field(description="How the NHO responded, as the source reports it.")

    @property
    def end_months(self) -> float:
        return self.start.months + self.weeks * 12 / 52


# --- questions ---------------------------------------------------------------------------


class Option(Record):
    text: Text = Field(description="The option as the reader sees it.")
    correct: bool = Field(False, description="True for a right answer.")
    feedback: Text = Field(description="Why this option is right or wrong.")


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true-false"
    HOTSPOT = "hotspot"
    ORDERING = "ordering"


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE)
LESION_REGION = re.compile(r"^lesion\s+(\d+)$")


def _lesion_shorthand(value: object) -> object:
    """``region: lesion 2`` is short for ``{shape: lesion, lesion: 2}``."""
    if isinstance(value, str):
        match = LESION_REGION.match(value.strip())
        if not match:
            raise ValueError(f"{value!r} is not a region: write 'lesion N' (the Nth lesion of "
                             "the scene) or a mapping with shape: ellipse or polygon")
        return {"shape": "lesion", "lesion": int(match.group(1))}
    return value


class HotspotRegion(Record):
    """Where a hotspot answer is right: fractions of the image's width and height (0..1), or
    the outline the illustration derives for one lesion of its scene."""

    shape: Literal["ellipse", "polygon", "lesion"] = Field(
        description="ellipse (at + size), polygon (points) or lesion (lesion: N).")
    at: tuple[float, float] | None = Field(None, description="Ellipse centre, as fractions.")
    size: tuple[float, float] | None = Field(None, description="Ellipse radii, as fractions.")
    points: list[tuple[float, float]] | None = Field(None, description="Polygon vertices.")
    lesion: int | None = Field(None, ge=1, description="The Nth lesion of the figure's scene "
                               "(1 = the first listed); its derived outline is the region.")

    @model_validator(mode="after")
    def _fits_shape(self) -> HotspotRegion:
        need = {"ellipse": ("at", "size"), "polygon": ("points",), "lesion": ("lesion",)}
        for name in need[self.shape]:
            if getattr(self, name) is None:
                raise ValueError(f"a {self.shape} region needs '{name}'")
        if self.shape == "polygon" and len(self.points or []) < 3:
            raise ValueError("a polygon region needs at least 3 points")
        if self.shape == "ellipse" and min(self.size or (1, 1)) <= 0:
            raise ValueError("an ellipse region needs radii greater than 0")
        for x, y in self.outline():
            if not (0 <= x <= 1 and 0 <= y <= 1):
                raise ValueError(f"the region leaves the image at ({x:.3g}, {y:.3g}): "
                                 "coordinates are fractions of the width and height, 0..1")
        return self

    def outline(self, steps: int = 48) -> list[tuple[float, float]]:
        """The region as a polygon in image fractions; empty for a lesion (the picture has it)."""
        if self.shape == "polygon":
            return [tuple(p) for p in self.points or []]
        if self.shape == "ellipse" and self.at and self.size:
            (cx, cy), (rx, ry) = self.at, self.size
            return [(cx + rx * math.cos(t * math.tau / steps),
                     cy + ry * math.sin(t * math.tau / steps)) for t in range(steps)]
        return []


class Hotspot(Record):
    """An image the reader clicks: a figure of the case, or a scene of its own."""

    figure: str | None = Field(None, description="A figure of this case ('fig3a'), or of any "
                               "case as 'case-id/figure-id'.")
    scene: Scene | None = Field(None, description="An illustration drawn for this question.")
    alt: Text | None = Field(None, description="Alternative text; required with 'scene' "
                             "(a figure brings its own).")
    region: Annotated[HotspotRegion, BeforeValidator(
        _lesion_shorthand, json_schema_input_type=Annotated[
            str, Field(pattern=LESION_REGION.pattern)] | HotspotRegion)] = Field(
        description="Where a click is right: 'lesion N', or {shape: ellipse, at, size}, or "
        "{shape: polygon, points}, in fractions of the image (0..1).")
    label: Text = Field(description="What the region is, e.g. 'the heterotopic bone in front "
                        "of the right hip'; shown and read out after answering.")

    @model_validator(mode="after")
    def _one_image(self) -> Hotspot:
        if (self.figure is None) == (self.scene is None):
            raise ValueError("give either 'figure' (a figure of the case) or 'scene', "
                             "exactly one")
        if self.scene is not None and self.alt is None:
            raise ValueError("a hotspot with its own 'scene' needs 'alt' text")
        if self.scene is not None and self.region.lesion and \
                self.region.lesion > len(self.scene.lesions):
            raise ValueError(f"region 'lesion {self.region.lesion}': the scene has only "
                             f"{len(self.scene.lesions)} lesion(s)")
        return self


class Question(Record):
    """A self-test question with feedback and an explanation that points to the evidence."""

    id: Slug = Field(description="Unique within its case or quiz file.")
    kind: QuestionKind = Field(description="single, multiple, true-false, hotspot or ordering.")
    stem: Text = Field(description="The question.")
    options: list[Option] = Field(default_factory=list, description="The choices (single, "
                                  "multiple and true-false questions).")
    items: list[Text] = Field(default_factory=list, validate_default=True, description=(
        "Ordering questions: the items in their right order (the page shuffles them)."))
    hotspot: Hotspot | None = Field(None, validate_default=True, description=(
        "Hotspot questions: the image to click and the region that is right."))
    explanation: Text = Field(description="The evidence: cite with [@key], link figures.")
    references: list[RefKey] = Field(min_length=1, description="Keys of the sources that "
                                     "support the answer, e.g. [mccormack2019].")
    topic: Text | None = Field(None, description="Topic for the per-topic score breakdown.")
    step: Slug | None = Field(None, description="Case questions: the id of the study this "
                              "question belongs to, asked at that step of the unknown case.")

    @field_validator("items")
    @classmethod
    def _items_fit_kind(cls, items: list[str], info: ValidationInfo) -> list[str]:
        kind = info.data.get("kind")
        if kind is QuestionKind.ORDERING and len(items) < 2:
            raise ValueError(f"an ordering question needs at least 2 items, found {len(items)}")
        if kind is not None and kind is not QuestionKind.ORDERING and items:
            raise ValueError(f"'items' belong to ordering questions, not to {kind.value}")
        if len(set(items)) != len(items):
            raise ValueError("the items of an ordering question must differ")
        return items

    @field_validator("hotspot")
    @classmethod
    def _hotspot_fits_kind(cls, hotspot: Hotspot | None, info: ValidationInfo) -> Hotspot | None:
        kind = info.data.get("kind")
        if kind is QuestionKind.HOTSPOT and hotspot is None:
            raise ValueError("a hotspot question needs 'hotspot' (figure or scene, region, "
                             "label)")
        if kind is not None and kind is not QuestionKind.HOTSPOT and hotspot is not None:
            raise ValueError(f"'hotspot' belongs to hotspot questions, not to {kind.value}")
        return hotspot

    @model_validator(mode="after")
    def _answers_fit_kind(self) -> Question:
        if self.kind not in CHOICE_KINDS:
            if self.options:
                raise ValueError(f"a {self.kind.value} question has no 'options'")
            return self
        right = sum(o.correct for o in self.options)
        options = [o.text for o in self.options]
        if len(options) < 2:
            raise ValueError(f"a {self.kind.value} question needs at least 2 options")
        if self.kind is QuestionKind.TRUE_FALSE and options != ["True", "False"]:
            raise ValueError("a true-false question has exactly the options 'True', 'False'")
        if self.kind is QuestionKind.MULTIPLE:
            if right < 1:
                raise ValueError("a multiple-select question needs at least one correct option")
        elif right != 1:
            raise ValueError(f"a {self.kind.value} question needs exactly one correct option,"
                             f" found {right}")
        return self


# --- the case ----------------------------------------------------------------------------


class Case(Record):
    """One documented case: who, what injury, what imaging when, what treatment, what outcome."""

    id: Slug = Field(description="Unique across the atlas; also the page's file name.")
    title: Text = Field(description="Page title, e.g. 'Pelvic NHO after traumatic brain injury'.")
    source: Text = Field(description="Where the case comes from, e.g. 'Case study 1 of "
                         "[@mccormack2019]'.")
    summary: Text = Field(description="A paragraph that introduces the case.")
    patient: Patient
    injury: Injury
    presentation: list[Text] = Field(min_length=1, description="Presenting features.")
    follow_up: When = Field(description="The last time point the source reports.")
    studies: list[Study] = Field(min_length=1, description="Imaging studies in time order.")
    events: list[Event] = Field(default_factory=list, description="Other timeline events.")
    treatments: list[Treatment] = Field(default_factory=list, description="Treatment courses.")
    outcome: Text = Field(description="How the case ended, as far as the source reports.")
    discrepancies: list[Text] = Field(
        default_factory=list, description="Where the source contradicts itself, and how."
    )
    teaching_points: list[Text] = Field(min_length=1, description="What the case teaches.")
    unknown_intro: Text | None = Field(
        None, description="What a reader studying the case as an unknown is told at the start, "
        "in place of the presentation, when the presentation gives the diagnosis away.")
    references: list[RefKey] = Field(min_length=1, description="Reference keys for the case.")
    questions: list[Question] = Field(default_factory=list, description="Questions on the case.")


# --- atlas-wide data ---------------------------------------------------------------------


class Modality(Record):
    """What one imaging modality shows of NHO and where it fits, as the sources state."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")] = Field(
        description="Short id used by studies, e.g. 'CT'."
    )
    slug: Slug = Field(description="Page file name, e.g. 'ct'.")
    name: Text = Field(description="Full name, e.g. 'Computed tomography'.")
    marker: Literal["circle", "square", "triangle", "diamond", "star"] = Field(
        description="Timeline marker shape, so colour is never the only signal."
    )
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="Marker colour, e.g. '#1f5fa8'.")
    appearance: Text = Field(description="What NHO looks like on this modality.")
    earliest: Text = Field(description="When NHO becomes visible on it.")
    earliest_months: float = Field(ge=0, description="Approximate month NHO becomes detectable.")
    sensitivity: Text = Field(description="How sensitive it is, as the sources put it.")
    cost: Text = Field(description="Cost and availability.")
    radiation: Text = Field(description="Ionising radiation dose, qualitatively.")
    role: Text = Field(description="Its place in the diagnostic pathway.")
    stages: dict[Literal["early", "mineralising", "maturing", "mature"], Text] = Field(
        description="What it shows at each stage of maturation."
    )
    references: list[RefKey] = Field(min_length=1, description="Where these facts come from.")


class Reference(Record):
    """One bibliography entry."""

    key: Slug = Field(description="Citation key, cited in text as [@key].")
    authors: Text = Field(description="Authors as in the source, e.g. 'Garland D'.")
    year: int = Field(ge=1800, le=2100)
    title: Text
    journal: Text | None = Field(None, description="Journal or publisher.")
    details: Text | None = Field(None, description="Volume(issue):pages.")
    doi: Annotated[str, Field(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, Field(pattern=r"^\d+$")] | None = None
    url: Annotated[str, Field(pattern=r"^https://")] | None = None
    origin: Literal["review", "cited by the review", "additional"] = Field(
        description="The review itself, one of its references, or a source the atlas adds."
    )


class GlossaryTerm(Record):
    term: Text = Field(description="The abbreviation or term, e.g. 'NHO'.")
    expansion: Text = Field(description="What it stands for, shown as a tooltip.")
    definition: Text = Field(description="A sentence for the glossary page.")


class KeyPoint(Record):
    id: Slug
    text: Text = Field(description="The key point, in the atlas' own words.")
    cases: list[Slug] = Field(default_factory=list, description="Case ids that illustrate it.")
    figures: list[str] = Field(default_factory=list, description="'case-id/figure-id' entries.")
    references: list[RefKey] = Field(default_factory=list)


class Quiz(Record):
    """A topic quiz file under content/data/quizzes/."""

    id: Slug
    title: Text
    intro: Text | None = None
    questions: list[Question] = Field(min_length=1)


class Stage(StrEnum):
    """Stages of maturation, as the modality data describes them."""

    EARLY = "early"
    MINERALISING = "mineralising"
    MATURING = "maturing"
    MATURE = "mature"


class ExplorerStep(Record):
    at: When = Field(description="Time since injury shown at this step.")
    stage: Stage = Field(description="Stage of maturation at that time.")
    maturity: float = Field(ge=0, le=1, description="Lesion maturity drawn at this step.")
    note: Text = Field(description="What is happening in the tissue then, with its source.")


class Explorer(Record):
    """The stage × modality explorer: one lesion, drawn by every modality at every step."""

    title: Text
    intro: Text
    lesions: list[Lesion] = Field(min_length=1, description="The lesion(s) every view draws; "
                                  "each step replaces their maturity with its own.")
    views: dict[str, Scene] = Field(description="Modality id → the view that draws it.")

    def scene(self, modality: str, step: ExplorerStep) -> Scene:
        """The scene for one modality at one step: the view with the lesions at that maturity."""
        lesions = [lesion.model_copy(update={"maturity": step.maturity}) for lesion in self.lesions]
        return self.views[modality].model_copy(update={"lesions": lesions})
    steps: list[ExplorerStep] = Field(min_length=2)
    references: list[RefKey] = Field(min_length=1)
