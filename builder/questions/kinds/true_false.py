"""True or false: a statement, with exactly the options 'True' and 'False'."""
from __future__ import annotations

from typing import TYPE_CHECKING
from xml.etree.ElementTree import Element

from builder.questions.kinds.base import MoodleQuestion
from builder.questions.kinds.choice import Choice

if TYPE_CHECKING:
    from builder.model import Option, Question


class TrueFalse(Choice):
    name = "true-false"
    label = "true or false"

    def check_options(self, options: list[Option]) -> None:
        if [o.text for o in options] != ["True", "False"]:
            raise ValueError("a true-false question has exactly the options 'True', 'False'")
        super().check_options(options)

    def moodle(self, question: Question, moodle: MoodleQuestion) -> Element:
        """Moodle's own ``truefalse`` type."""
        element = moodle.element("truefalse", moodle.stem(), moodle.files)
        for option in question.options:
            answer = moodle.sub(element, "answer", fraction="100" if option.correct else "0",
                                format="moodle_auto_format")
            moodle.sub(answer, "text", option.text.lower())
            moodle.rich(answer, "feedback", moodle.text(option.feedback))
        return element


KIND = TrueFalse()
