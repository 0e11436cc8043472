"""The progress page: every quiz, case quiz and unknown case with the score saved for it.

The page lists what exists (built here) and builder/site/assets/progress.js fills in what this
browser has saved, so the scores never leave the reader's machine.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.questions.bank import content_hash, entries
from builder.site.pages.unknown import unknown_title
from builder.site.render import render


@dataclass(frozen=True)
class Row:
    title: str
    href: str
    count: int
    keys: str
    """'scope/id:hash' of each question, space-separated, for the browser to look up."""
    unknown: str = ""


def rows(atlas: Atlas) -> tuple[list[Row], list[Row], list[Row]]:
    bank = entries(atlas)

    def keys(chosen: list, scope: str | None = None) -> str:
        return " ".join(f"{scope or e.scope}/{e.question.id}:{content_hash(e.question)}"
                        for e in chosen)

    quizzes = [Row(q.title, f"quizzes/{q.id}.html", len(q.questions),
                   keys([e for e in bank if e.case is None and e.scope == q.id]))
               for q in atlas.quizzes]
    cases, unknown = [], []
    for case in atlas.cases:
        mine = [e for e in bank if e.case is not None and e.scope == case.id]
        cases.append(Row(case.title, f"cases/{case.id}.html#test-yourself", len(mine),
                         keys(mine)))
        steps = [e for e in mine if e.question.step]
        unknown.append(Row(unknown_title(atlas, case), f"cases/{case.id}-unknown.html",
                           len(steps), keys(steps, f"{case.id}-unknown"), case.id))
    return quizzes, cases, unknown


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    quizzes, cases, unknown = rows(atlas)
    return {"progress.md": render("progress.md.j2", quizzes=quizzes, cases=cases,
                                  unknown=unknown, steps={c.id: len(c.studies)
                                                          for c in atlas.cases},
                                  prefix="")}
