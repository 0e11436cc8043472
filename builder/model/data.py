"""Atlas-wide records: modalities, references, glossary, key points, quizzes, the explorer,
the differential page."""
from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from builder.illustrate.scene import Lesion, Scene, View, lesions_apart
from builder.markup.tooltips import glossary_term, one_line
from builder.model.base import Record, RefKey, Slug, Text, rule_error
from builder.model.question import Question
from builder.model.time import Time

MARKERS = ("circle", "square", "triangle", "diamond", "star", "triangle-down", "pentagon",
           "hexagon", "cross")
"""Timeline marker shapes; each modality has its own, so colour is never the only signal."""

DOI_PATTERN = r"^10\.\d{4,9}/[-._;()/:%A-Za-z0-9]+$"
"""Crossref's pattern for modern DOIs (with '%' for the rest, percent-encoded)."""
URL_PATTERN = r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?([/?#][-A-Za-z0-9._~:/?#@!$&*+,;=%]*)?$"
"""An http(s) URL of RFC 3986's characters, less quotes, brackets and parentheses, which
could end a Markdown link or an attribute."""


class Modality(Record):
    """What one imaging modality shows of NHO and where it fits, as the sources state.

    A modality needs only an id, a name, a marker of its own and its sources; the atlas draws
    it only where ``views`` names the illustration views that can, and shows every other
    figure of it from a real image or as "no picture available".
    """

    id: Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9-]*$")] = Field(
        description="Short id used by studies, e.g. 'CT'."
    )
    slug: Slug = Field(description="Page file name, e.g. 'ct'.")
    name: Text = Field(description="Full name, e.g. 'Computed tomography'.")
    marker: Literal[MARKERS] = Field(description="Timeline marker shape, not used by another "
                                     "modality, so colour is never the only signal.")
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = Field(
        description="Marker colour, e.g. '#1f5fa8'.")
    views: list[View] = Field(default_factory=list, description="The illustration views that "
                              "draw it, e.g. [ct-axial]; leave out when the atlas cannot draw it.")
    detectable_from: Time | None = Field(None, description="When NHO usually becomes visible "
                                         "on it, e.g. {weeks: 5, approx: true}; "
                                         "{not_reported: true} where no source says.")
    earliest_months: float | None = Field(None, ge=0, description="Short for detectable_from: "
                                          "{months: N, approx: true}.")
    appearance: Text | None = Field(None, description="What NHO looks like on this modality.")
    earliest: Text | None = Field(None, description="When NHO becomes visible on it, in words.")
    sensitivity: Text | None = Field(None, description="How sensitive it is, as the sources "
                                     "put it.")
    cost: Text | None = Field(None, description="Cost and availability.")
    radiation: Text | None = Field(None, description="Ionising radiation dose, qualitatively.")
    role: Text | None = Field(None, description="Its place in the diagnostic pathway.")
    stages: dict[Literal["early", "mineralising", "maturing", "mature"], Text] = Field(
        default_factory=dict, description="What it shows at each stage of maturation."
    )
    references: list[RefKey] = Field(min_length=1, description="Where these facts come from.")

    @model_validator(mode="after")
    def _one_window(self) -> Modality:
        if (self.detectable_from is None) == (self.earliest_months is None):
            raise rule_error("give detectable_from once" if self.detectable_from else
                             "detectable_from is missing", "when NHO becomes visible on it, "
                             "e.g. {weeks: 5, approx: true}, or {not_reported: true}")
        return self

    @property
    def detection(self) -> Time:
        """When NHO becomes detectable on it, however the record wrote it."""
        return self.detectable_from or Time(months=self.earliest_months, approx=True)


