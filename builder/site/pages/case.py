"""Case pages: summary, timeline (SVG and table), studies with figures, treatment, questions."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas, figures
from builder.model import Case
from builder.model.chronology import Moment
from builder.pictures.cache import Picture
from builder.questions.bank import case_entries
from builder.site.pages.figure import figure_block
from builder.site.pages.quiz import questions_html
from builder.site.render import render
from builder.site.timeline import moment_words, timeline_svg


def figure_blocks(atlas: Atlas, case: Case, pictures: Mapping[str, Picture],
                  depth: int = 1) -> dict[str, str]:
    """Each figure of the case as a Markdown/HTML block, keyed by figure id."""
    return {figure.id: figure_block(atlas, case, study, figure, pictures, depth)
            for study, figure in figures(case)}


def adverse_codes(case: Case) -> dict[int, str]:
    """'A1', 'A2'…, numbered through the case, by the adverse event's identity."""
    found = [a for course in case.treatments for a in course.adverse_events]
    return {id(a): f"A{n}" for n, a in enumerate(found, start=1)}


def course_codes(case: Case) -> list[list[str]]:
    """The adverse events' codes, course by course."""
    codes = adverse_codes(case)
    return [[codes[id(a)] for a in course.adverse_events] for course in case.treatments]


def timeline_rows(atlas: Atlas, case: Case) -> list[dict[str, str]]:
    """Studies, treatments, adverse events and events in the order they happened: the
    timeline as a table."""
    events = {id(e): n for n, e in enumerate(case.events, start=1)}
    codes = adverse_codes(case)
    return [_row(atlas, m, events, codes) for m in atlas.chronology(case).moments]


def _row(atlas: Atlas, moment: Moment, events: dict[int, int],
         codes: dict[int, str]) -> dict[str, str]:
    item = moment.item
    when = moment_words(moment).removesuffix(" after the injury")
    if moment.kind == "study":
        name = atlas.modalities[item.modality].name
        return {"when": when, "kind": "Imaging",
                "what": f"[{name} of the {item.region}](#study-{item.id}): {item.reason}"}
    if moment.kind == "treatment":
        length = item.length
        return {"when": when, "kind": "Treatment",
                "what": f"{item.name[:1].upper()}{item.name[1:]}, " + (
                    f"for {length.label}" if length.reported else "duration not reported")}
    if moment.kind == "adverse event":
        return {"when": when, "kind": f"Adverse event {codes[id(item)]}",
                "what": item.what + (f": {item.detail}" if item.detail else "")}
    return {"when": when, "kind": f"Event E{events[id(item)]}",
            "what": item.label + (f": {item.detail}" if item.detail else "")}


def render_case(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> str:
    chronology = atlas.chronology(case)
    return render("case.md.j2", case=case, modalities=atlas.modalities,
                  svg=timeline_svg(case, atlas.modalities, chronology),
                  rows=timeline_rows(atlas, case), codes=course_codes(case),
                  figures=figure_blocks(atlas, case, pictures),
                  questions=questions_html(atlas, case_entries(case), pictures, 1))


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    out = {f"cases/{case.id}.md": render_case(atlas, case, pictures) for case in atlas.cases}
    out["cases/index.md"] = render("cases-index.md.j2", atlas=atlas)
    return out
