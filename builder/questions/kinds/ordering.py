"""Put in order: the author writes the items in their right order, the page shuffles them and
the reader moves them with Up and Down buttons (builder/site/assets/ordering.js)."""
from __future__ import annotations

import hashlib
import random
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from builder.questions.kinds.base import LETTERS, Card, Kind, MoodleQuestion, Show

if TYPE_CHECKING:
    from builder.model import Question


class Ordering(Kind):
    name = "ordering"
    label = "put in order"
    answer = "items"
    template = "question-ordering.md.j2"
    script = "ordering.js"

    def check_answer(self, items: list[str]) -> None:
        if len(items) < 2:
            raise ValueError(f"an ordering question needs at least 2 items, found {len(items)}")
        if len(set(items)) != len(items):
            raise ValueError("the items of an ordering question must differ")

    def page(self, question: Question, show: Show) -> dict[str, Any]:
        return {"order": [(i, question.items[i]) for i in shown_order(question)]}

    def handout(self, question: Question, show: Show) -> dict[str, Any]:
        shown = shown_order(question)
        return {"choices": [question.items[i] for i in shown], "prompt": "Put in order:",
                "answer": ", ".join(LETTERS[shown.index(i)] for i in range(len(shown)))}

    def anki(self, question: Question, card: Card) -> tuple[str, str]:
        order = shown_order(question)
        front = "<p><em>Put in order:</em></p><ol type=A>" + "".join(
            f"<li>{card.text(question.items[i])}</li>" for i in order) + "</ol>"
        back = "<p class=right>The right order:</p><ol>" + "".join(
            f"<li>{LETTERS[order.index(i)]}. {card.text(item)}</li>"
            for i, item in enumerate(question.items)) + "</ol>"
        return front, back

    def moodle(self, question: Question, moodle: MoodleQuestion) -> Element:
        """Moodle's ``ordering`` type, graded on each item's absolute position."""
        element = moodle.element("ordering", moodle.stem(), moodle.files)
        for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"),
                           ("selectcount", "0"), ("gradingtype", "ABSOLUTE_POSITION"),
                           ("showgrading", "SHOW"), ("numberingstyle", "none")):
            moodle.sub(element, tag, value)
        moodle.feedbacks(element)
        for position, item in enumerate(question.items, start=1):
            answer = moodle.sub(element, "answer", fraction=f"{position}", format="html")
            moodle.sub(answer, "text", moodle.text(item, inline=True))
        return element


def shown_order(question: Question) -> list[int]:
    """The order the items are shown in: shuffled, never already right, the same every build."""
    order = list(range(len(question.items)))
    rng = random.Random(int(hashlib.sha256(question.id.encode()).hexdigest()[:16], 16))
    while order == sorted(order):
        rng.shuffle(order)
    return order


KIND = Ordering()
