"""Exam mode: questions drawn from the whole atlas, feedback held back until the end.

Every question is on the page once; builder/site/assets/exam.js draws N of them with a seeded
shuffle (the reader sees the seed and can type it again to retake the same exam), hides the
feedback until the reader finishes, then scores by topic and links each missed question to
the page that holds it and its evidence.
"""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.questions.bank import entries
from builder.site.pages.quiz import question_block
from builder.site.render import render

COUNTS = (5, 10, 20)


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    bank = entries(atlas)
    items = [{"entry": e, "block": question_block(atlas, e, pictures, 0, n)}
             for n, e in enumerate(bank, start=1)]
    counts = [c for c in COUNTS if c < len(bank)]
    return {"exam.md": render("exam.md.j2", items=items, counts=counts, total=len(bank))}
