"""The navigation: generated pages listed under the section index that names them.

In mkdocs.yml's form, which every engine that reads mkdocs.yml understands.
"""
from __future__ import annotations

from typing import Any

from builder.atlas import Atlas
from builder.site.pages.unknown import unknown_uri

NAV_CASES_MAX = 12
"""List case pages in the navigation only up to this many cases."""


def sections(atlas: Atlas, cases_max: int = NAV_CASES_MAX) -> dict[str, list[str]]:
    """Generated pages listed under their section index in the navigation.

    Cases are listed only while they are few: Material writes the active section's
    navigation into every page of it, so a thousand listed cases would make every case
    page carry a thousand links (a quadratic site). Beyond the limit the cases index
    (and search) lead to them.
    """
    cases = atlas.cases if len(atlas.cases) <= cases_max else []
    return {
        "cases/index.md": [f"cases/{c.id}.md" for c in cases] + [unknown_uri(c) for c in cases],
        "modalities/index.md": [f"modalities/{m.slug}.md" for m in atlas.modalities.values()],
        "quizzes/index.md": [f"quizzes/{q.id}.md" for q in atlas.quizzes],
    }


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
