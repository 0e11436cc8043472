"""The references page: numbered entries for exactly the keys that pages cite."""
from __future__ import annotations

from builder.atlas import Atlas
from builder.model import Reference
from builder.site.render import render

ORIGIN_ORDER = {"review": 0, "cited by the review": 1, "additional": 2}


def numbering(atlas: Atlas, cited: set[str]) -> dict[str, int]:
    """The review first, then its references, then the atlas' additions, each by author (or
    by title, for a source known without its authors)."""
    ordered = sorted((atlas.references[k] for k in cited),
                     key=lambda r: (ORIGIN_ORDER[r.origin], (r.authors or r.title).lower(),
                                    r.year or 0))
    return {ref.key: n for n, ref in enumerate(ordered, start=1)}


def page(atlas: Atlas, numbers: dict[str, int]) -> str:
    entries: list[Reference] = [atlas.references[k] for k in numbers]
    return render("references.md.j2", entries=entries, numbers=numbers)
