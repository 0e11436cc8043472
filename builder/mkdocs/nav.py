"""The navigation: generated pages listed under the section index that names them."""
from __future__ import annotations

from typing import Any


def expand_nav(nav: list[Any] | None, sections: dict[str, list[str]]) -> list[Any] | None:
    """Replace each nav entry that points at a section index with the section and its pages."""
    if nav is None:
        return None
    out: list[Any] = []
    for item in nav:
        title, target = next(iter(item.items())) if isinstance(item, dict) else (None, item)
        if isinstance(target, list):
            out.append({title: expand_nav(target, sections)})
        elif target in sections:
            out.append({title or target.split("/")[0].capitalize(): [target, *sections[target]]})
        else:
            out.append(item)
    return out
