"""Case pages: summary, timeline (SVG and table), studies with figures, treatment, questions."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import Case
from builder.pictures.cache import Picture
from builder.questions.bank import case_entries
from builder.site.pages.figure import figure_block
from builder.site.pages.quiz import questions_html
from builder.site.render import render
from builder.site.timeline import timeline_svg


def figure_blocks(atlas: Atlas, case: Case, pictures: Mapping[str, Picture],
                  depth: int = 1) -> dict[str, str]:
    """Each figure of the case as a Markdown/HTML block, keyed by figure id."""
    return {figure.id: figure_block(atlas, case, study, figure, pictures, depth)
            for study in case.studies for figure in study.figures}


def timeline_rows(atlas: Atlas, case: Case) -> list[dict[str, str]]:
    """Studies, treatments and events in time order: the timeline as a table."""
    rows: list[tuple[float, int, dict[str, str]]] = []
    for study in case.studies:
        name = atlas.modalities[study.modality].name
        rows.append((study.at.months, 0, {
            "when": study.at.label, "kind": "Imaging",
            "what": f"[{name} of the {study.region}](#study-{study.id}): {study.reason}"}))
    for course in case.treatments:
        rows.append((course.start.months, 1, {
            "when": course.start.label, "kind": "Treatment",
            "what": f"{course.name.capitalize()} for {course.weeks:g} weeks"}))
    for n, event in enumerate(case.events, start=1):
        rows.append((event.at.months, 2, {
            "when": event.at.label, "kind": f"Event E{n}",
            "what": event.label + (f": {event.detail}" if event.detail else "")}))
    return [row for *_, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def render_case(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> str:
    return render("case.md.j2", case=case, modalities=atlas.modalities,
                  svg=timeline_svg(case, atlas.modalities), rows=timeline_rows(atlas, case),
                  figures=figure_blocks(atlas, case, pictures),
                  questions=questions_html(atlas, case_entries(case), pictures, 1))


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    out = {f"cases/{case.id}.md": render_case(atlas, case, pictures) for case in atlas.cases}
    out["cases/index.md"] = render("cases-index.md.j2", atlas=atlas)
    return out
