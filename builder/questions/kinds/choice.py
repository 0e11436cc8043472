"""What the choice kinds share: options, each with its feedback. Single, multiple and
true-false differ only in how many options may be right, and true-false in its options."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar
from xml.etree.ElementTree import Element

from builder.questions.kinds.base import LETTERS, Card, Kind, MoodleQuestion, Show

if TYPE_CHECKING:
    from builder.model import Option, Question


class Choice(Kind):
    answer = "options"
    template = "question-choice.md.j2"
    input: ClassVar[str] = "radio"
    """The form control of an option: a radio button, or a checkbox where several are right."""
    prompt: ClassVar[str | None] = None
    """Said before the options in print and on the card, where the kind needs saying."""

    def check(self, question: Question) -> None:
        if len(question.options) < 2:
            raise ValueError(f"a {self.name} question needs at least 2 options")
        self.check_options(question.options)

    def check_options(self, options: list[Option]) -> None:
        """How many options may be right (exactly one, unless a kind says otherwise)."""
        right = sum(o.correct for o in options)
        if right != 1:
            raise ValueError(f"a {self.name} question needs exactly one correct option, "
                             f"found {right}")

    def handout(self, question: Question, show: Show) -> dict[str, Any]:
        options = question.options
        return {"choices": [o.text for o in options], "prompt": self.prompt and f"{self.prompt}:",
                "answer": ", ".join(LETTERS[i] for i, o in enumerate(options) if o.correct)}

    def anki(self, question: Question, card: Card) -> tuple[str, str]:
        options = question.options
        front = f"<p><em>{self.prompt}.</em></p>" if self.prompt else ""
        front += "<ol type=A>" + "".join(f"<li>{card.text(o.text)}</li>" for o in options)
        back = "<ul>" + "".join(
            f"<li><span class={'right' if o.correct else 'wrong'}>{LETTERS[i]}. "
            f"{'Right' if o.correct else 'Wrong'}:</span> {card.text(o.text)}."
            f" {card.text(o.feedback)}</li>" for i, o in enumerate(options))
        return front + "</ol>", back + "</ul>"

    def moodle(self, question: Question, moodle: MoodleQuestion) -> Element:
        """A ``multichoice``: one right answer, or a share of the grade for each right one
        and a penalty for each wrong one."""
        single = self.input == "radio"
        element = moodle.element("multichoice", moodle.stem(), moodle.files)
        moodle.sub(element, "single", "true" if single else "false")
        moodle.sub(element, "shuffleanswers", "true")
        moodle.sub(element, "answernumbering", "abc")
        moodle.feedbacks(element)
        right = sum(o.correct for o in question.options)
        wrong = len(question.options) - right
        for option in question.options:
            if option.correct:
                fraction = "100" if single else moodle.grade(100 / right)
            else:
                fraction = "0" if single or not wrong else moodle.grade(-100 / wrong)
            answer = moodle.sub(element, "answer", fraction=fraction, format="html")
            moodle.sub(answer, "text", moodle.text(option.text))
            moodle.rich(answer, "feedback", moodle.text(option.feedback))
        return element
