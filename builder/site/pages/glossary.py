"""The glossary page, and the abbreviation lines that give every page its tooltips."""
from __future__ import annotations

from builder.atlas import Atlas
from builder.site.render import render


def abbreviations(atlas: Atlas) -> str:
    """Markdown abbreviation definitions (``*[NHO]: …``), appended to every page."""
    return "\n".join(f"*[{t.term}]: {t.expansion}" for t in atlas.glossary)


def pages(atlas: Atlas, pictures: object = None) -> dict[str, str]:
    terms = sorted(atlas.glossary, key=lambda t: t.term.lower())
    return {"glossary.md": render("glossary.md.j2", terms=terms)}
