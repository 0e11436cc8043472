"""The catalogue: every picture the site shows, under the name every page looks it up by.

Figures (CT in both windows), the scenes that hotspot questions draw for themselves, and the
explorer's panels are all named here, so the pictures can be made at once (in parallel, from
the cache) before any page is written, and checks can measure them first.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from builder.atlas import Atlas, figures
from builder.illustrate.scene import View, Window
from builder.model import Case, Figure
from builder.pictures.cache import FileSource, Source

WINDOW_LABELS = {Window.SOFT_TISSUE: "Soft-tissue window", Window.BONE: "Bone window"}


def figure_views(root: Path, figure: Figure) -> list[tuple[str, Source]]:
    """(label, source) for each way a figure is shown: CT in both windows, its own first;
    none for a figure with no picture."""
    if figure.image is not None:
        path = root / figure.image
        if path.suffix.lower() != ".dcm":
            return [("", FileSource(path))]
        first = figure.window or Window.SOFT_TISSUE
        return [(WINDOW_LABELS[w], FileSource(path, w))
                for w in [first] + [w for w in Window if w is not first]]
    scene = figure.scene
    if scene is None:  # no_picture: the page says "No picture available"
        return []
    if scene.view is not View.CT_AXIAL:
        return [("", scene)]
    order = [scene.window] + [w for w in Window if w is not scene.window]
    return [(WINDOW_LABELS[w], scene.model_copy(update={"window": w})) for w in order]


def picture_name(case: Case, figure: Figure, index: int = 0) -> str:
    return f"case/{case.id}/{figure.id}/{index}"


def question_picture_name(scope: str, question_id: str) -> str:
    """A hotspot question's own scene, named by its quiz or case id and its own id."""
    return f"question/{scope}/{question_id}"


def explorer_picture_name(step: int, modality: str) -> str:
    return f"explorer/{step}/{modality}"


def differential_picture_name(row: int, which: str) -> str:
    """A picture of the differential page: row ``row``, ``which`` 'dvt' or 'nho'."""
    return f"differential/{row}/{which}"


def catalogue(atlas: Atlas) -> Iterator[tuple[str, Source]]:
    """Every picture a page will show, under the name pages look it up by."""
    for case in atlas.cases:
        for _, figure in figures(case):
            for i, (_, source) in enumerate(figure_views(atlas.root, figure)):
                yield picture_name(case, figure, i), source
    scopes = [(quiz.id, quiz.questions) for quiz in atlas.quizzes]
    scopes += [(case.id, case.questions) for case in atlas.cases]
    for scope, questions in scopes:
        for question in questions:
            if question.hotspot is not None and question.hotspot.scene is not None:
                yield question_picture_name(scope, question.id), question.hotspot.scene
    if atlas.explorer:
        for n, step in enumerate(atlas.explorer.steps):
            for modality in atlas.explorer.views:
                yield explorer_picture_name(n, modality), atlas.explorer.scene(modality, step)
    if atlas.differential:
        for n, row in enumerate(atlas.differential.rows):
            yield differential_picture_name(n, "dvt"), row.dvt.scene
            yield differential_picture_name(n, "nho"), row.nho.scene
