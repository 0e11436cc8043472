"""Questions: the kinds a reader can answer, with feedback and the evidence behind them."""
from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from builder.illustrate.scene import Scene
from builder.model.base import Record, RefKey, Slug, Text
from builder.questions.kinds import ANSWER_FIELDS, KINDS


class Option(Record):
    text: Text = Field(description="The option as the reader sees it.")
    correct: bool = Field(False, description="True for a right answer.")
    feedback: Text = Field(description="Why this option is right or wrong.")


def _joined(words: list[str], conjunction: str) -> str:
    """'a, b and c'."""
    return f" {conjunction} ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)


QuestionKind = StrEnum("QuestionKind", {name.upper().replace("-", "_"): name for name in KINDS})
"""The kinds of question: one module each in builder/questions/kinds/."""
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
    kind: QuestionKind = Field(description=_joined(list(KINDS), "or") + ".")
    stem: Text = Field(description="The question.")
    options: list[Option] = Field(default_factory=list, validate_default=True, description=(
        "The choices (single, multiple and true-false questions)."))
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

    @field_validator(*ANSWER_FIELDS)
    @classmethod
    def _answer_fits_kind(cls, value: object, info: ValidationInfo) -> object:
        """A kind's answer field follows its rules; the other answer fields stay empty."""
        name = info.data.get("kind")
        if name is None:  # the kind itself is wrong, and reported
            return value
        kind = KINDS[name]
        if info.field_name == kind.answer:
            kind.check_answer(value)
        elif value:
            users = [k.name for k in KINDS.values() if k.answer == info.field_name]
            raise ValueError(f"{_a(name)} {name} question has no '{info.field_name}' "
                             f"('{info.field_name}' belong to {_joined(users, 'and')} questions)")
        return value

    @model_validator(mode="after")
    def _question_fits_kind(self) -> Question:
        KINDS[self.kind].check(self)
        return self


def _a(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


