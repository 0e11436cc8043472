"""Questions as accessible HTML forms, and the quiz pages that gather them.

Every kind of question is a form that works with the keyboard and, without JavaScript, keeps
the answer and the explanation in a <details>. builder/site/assets/quiz.js checks answers, shows
feedback, keeps the page's score and saves answers in the browser; ordering.js and hotspot.js
add the two kinds that need more than radio buttons and checkboxes.
"""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import QuestionKind
from builder.pictures.cache import Picture
from builder.questions.bank import Entry, content_hash, entries, hotspot_target, shown_order
from builder.site.pages.figure import picture_html
from builder.site.render import render

KIND_LABELS = {"single": "single best answer", "multiple": "select all that apply",
               "true-false": "true or false", "hotspot": "click the image",
               "ordering": "put in order"}


def question_block(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture], depth: int,
                   number: int, scope: str | None = None) -> str:
    """One question as a form. ``scope`` re-keys it (an unknown case saves answers apart)."""
    q = entry.question
    scope = scope or entry.scope
    context: dict[str, object] = {
        "q": q, "key": f"{scope}/{q.id}", "dom_id": f"q-{scope}-{q.id}", "number": number,
        "hash": content_hash(q), "topic": entry.topic, "kind_label": KIND_LABELS[q.kind.value],
        "prefix": "../" * depth}
    if q.kind is QuestionKind.ORDERING:
        context["order"] = [(i, q.items[i]) for i in shown_order(q)]
    if q.kind is QuestionKind.HOTSPOT:
        target = hotspot_target(atlas, entry, pictures)
        context["target"] = target
        context["solution"] = picture_html(
            target.picture, target.alt, f"The answer: {target.label}", depth,
            [{"label": "the answer", "polygon": [list(p) for p in target.polygon]}])
    return render("question.md.j2", **context)


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
    out["quizzes/index.md"] = render("quizzes-index.md.j2", atlas=atlas)
    return out
