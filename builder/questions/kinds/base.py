"""What a question kind is: its name, the field that holds its answer, its rules, and how it
is shown on a page, printed in the handout and exported to Anki and Moodle.

Kinds sit below the model, which asks them for its rules, so a kind imports nothing of the
atlas at run time: a page or an export hands it what it needs from above (a ``Show``, a
``Card``, a ``MoodleQuestion``), each a small interface written down here.
"""
from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from xml.etree.ElementTree import Element

if TYPE_CHECKING:
    from builder.export.media import Media
    from builder.model import Question
    from builder.questions.bank import Target

LETTERS = string.ascii_uppercase
ANSWER_FIELDS = ("options", "items", "hotspot")
"""The fields of a question that hold its answer; each kind uses one of them."""


class Show(Protocol):
    """What a page (builder.site) offers a kind while it shows one question."""

    def target(self) -> Target:
        """The hotspot's picture, its alternative text and the region that is right."""

    def picture(self, caption: str, outlined: bool) -> str:
        """The hotspot's picture as HTML, with the right region outlined or not."""


class Card(Protocol):
    """What the Anki deck (builder.export.anki) offers a kind while it writes one note."""

    def text(self, markdown: str) -> str:
        """Authored Markdown as inline HTML, citations as (Author Year)."""

    def outlined(self) -> str:
        """An <img> of the hotspot's picture with the right region outlined."""


class MoodleQuestion(Protocol):
    """What the Moodle XML (builder.export.moodle) offers a kind while it writes one question:
    its pictures (``files``), ``element`` to start the <question> with its name, text and
    general feedback, ``sub`` and ``rich`` to add a plain and an HTML field, ``feedbacks``
    for the right/partly/wrong texts, and ``grade`` to round a share to a grade Moodle
    accepts."""

    files: list[Media]

    def text(self, markdown: str, inline: bool = False) -> str: ...
    def stem(self) -> str: ...
    def element(self, moodle_type: str, stem: str, files: list[Media]) -> Element: ...
    def sub(self, parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element: ...
    def rich(self, parent: Element, tag: str, content: str) -> Element: ...
    def feedbacks(self, question: Element) -> None: ...
    def grade(self, share: float) -> str: ...
    def target(self) -> Target: ...


class Kind:
    """One kind of question. A subclass in its own module under builder/questions/kinds/,
    with a module-level ``KIND``, is found by the registry (builder.questions.kinds)."""

    name: ClassVar[str]
    """What authors write as ``kind:``."""
    label: ClassVar[str]
    """Beside the question's number on a page: 'put in order'."""
    answer: ClassVar[str]
    """The field of the question that holds its answer: one of ANSWER_FIELDS."""
    template: ClassVar[str]
    """Its form and answer key on a page: a template in builder/site/templates that extends
    question.md.j2."""
    script: ClassVar[str | None] = None
    """Its script in builder/site/assets, registered in window.AtlasKinds for quiz.js; None
    when quiz.js's choice handler serves it."""

    def check_answer(self, value: Any) -> None:
        """Rules on the answer field alone (reported at that field); raise ValueError."""

    def check(self, question: Question) -> None:
        """Rules on the whole question (reported at the question); raise ValueError."""

    def page(self, question: Question, show: Show) -> dict[str, Any]:
        """What the kind's template needs besides the question."""
        return {}

    def handout(self, question: Question, show: Show) -> dict[str, Any]:
        """The printed question: ``choices`` (texts, lettered A, B, …) or ``picture`` (HTML),
        an optional ``prompt``, the ``answer`` for the key and an optional ``solution``."""
        raise NotImplementedError

    def anki(self, question: Question, card: Card) -> tuple[str, str]:
        """What the card adds after the stem on its front, and before the explanation on its
        back (HTML)."""
        raise NotImplementedError

    def moodle(self, question: Question, moodle: MoodleQuestion) -> Element:
        """The question in Moodle XML."""
        raise NotImplementedError
