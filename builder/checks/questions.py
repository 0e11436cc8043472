"""Cross-checks of questions: what a question names must exist in the atlas.

A step names a study of its case; a hotspot names a figure, and a 'lesion N' region a lesion
of that figure's scene, which the picture must show (a rule that needs the rendered picture);
the references name entries of the bibliography, and the explanation cites at least one
source, because a keyed answer is a claim. Each problem is reported at the line of the field
that is wrong.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from builder.atlas import Atlas, figures
from builder.errors import AtlasError
from builder.markup.citations import keys_in
from builder.model import Case, Question
from builder.pictures import Picture
from builder.questions.bank import entries, hotspot_target
from builder.source.hints import did_you_mean
from builder.source.yamlsource import Source


def check_questions(atlas: Atlas) -> list[AtlasError]:
    errors: list[AtlasError] = []
    for case in atlas.cases:
        src = atlas.sources[f"case:{case.id}"]
        for i, question in enumerate(case.questions):
            errors += _check_step(src, i, question, case)
            errors += _check_sources(atlas, src, i, question)
            errors += _check_hotspot(atlas, src, i, question, case)
    for quiz in atlas.quizzes:
        src = atlas.sources[f"quiz:{quiz.id}"]
        for i, question in enumerate(quiz.questions):
            if question.step is not None:
                errors.append(src.error(("questions", i, "step"), "a topic quiz has no steps",
                                        "'step' belongs to case questions; remove it"))
            errors += _check_sources(atlas, src, i, question)
            errors += _check_hotspot(atlas, src, i, question, None)
    return errors


def _check_sources(atlas: Atlas, src: Source, i: int, question: Question) -> Iterator[AtlasError]:
    """The answer's sources exist, and the explanation cites at least one source."""
    known = atlas.references
    if "references" in atlas.sources:  # else its own problems are reported
        for j, key in enumerate(question.references):
            if key not in known:
                yield src.error(("questions", i, "references", j), f"unknown reference {key!r}",
                                did_you_mean(key, known)
                                or "add it to content/data/references.yaml")
    if not any(keys_in(question.explanation)):
        yield src.error(("questions", i, "explanation"), "cites no source",
                        "add a citation of the source that supports the answer")


def _check_step(src: Source, i: int, question: Question, case: Case) -> Iterator[AtlasError]:
    studies = [s.id for s in case.studies]
    if question.step is not None and question.step not in studies:
        yield src.error(("questions", i, "step"), f"unknown study {question.step!r}",
                        did_you_mean(question.step, studies) or "one of " + ", ".join(studies))


def _check_hotspot(atlas: Atlas, src: Source, i: int, question: Question,
                   case: Case | None) -> Iterator[AtlasError]:
    hotspot = question.hotspot
    if hotspot is None or hotspot.figure is None:
        return
    path = ("questions", i, "hotspot")
    found = atlas.figure(hotspot.figure, within=case)
    if found is None and atlas.in_unloaded_case(hotspot.figure):
        return  # that case's own problems are reported
    if found is None:
        mine = [f.id for _, f in figures(case)] if case else []
        yield src.error((*path, "figure"), f"unknown figure {hotspot.figure!r}",
                        did_you_mean(hotspot.figure, mine) or
                        "name a figure of this case, or write case-id/figure-id")
        return
    _, _, figure = found
    if figure.no_picture:
        yield src.error((*path, "figure"), f"figure {figure.id!r} has no picture to click on",
                        "ask it on a figure with a scene or an image")
        return
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


def check_hotspot_pictures(atlas: Atlas, pictures: Mapping[str, Picture]) -> list[AtlasError]:
    """A 'lesion N' region whose lesion the picture does not show (out of its plane)."""
    errors = []
    for entry in entries(atlas):
        if entry.question.hotspot is None:
            continue
        target = hotspot_target(atlas, entry, pictures)
        if target is not None and not target.polygon:
            errors.append(atlas.sources[entry.source].error(
                ("questions", entry.index, "hotspot", "region"),
                f"lesion {entry.question.hotspot.region.lesion} is not visible in this picture",
                "choose a lesion the view shows, or draw an ellipse or polygon"))
    return errors
