"""The key points page: each point with links to the cases, figures and sources behind it."""
from __future__ import annotations

from builder.atlas import Atlas
from builder.site.render import render


def pages(atlas: Atlas, pictures: object = None) -> dict[str, str]:
    cases = {c.id: c for c in atlas.cases}
    figures = {f"{c.id}/{f.id}": f for c in atlas.cases for s in c.studies for f in s.figures}
    return {"key-points.md": render("key-points.md.j2", points=atlas.key_points, cases=cases,
                                    figures=figures)}
