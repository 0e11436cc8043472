"""Citations: ``[@key]`` or ``[@a; @b]`` in any authored text, numbered on the references page.

One syntax for YAML fields and Markdown pages, so that every claim can point to its source
and an unknown key is caught with the file and line where it was written. Code (fenced blocks
and inline spans) is left alone, so the authoring guide can show the syntax itself.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")
CODE = re.compile(r"^(?P<fence>```|~~~).*?^(?P=fence)|`[^`\n]+`", re.S | re.M)


def _pieces(text: str) -> Iterator[tuple[bool, str]]:
    """``text`` cut into (is_code, piece) stretches, in order."""
    start = 0
    for code in CODE.finditer(text):
        yield False, text[start:code.start()]
        yield True, code.group(0)
        start = code.end()
    yield False, text[start:]


def keys_in(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number within text, key) for every key cited in ``text``."""
    line = 1
    for is_code, piece in _pieces(text):
        if not is_code:
            seen = 0  # count newlines once, from one match to the next
            for match in CITATION.finditer(piece):
                line += piece.count("\n", seen, match.start())
                seen = match.start()
                for key in match.group(1).split(";"):
                    yield line, key.strip().lstrip("@")
            line += piece.count("\n", seen)
        else:
            line += piece.count("\n")


def without_code(text: str) -> str:
    """``text`` with its code blanked out, line for line (code is shown, never parsed)."""
    return "".join("\n" * piece.count("\n") if is_code else piece
                   for is_code, piece in _pieces(text))


def link_citations(text: str, numbers: dict[str, int], references_url: str) -> str:
    """Replace each citation with numbered Markdown links, which MkDocs then checks."""

    def replace(match: re.Match[str]) -> str:
        keys = sorted({k.strip().lstrip("@") for k in match.group(1).split(";")},
                      key=numbers.__getitem__)
        links = ", ".join(f"[{numbers[k]}]({references_url}#ref-{k})" for k in keys)
        return f'<sup class="atlas-cite">[{links}]</sup>'

    return "".join(piece if is_code else CITATION.sub(replace, piece)
                   for is_code, piece in _pieces(text))
