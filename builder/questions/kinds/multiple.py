"""Select all that apply: options of which one or more are right; checkboxes on the page."""
from __future__ import annotations

from typing import TYPE_CHECKING

from builder.questions.kinds.choice import Choice

if TYPE_CHECKING:
    from builder.model import Option


class Multiple(Choice):
    name = "multiple"
    label = "select all that apply"
    input = "checkbox"
    prompt = "Select all that apply"

    def check_options(self, options: list[Option]) -> None:
        if not any(o.correct for o in options):
            raise ValueError("a multiple-select question needs at least one correct option")


KIND = Multiple()
