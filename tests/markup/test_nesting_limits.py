"""Nesting limits: authored Markdown that Python-Markdown could not convert is refused where
it is written, and ordinary teaching text passes untouched."""
from __future__ import annotations

import pytest

from builder.markup.limits import MAX_DEPTH, MAX_RUN, limit_nesting, nesting_problem


def test_ordinary_text_passes() -> None:
    text = "A *claim* [@key].\n\n- a list\n    - nested once\n\n> a quote"
    assert nesting_problem(text) is None and limit_nesting(text) == text


@pytest.mark.parametrize(("text", "words"), [
    ("ok\n" + " " * 4 * (MAX_DEPTH + 1) + "- deep", (2, "nests 13 levels deep")),
    (">" * (MAX_DEPTH + 1) + " quoted", (1, "nests 13 levels deep")),
    ("*" * (MAX_RUN + 1), (1, f"a run of {MAX_RUN + 1} '*'")),
    ("[" * (MAX_DEPTH + 1), (1, "nests brackets more than")),
])
def test_too_deep_or_too_long_is_refused_at_its_line(text: str, words: tuple) -> None:
    line, message, hint = nesting_problem(text)
    assert line == words[0] and words[1] in message and hint
    with pytest.raises(ValueError, match="on its line" if "\n" in text else message[:10]):
        limit_nesting(text)
