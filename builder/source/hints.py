"""Did-you-mean hints: the nearest known name to a misspelt one."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def nearest(value: str, choices: Iterable[str], cutoff: float = 0.5) -> str | None:
    """The known name closest to ``value``, or None when none is close enough."""
    near = difflib.get_close_matches(str(value), [str(c) for c in choices], n=1, cutoff=cutoff)
    return near[0] if near else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.5) -> str:
    """'did you mean 'x'?' for the nearest choice, or '' when none is close."""
    near = nearest(value, choices, cutoff)
    return f"did you mean {near!r}?" if near else ""
