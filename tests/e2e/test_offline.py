"""The site asks nothing of any host but the one serving it, on every page."""
from __future__ import annotations

import pytest

from builder.checks import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
PAGES = ["index.html", "background.html", "management.html", "about.html", "404.html",
         "cases/index.html", *(f"cases/{c.id}.html" for c in ATLAS.cases),
         "modalities/index.html",
         *(f"modalities/{m.slug}.html" for m in ATLAS.modalities.values()),
         "explorer.html", "key-points.html",
         "quizzes/index.html", *(f"quizzes/{q.id}.html" for q in ATLAS.quizzes),
         "references.html", "glossary.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_requests_only_its_own_host(recorded, site_url: str, path: str) -> None:
    recorded.page.goto(f"{site_url}/{path}")
    recorded.page.wait_for_load_state("networkidle")
    assert recorded.requests, "the page made no requests at all: is the recorder wired?"
    assert recorded.foreign_requests() == []


def test_every_other_page_requests_only_its_own_host(recorded, site_url: str,
                                                      built_site) -> None:
    """Pages added since this list was written (exam, handout, guide…) are covered too."""
    others = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                    if p.relative_to(built_site).as_posix() not in PAGES)
    for path in others:
        recorded.page.goto(f"{site_url}/{path}")
        recorded.page.wait_for_load_state("networkidle")
        assert recorded.foreign_requests() == [], path
    assert recorded.requests
