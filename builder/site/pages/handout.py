"""The printable handout: key points, every case with its timeline and figures, every question
and an answer key, on one page that the browser prints or saves as a PDF.

It reuses the case and figure renderers; ids are prefixed with the case id so several cases on
one page never share an anchor, and pictures load eagerly so that printing shows them all.
"""
from __future__ import annotations

import string
from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import Case, QuestionKind
from builder.pictures.cache import Picture
from builder.questions.bank import entries, hotspot_target, shown_order
from builder.site.pages.case import timeline_rows
from builder.site.pages.figure import figure_block, picture_html
from builder.site.render import render
from builder.site.timeline import timeline_svg

LETTERS = string.ascii_uppercase


def case_section(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> dict:
    prefix = f"{case.id}-"
    svg = timeline_svg(case, atlas.modalities, atlas.chronology(case)).replace(
        'href="#study-', f'href="#{prefix}study-')
    rows = [{**row, "what": row["what"].replace("(#study-", f"(#{prefix}study-")}
            for row in timeline_rows(atlas, case)]
    figures = {f.id: eager(figure_block(atlas, case, s, f, pictures, 0)
                           .replace(f'id="{f.id}"', f'id="{prefix}{f.id}"', 1))
               for s in case.studies for f in s.figures}
    return {"case": case, "svg": svg, "rows": rows, "figures": figures, "prefix": prefix}


def eager(html: str) -> str:
    return html.replace('loading="lazy"', 'loading="eager"')


def question_items(atlas: Atlas, pictures: Mapping[str, Picture]) -> list[dict]:
    """Each question as the handout shows it, with its answer for the key."""
    items = []
    for entry in entries(atlas):
        q = entry.question
        item: dict = {"entry": entry, "q": q}
        if q.kind is QuestionKind.ORDERING:
            shown = shown_order(q)
            item["choices"] = [q.items[i] for i in shown]
            item["answer"] = ", ".join(LETTERS[shown.index(i)] for i in range(len(q.items)))
        elif q.kind is QuestionKind.HOTSPOT:
            target = hotspot_target(atlas, entry, pictures)
            item["picture"] = eager(picture_html(target.picture, target.alt, q.stem, 0, []))
            item["answer"] = target.label
            item["solution"] = eager(picture_html(
                target.picture, target.alt, target.label, 0,
                [{"label": "the answer", "polygon": [list(p) for p in target.polygon]}]))
        else:
            item["choices"] = [o.text for o in q.options]
            item["answer"] = ", ".join(LETTERS[i] for i, o in enumerate(q.options) if o.correct)
        items.append(item)
    return items


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    cases = [case_section(atlas, case, pictures) for case in atlas.cases]
    return {"handout.md": render("handout.md.j2", atlas=atlas, cases=cases,
                                 modalities=atlas.modalities,
                                 questions=question_items(atlas, pictures), letters=LETTERS)}
