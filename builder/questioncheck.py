"""Cross-checks of questions: what a question names must exist in the atlas.

A step names a study of its case; a hotspot names a figure, and a 'lesion N' region a lesion
of that figure's scene; the references name entries of the bibliography, and the explanation
cites at least one source, because a keyed answer is a claim. Each problem is reported at the
line of the field that is wrong.
"""
from __future__ import annotations

import difflib
from collections.abc import Iterator

from builder.citations import keys_in
from builder.errors import AtlasError
from builder.load import Atlas
from builder.model import Case, Figure, Question
from builder.yamlsource import Source


def figure_ref(atlas: Atlas, case: Case | None, ref: str) -> tuple[Case, Figure] | None:
    """The (case, figure) a hotspot's ``figure`` names: 'fig3a' in its case, or 'case/fig'."""
    case_id, _, fig_id = ref.rpartition("/")
    owner = case if not case_id else next((c for c in atlas.cases if c.id == case_id), None)
    if owner is None:
        return None
    figure = next((f for s in owner.studies for f in s.figures if f.id == fig_id), None)
    return (owner, figure) if figure else None


def check_questions(atlas: Atlas) -> list[AtlasError]:
    errors: list[AtlasError] = []
    for case in atlas.cases:
        src = atlas.sources[f"case:{case.id}"]
        for i, question in enumerate(case.questions):
            errors += _check_step(src, i, question, case)
            errors += _check_hotspot(atlas, src, i, question, case)
            errors += _check_sources(atlas, src, i, question)
    for quiz in atlas.quizzes:
        src = atlas.sources[f"quiz:{quiz.id}"]
        for i, question in enumerate(quiz.questions):
            if question.step is not None:
                errors.append(src.error(("questions", i, "step"), "a topic quiz has no steps",
                                        "'step' belongs to case questions; remove it"))
            errors += _check_hotspot(atlas, src, i, question, None)
            errors += _check_sources(atlas, src, i, question)
    return errors


def _check_sources(atlas: Atlas, src: Source, i: int, question: Question) -> Iterator[AtlasError]:
    """The answer's sources exist, and the explanation cites at least one source."""
    known = atlas.references
    for j, key in enumerate(question.references):
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            yield src.error(("questions", i, "references", j), f"unknown reference {key!r}",
                            f"did you mean {near[0]!r}?" if near else
                            "add it to content/data/references.yaml")
    if not any(keys_in(question.explanation)):
        yield src.error(("questions", i, "explanation"), "cites no source",
                        "add a citation of the source that supports the answer")


def _check_step(src: Source, i: int, question: Question, case: Case) -> Iterator[AtlasError]:
    studies = [s.id for s in case.studies]
    if question.step is not None and question.step not in studies:
        near = difflib.get_close_matches(question.step, studies, n=1, cutoff=0.5)
        yield src.error(("questions", i, "step"), f"unknown study {question.step!r}",
                        f"did you mean {near[0]!r}?" if near else "one of " + ", ".join(studies))


def _check_hotspot(atlas: Atlas, src: Source, i: int, question: Question,
                   case: Case | None) -> Iterator[AtlasError]:
    hotspot = question.hotspot
    if hotspot is None or hotspot.figure is None:
        return
    path = ("questions", i, "hotspot")
    found = figure_ref(atlas, case, hotspot.figure)
    if found is None:
        mine = [f.id for s in case.studies for f in s.figures] if case else []
        near = difflib.get_close_matches(hotspot.figure, mine, n=1, cutoff=0.5)
        yield src.error((*path, "figure"), f"unknown figure {hotspot.figure!r}",
                        f"did you mean {near[0]!r}?" if near else
                        "name a figure of this case, or write case-id/figure-id")
        return
    _, figure = found
    lesion = hotspot.region.lesion
    if lesion is None:
        return
    if figure.scene is None:
        yield src.error((*path, "region"), f"figure {figure.id!r} is a real image with no "
                        "derived lesion outlines", "draw the region as an ellipse or polygon")
    elif lesion > len(figure.scene.lesions):
        yield src.error((*path, "region"), f"figure {figure.id!r} has only "
                        f"{len(figure.scene.lesions)} lesion(s), not {lesion}",
                        "count from 1 in the order the scene lists them")
