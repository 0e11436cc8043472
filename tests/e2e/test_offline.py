"""The site asks nothing of any host but the one serving it, on every page kind."""
from __future__ import annotations

import pytest

from builder.load import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
PAGES = ["index.html", "background.html", "cases/index.html", f"cases/{ATLAS.cases[0].id}.html",
         "modalities/index.html", f"modalities/{next(iter(ATLAS.modalities.values())).slug}.html",
         "key-points.html", "quizzes/index.html", f"quizzes/{ATLAS.quizzes[0].id}.html",
         "references.html", "glossary.html"]


@pytest.mark.parametrize("path", PAGES)
def test_page_requests_only_its_own_host(recorded, site_url: str, path: str) -> None:
    recorded.page.goto(f"{site_url}/{path}")
    recorded.page.wait_for_load_state("networkidle")
    assert recorded.requests, "the page made no requests at all: is the recorder wired?"
    assert recorded.foreign_requests() == []
