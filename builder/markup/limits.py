"""Limits that keep authored Markdown convertible: no nesting a page could not be built from.

Python-Markdown recurses on nested structure, so a list nested 400 levels deep or a run of
3,000 asterisks exhausts Python's stack and fails the whole page with a ``RecursionError``
that names a generated page, not the field. Teaching text never needs more than a few
levels, so deeper nesting is refused where it is written, with its line.
"""
from __future__ import annotations

import re

MAX_DEPTH = 12
"""Levels of indentation (4 spaces each), block quotes or brackets."""
MAX_RUN = 48
"""Emphasis or bracket characters in one unbroken run."""
RUN = re.compile(r"([*_\[\]()~`<>])\1{%d,}" % (MAX_RUN - 1))  # noqa: UP031


def nesting_problem(text: str) -> tuple[int, str, str] | None:
    """(line within ``text``, message, hint) for nesting deeper than the limits."""
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        spaces = line.expandtabs(4)
        indent = (len(spaces) - len(spaces.lstrip(" "))) // 4
        quotes = re.match(r"[>\s]*", line).group(0).count(">")
        if max(indent, quotes) > MAX_DEPTH:
            return number, f"the text nests {max(indent, quotes)} levels deep", (
                f"flatten it to at most {MAX_DEPTH} levels of lists or quotes")
        run = RUN.search(line)
        if run:
            return number, f"the text has a run of {len(run.group(0))} {run.group(1)!r}", (
                f"at most {MAX_RUN} in a row: shorten it")
        for ch in line:  # brackets may nest across lines
            depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(ch, 0)
            if depth > MAX_DEPTH:
                return number, f"the text nests brackets more than {MAX_DEPTH} deep", (
                    "close some brackets, or write fewer inside each other")
        depth = max(depth, 0)
    return None


def limit_nesting(text: str) -> str:
    """Pydantic validator: ``text`` unchanged, or a ValueError saying where and what to do."""
    problem = nesting_problem(text)
    if problem:
        line, message, hint = problem
        where = f" on its line {line}" if "\n" in text else ""
        raise ValueError(f"{message}{where} ({hint})")
    return text
