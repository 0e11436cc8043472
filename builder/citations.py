"""Citations: ``[@key]`` or ``[@a; @b]`` in any authored text, numbered on the references page.

One syntax for YAML fields and Markdown pages, so that every claim can point to its source
and an unknown key is caught with the file and line where it was written.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

CITATION = re.compile(r"\[@([a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]")


def keys_in(text: str) -> Iterator[tuple[int, str]]:
    """Yield (line number within text, key) for every key cited in ``text``."""
    for match in CITATION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        for key in match.group(1).split(";"):
            yield line, key.strip().lstrip("@")


def link_citations(text: str, numbers: dict[str, int], references_url: str) -> str:
    """Replace each citation with numbered Markdown links, which MkDocs then checks."""

    def replace(match: re.Match[str]) -> str:
        keys = sorted({k.strip().lstrip("@") for k in match.group(1).split(";")},
                      key=numbers.__getitem__)
        links = ", ".join(f"[{numbers[k]}]({references_url}#ref-{k})" for k in keys)
        return f'<sup class="atlas-cite">[{links}]</sup>'

    return CITATION.sub(replace, text)
