"""A documented case: who, what injury, what imaging when, what treatment, what outcome."""
from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from builder.illustrate.scene import Scene, Window
from builder.model.base import Record, RefKey, Slug, Text, rule_error
from builder.model.question import Question
from builder.model.shape import check_shape, outline
from builder.model.time import Duration, Time, When


class InjuryKind(StrEnum):
    SCI = "SCI"
    TBI = "TBI"
    ABI = "ABI"
    SPINAL_FRACTURE = "spinal fracture"
    STROKE = "stroke"
    OTHER = "other"


AGE_BANDS = {
    "child": "under 13", "adolescent": "13 to 17", "young adult": "18 to 39",
    "middle-aged": "40 to 64", "older adult": "65 or over",
    "adult": "18 or over, where the source says no more",
    "not stated": "the source gives no age",
}
"""Each age band and the ages it covers: a band, never an exact age."""


class Patient(Record):
    """A de-identified patient summary: an age band and sex, never an identifier."""

    age_group: Literal[
        "child", "adolescent", "young adult", "adult", "middle-aged", "older adult",
        "not stated",
    ] = Field(description="Age band, never an exact age: " + "; ".join(
        f"{band} = {ages}" for band, ages in AGE_BANDS.items()) + ".")
    sex: Literal["female", "male", "not stated"] = Field(description="Sex as reported.")

    @property
    def described(self) -> str:
        """'young adult, male'; 'age not stated, sex not stated'."""
        age = "age not stated" if self.age_group == "not stated" else self.age_group
        return f"{age}, {'sex not stated' if self.sex == 'not stated' else self.sex}"


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

    @model_validator(mode="after")
    def _fits_shape(self) -> Annotation:
        check_shape(self.shape, self.size, self.points)
        return self

    def outline(self) -> list[tuple[float, float]]:
        """The mark as a polygon in image fractions: an arrow is a short shaft ending at its
        tip, coming in from the upper right."""
        if self.shape == "arrow":
            return [(self.at[0] + 0.08, self.at[1] - 0.08), self.at]
        return outline(self.shape, self.at, self.size, self.points, steps=24)


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
    alt: Text | None = Field(None, description="Alternative text for readers who cannot see "
                             "the picture; required with 'scene' or 'image'.")
    scene: Scene | None = Field(None, description="Simulated illustration to draw.")
    image: str | None = Field(None, description="A real image (PNG, JPEG, WebP or DICOM) under "
                              "images/, e.g. 'images/case-03/fig1a.jpg'.")
    no_picture: bool = Field(False, description="True while the atlas has neither an "
                             "illustration nor a real image of it: the page shows 'No picture "
                             "available' with the caption.")
    provenance: Provenance | None = Field(None, description="Required with 'image'.")
    window: Window | None = Field(None, description="Window preset for a DICOM CT image.")
    annotations: list[Annotation] = Field(default_factory=list, description="Overlay marks.")

    @model_validator(mode="after")
    def _one_source(self) -> Figure:
        given = [name for name in ("scene", "image", "no_picture") if getattr(self, name)]
        if len(given) != 1:
            if given:
                raise rule_error(f"the figure has both {given[0]} and {given[1]}",
                                 "keep one of them")
            raise rule_error("the figure has no picture", "give scene (an illustration), "
                             "image (a file), or no_picture: true while there is neither")
        if self.image is not None and self.provenance is None:
            raise ValueError("a real image needs 'provenance' (source, licence, "
                             "deidentified_with_consent: true)")
        if self.alt is None and not self.no_picture:
            raise rule_error("a figure with a picture needs 'alt'",
                             "add alt: what the picture shows, for readers who cannot see it")
        return self

    @property
    def simulated(self) -> bool:
        return self.scene is not None

    @property
    def has_picture(self) -> bool:
        return not self.no_picture


class Study(Record):
    """One imaging examination at one time point."""

    id: Slug = Field(description="Unique within the case, e.g. 'ct-1m'.")
    at: When = Field(description="Time since the injury.")
    modality: str = Field(description="Modality id from content/data/modalities.yaml, e.g. 'CT'.")
    region: Text = Field(description="Body region examined, e.g. 'pelvis'.")
    reason: Text = Field(description="Why the study was ordered.")
    findings: Text = Field(description="What the study showed, in the atlas' own words; where "
                           "it was read differently at the time, the later reading.")
    read_at_the_time: Text | None = Field(
        None, description="The report as it was read when the study was done, where the source "
        "says it was read differently then (e.g. as deep vein thrombosis). The unknown-case page "
        "shows only this until the reveal.")
    recognised: bool = Field(True, description="False where NHO was visible but missed then.")
    figures: list[Figure] = Field(default_factory=list, description="Figures from this study.")


class Event(Record):
    """A clinical event on the timeline that is not an imaging study."""

    id: Slug | None = Field(None, description="Optional: lets another item say after: or "
                            "before: this event.")
    at: When = Field(description="Time since the injury.")
    label: Text = Field(description="Short text shown on the timeline.")
    detail: Text | None = Field(None, description="Longer explanation for the case page.")


class AdverseEvent(Record):
    """A complication of a course of treatment, such as bleeding on an anticoagulant."""

    id: Slug | None = Field(None, description="Optional: lets another item say after: or "
                            "before: it.")
    onset: Duration = Field(description="Time from the start of the course, e.g. {days: 4}; "
                            "{not_reported: true} where the source does not say.")
    what: Text = Field(description="What happened, as it was seen then, in a few words: the "
                       "timeline's label.")
    detail: Text | None = Field(None, description="More on it, for the case page.")


class Treatment(Record):
    """A course of treatment, drawn as a bar on the timeline."""

    id: Slug | None = Field(None, description="Optional: lets another item say after: or "
                            "before: this course (its start).")
    name: Text = Field(description="Drug or intervention, e.g. 'etidronate'.")
    start: When = Field(description="When the course began.")
    duration: Duration | None = Field(None, description="How long it lasted, e.g. {days: 4} "
                                      "or {weeks: 12}; {not_reported: true} if not given.")
    weeks: float | None = Field(None, gt=0, le=520, description="Short for duration: "
                                "{weeks: N}.")
    response: Text = Field(description="How the NHO responded, as the source reports it.")
    adverse_events: list[AdverseEvent] = Field(
        default_factory=list, description="Complications of the course, each with its onset.")

    @model_validator(mode="after")
    def _one_duration(self) -> Treatment:
        if (self.duration is None) == (self.weeks is None):
            raise rule_error("give the course's duration once" if self.duration else
                             "the course has no duration", "write duration: {weeks: 12}, "
                             "{days: 4}, or {not_reported: true}")
        return self

    @property
    def length(self) -> Duration:
        return self.duration or Duration(weeks=self.weeks)


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
    follow_up: Time = Field(description="The last time point the source reports.")
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

