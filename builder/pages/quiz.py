"""Questions as accessible HTML forms, and the quiz pages that gather them.

The form works with the keyboard and, without JavaScript, keeps the answer and the
explanation in a <details>; builder/assets/quiz.js adds checking, feedback and the score.
"""
from __future__ import annotations

from builder.load import Atlas
from builder.model import Question
from builder.pages import render

KIND_LABELS = {"single": "single best answer", "multiple": "select all that apply",
               "true-false": "true or false"}


def questions_html(scope: str, questions: list[Question]) -> str:
    """Markdown for a block of questions with one score line for the page."""
    blocks = [render("question.md.j2", q=q, scope=scope, number=n,
                     kind_label=KIND_LABELS[q.kind.value])
              for n, q in enumerate(questions, start=1)]
    return render("questions.md.j2", blocks=blocks)


def pages(atlas: Atlas, pictures: object = None) -> dict[str, str]:
    out = {f"quizzes/{quiz.id}.md": render("quiz.md.j2", quiz=quiz,
                                           questions=questions_html(quiz.id, quiz.questions))
           for quiz in atlas.quizzes}
    out["quizzes/index.md"] = render("quizzes-index.md.j2", atlas=atlas)
    return out
