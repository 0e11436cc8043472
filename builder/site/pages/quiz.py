"""Questions as accessible HTML forms, and the quiz pages that gather them.

Every kind of question is a form that works with the keyboard and, without JavaScript, keeps
the answer and the explanation in a <details>. builder/site/assets/quiz.js checks answers, shows
feedback, keeps the page's score and saves answers in the browser. Each kind of question
(builder/questions/kinds/) names its template, which extends question.md.j2, and its script.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.questions.bank import Entry, Target, content_hash, entries, hotspot_target
from builder.questions.kinds import kind
from builder.site.pages.figure import eager, picture_html
from builder.site.render import render


@dataclass(frozen=True)
class Shown:
    """One question on a page, and what its kind may ask of the page (kinds.base.Show)."""

    atlas: Atlas
    entry: Entry
    pictures: Mapping[str, Picture]
    depth: int
    printed: bool = False
    """On the handout: pictures load eagerly, so that printing shows them all."""

    def target(self) -> Target:
        return hotspot_target(self.atlas, self.entry, self.pictures)

    def picture(self, caption: str, outlined: bool) -> str:
        target = self.target()
        marks = [{"label": "the answer", "polygon": [list(p) for p in target.polygon]}]
        html = picture_html(target.picture, target.alt, caption, self.depth,
                            marks if outlined else [])
        return eager(html) if self.printed else html


def question_block(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture], depth: int,
                   number: int, scope: str | None = None) -> str:
    """One question as a form. ``scope`` re-keys it (an unknown case saves answers apart)."""
    q = entry.question
    scope = scope or entry.scope
    its = kind(q.kind)
    return render(its.template, q=q, kind=its, key=f"{scope}/{q.id}", dom_id=f"q-{scope}-{q.id}",
                  number=number, hash=content_hash(q), topic=entry.topic, prefix="../" * depth,
                  **its.page(q, Shown(atlas, entry, pictures, depth)))


def questions_html(atlas: Atlas, chosen: list[Entry], pictures: Mapping[str, Picture],
                   depth: int, scope: str | None = None) -> str:
    """Markdown for a block of questions with one score line for the page."""
    blocks = [question_block(atlas, entry, pictures, depth, n, scope)
              for n, entry in enumerate(chosen, start=1)]
    return render("questions.md.j2", blocks=blocks)


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    bank = entries(atlas)
    out = {}
    for quiz in atlas.quizzes:
        mine = [e for e in bank if e.case is None and e.scope == quiz.id]
        out[f"quizzes/{quiz.id}.md"] = render(
            "quiz.md.j2", quiz=quiz, questions=questions_html(atlas, mine, pictures, 1))
    out["quizzes/index.md"] = render("quizzes-index.md.j2", atlas=atlas, prefix="../")
    return out
