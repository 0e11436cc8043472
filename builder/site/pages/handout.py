"""The printable handout: key points, every case with its timeline and figures, every question
and an answer key, on one page that the browser prints or saves as a PDF.

It reuses the case and figure renderers; ids are prefixed with the case id so several cases on
one page never share an anchor, and pictures load eagerly so that printing shows them all.
"""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import Case
from builder.pictures.cache import Picture
from builder.questions.bank import entries
from builder.questions.kinds import kind
from builder.questions.kinds.base import LETTERS
from builder.site.pages.case import figure_blocks, timeline_rows
from builder.site.pages.figure import eager
from builder.site.pages.quiz import Shown
from builder.site.render import render
from builder.site.timeline import timeline_svg


def case_section(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> dict:
    prefix = f"{case.id}-"
    svg = timeline_svg(case, atlas.modalities, atlas.chronology(case)).replace(
        'href="#study-', f'href="#{prefix}study-')
    rows = [{**row, "what": row["what"].replace("(#study-", f"(#{prefix}study-")}
            for row in timeline_rows(atlas, case)]
    figures = {id_: eager(block.replace(f'id="{id_}"', f'id="{prefix}{id_}"', 1))
               for id_, block in figure_blocks(atlas, case, pictures, 0).items()}
    return {"case": case, "svg": svg, "rows": rows, "figures": figures, "prefix": prefix}


def question_items(atlas: Atlas, pictures: Mapping[str, Picture]) -> list[dict]:
    """Each question as the handout prints it (its kind says how), with its answer for the key."""
    return [{"entry": entry, "q": entry.question, **kind(entry.question.kind).handout(
                entry.question, Shown(atlas, entry, pictures, 0, printed=True))}
            for entry in entries(atlas)]


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    cases = [case_section(atlas, case, pictures) for case in atlas.cases]
    return {"handout.md": render("handout.md.j2", atlas=atlas, cases=cases,
                                 modalities=atlas.modalities,
                                 questions=question_items(atlas, pictures), letters=LETTERS)}
