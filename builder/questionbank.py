"""Every question of the atlas in one list, with its home, its key and its content hash.

Quiz and case pages, unknown cases, the exam, the progress page, the handout and the exports
all walk this one list, so a question has the same storage key, home page, hotspot target and
hash wherever it appears. The hash changes when the question's content changes, which is how
a browser knows that a saved answer belongs to an older version of the question.
"""
from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from builder.errors import AtlasError
from builder.illustrate.scene import Scene
from builder.images import Picture
from builder.load import Atlas
from builder.model import Case, Question, QuestionKind
from builder.questioncheck import figure_ref


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


def shown_order(question: Question) -> list[int]:
    """The order an ordering question shows its items in: shuffled, never already right."""
    order = list(range(len(question.items)))
    rng = random.Random(int(hashlib.sha256(question.id.encode()).hexdigest()[:16], 16))
    while order == sorted(order):
        rng.shuffle(order)
    return order


# --- hotspots ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A hotspot's image and the polygon (image fractions) where a click is right."""

    picture: Picture
    alt: str
    polygon: list[tuple[float, float]]
    label: str


def hotspot_picture_name(atlas: Atlas, entry: Entry) -> str:
    from builder.pages.figure import picture_name  # figure lists our sources: import late

    hotspot = entry.question.hotspot
    if hotspot.scene is not None:
        return f"question/{entry.scope}/{entry.question.id}"
    case, figure = figure_ref(atlas, entry.case, hotspot.figure)
    return picture_name(case, figure, 0)


def hotspot_sources(atlas: Atlas) -> Iterator[tuple[str, Scene]]:
    """The illustrations that hotspot questions draw for themselves."""
    for entry in entries(atlas):
        hotspot = entry.question.hotspot
        if hotspot is not None and hotspot.scene is not None:
            yield hotspot_picture_name(atlas, entry), hotspot.scene


def hotspot_target(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture]) -> Target:
    hotspot = entry.question.hotspot
    picture = pictures[hotspot_picture_name(atlas, entry)]
    if hotspot.alt is not None:
        alt = hotspot.alt
    else:
        alt = figure_ref(atlas, entry.case, hotspot.figure)[1].alt
    if hotspot.region.lesion is None:
        polygon = hotspot.region.outline()
    else:
        polygon = [tuple(p) for p in picture.regions[hotspot.region.lesion - 1]["polygon"]]
    return Target(picture, alt, polygon, hotspot.label)


def hotspot_errors(atlas: Atlas, pictures: Mapping[str, Picture]) -> list[AtlasError]:
    """A 'lesion N' region whose lesion the picture does not show (out of its plane)."""
    errors = []
    for entry in entries(atlas):
        if entry.question.kind is not QuestionKind.HOTSPOT:
            continue
        if not hotspot_target(atlas, entry, pictures).polygon:
            src = atlas.sources[entry.source]
            errors.append(src.error(
                ("questions", entry.index, "hotspot", "region"),
                f"lesion {entry.question.hotspot.region.lesion} is not visible in this picture",
                "choose a lesion the view shows, or draw an ellipse or polygon"))
    return errors
