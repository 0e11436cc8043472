"""Every question of the atlas in one list, with its home, its key and its content hash.

Quiz and case pages, unknown cases, the exam, the progress page, the handout and the exports
all walk this one list, so a question has the same storage key, home page, hotspot target and
hash wherever it appears. The hash changes when the question's content changes, which is how
a browser knows that a saved answer belongs to an older version of the question.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

from builder.atlas import Atlas
from builder.model import Case, Question
from builder.pictures import Picture
from builder.pictures.catalogue import picture_name, question_picture_name


@dataclass(frozen=True)
class Entry:
    """One question where it is authored: a topic quiz or a case."""

    scope: str
    """The quiz id or case id: questions are unique within it."""
    title: str
    page: str
    """Its home page, as a MkDocs source path ('quizzes/imaging.md', 'cases/….md')."""
    question: Question
    index: int
    """Its position in the file's question list (0-based), for file:line errors."""
    case: Case | None = None

    @property
    def key(self) -> str:
        return f"{self.scope}/{self.question.id}"

    @property
    def anchor(self) -> str:
        return f"q-{self.scope}-{self.question.id}"

    @property
    def topic(self) -> str:
        return self.question.topic or self.title

    @property
    def source(self) -> str:
        return f"case:{self.scope}" if self.case else f"quiz:{self.scope}"


def entries(atlas: Atlas) -> list[Entry]:
    """Topic quiz questions, then case questions, each in authored order."""
    out = [Entry(quiz.id, quiz.title, f"quizzes/{quiz.id}.md", q, i)
           for quiz in atlas.quizzes for i, q in enumerate(quiz.questions)]
    return out + [entry for case in atlas.cases for entry in case_entries(case)]


def case_entries(case: Case) -> list[Entry]:
    """One case's questions: its page and its unknown page read only these (not the whole
    bank, which would make a build quadratic in the number of cases)."""
    return [Entry(case.id, case.title, f"cases/{case.id}.md", q, i, case)
            for i, q in enumerate(case.questions)]


def content_hash(question: Question) -> str:
    """A short hash of everything the reader sees and is scored on."""
    return hashlib.sha256(question.model_dump_json().encode()).hexdigest()[:12]


# --- hotspots ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A hotspot's image and the polygon (image fractions) where a click is right."""

    picture: Picture
    alt: str
    polygon: list[tuple[float, float]]
    label: str


def hotspot_picture_name(atlas: Atlas, entry: Entry) -> str | None:
    """The picture a hotspot is asked on: its own scene, or the figure it names."""
    hotspot = entry.question.hotspot
    if hotspot.scene is not None:
        return question_picture_name(entry.scope, entry.question.id)
    found = atlas.figure(hotspot.figure, within=entry.case)
    return picture_name(found[0], found[2]) if found else None


def hotspot_target(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture]) -> Target | None:
    """Where a hotspot question is answered; None when its figure or lesion does not exist
    (the checks report that)."""
    hotspot = entry.question.hotspot
    name = hotspot_picture_name(atlas, entry)
    if name is None or name not in pictures:
        return None
    picture = pictures[name]
    alt = hotspot.alt if hotspot.alt is not None else \
        atlas.figure(hotspot.figure, within=entry.case)[2].alt
    if hotspot.region.lesion is None:
        polygon = hotspot.region.outline()
    elif hotspot.region.lesion <= len(picture.regions):
        polygon = [tuple(p) for p in picture.regions[hotspot.region.lesion - 1]["polygon"]]
    else:  # the checks report a lesion the scene does not have
        return None
    return Target(picture, alt, polygon, hotspot.label)