class Reference(Record):
    """One bibliography entry: a title, and what identifies it (a DOI, PMID, address or
    journal); authors and year where the source record gives them."""

    key: Slug = Field(description="Citation key, cited in text as [@key].")
    authors: Text | None = Field(None, description="Authors as in the source, e.g. 'Garland D'; "
                                 "leave out when the record of the source gives none.")
    year: int | None = Field(None, ge=1800, le=2100, description="Year of publication.")
    title: Text
    journal: Text | None = Field(None, description="Journal or publisher.")
    details: Text | None = Field(None, description="Volume(issue):pages.")
    doi: Annotated[str, Field(pattern=DOI_PATTERN, max_length=300)] | None = Field(
        None, description="the DOI alone, e.g. 10.1038/sc.1993.105: letters, digits and "
        "-._;()/:% only")
    pmid: Annotated[str, Field(pattern=r"^\d+$")] | None = None
    url: Annotated[str, Field(pattern=URL_PATTERN, max_length=2000)] | None = Field(
        None, description="an http(s) address, e.g. https://example.org/paper, with no "
        "spaces, quotes, brackets or <>")
    origin: Literal["review", "cited by the review", "additional"] = Field(
        description="The review itself, one of its references, or a source the atlas adds."
    )

    @model_validator(mode="after")
    def _identified(self) -> Reference:
        if not (self.doi or self.pmid or self.url or self.journal):
            raise rule_error("the reference cannot be found from what is given",
                             "add its doi, pmid or url, or the journal")
        return self


class GlossaryTerm(Record):
    term: Annotated[str, AfterValidator(glossary_term)] = Field(
        description="The abbreviation or term, e.g. 'NHO': one line of letters, digits, "
        "spaces and - / . ' ( ) +.")
    expansion: Annotated[Text, AfterValidator(one_line)] = Field(
        description="What it stands for, on one line, shown as a tooltip.")
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
    at: Time = Field(description="Time since injury shown at this step.")
    stage: Stage = Field(description="Stage of maturation at that time.")
    maturity: float = Field(ge=0, le=1, description="Lesion maturity drawn at this step.")
    note: Text = Field(description="What is happening in the tissue then, with its source.")
    views: dict[str, Scene] = Field(default_factory=dict, description=(
        "Modality id → a view this step draws instead of the explorer's (e.g. the "
        "blood-pool phase of a bone scan, where the earliest sign shows)."))


class Explorer(Record):
    """The stage × modality explorer: one lesion, drawn by every modality at every step."""

    title: Text
    intro: Text
    lesions: Annotated[list[Lesion], AfterValidator(lesions_apart)] = Field(
        min_length=1, description="The lesion(s) every view draws; each step replaces their "
        "maturity with its own.")
    views: dict[str, Scene] = Field(description="Modality id → the view that draws it.")

    def scene(self, modality: str, step: ExplorerStep) -> Scene:
        """The scene for one modality at one step: the view with the lesions at that maturity."""
        lesions = [lesion.model_copy(update={"maturity": step.maturity}) for lesion in self.lesions]
        view = step.views.get(modality, self.views[modality])
        return view.model_copy(update={"lesions": lesions})
    steps: list[ExplorerStep] = Field(min_length=2)
    references: list[RefKey] = Field(min_length=1)


class Panel(Record):
    """One simulated picture of the differential page: its scene and its words."""

    scene: Scene = Field(description="What to draw (as a figure's scene).")
    caption: Text = Field(description="What the picture shows, cited where it states a fact.")
    alt: Text = Field(description="Alt text: what the picture shows, for a screen reader.")


class Comparison(Record):
    """One modality, two pictures: the thrombosis and the NHO side by side."""

    modality: str = Field(description="Modality id (content/data/modalities.yaml); the "
                          "scenes' views must be among its views.")
    title: Text = Field(description="Heading of the row, e.g. 'Compression ultrasound'.")
    dvt: Panel = Field(description="The deep vein thrombosis.")
    nho: Panel = Field(description="The heterotopic ossification.")
    note: Text | None = Field(None, description="What tells them apart on this modality.")


class Differential(Record):
    """The page that sets deep vein thrombosis and NHO side by side on each modality."""

    title: Text
    intro: Text
    points: list[Text] = Field(min_length=1, description="What the review and its sources "
                               "say about telling them apart, each cited.")
    rows: list[Comparison] = Field(min_length=1)
    references: list[RefKey] = Field(min_length=1)

