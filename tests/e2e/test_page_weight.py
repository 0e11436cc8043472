"""What a first visit loads: only what the page needs, the rest on demand.

The search index and Material's search worker wait until the reader first uses search;
GLightbox until a picture is first opened; each atlas script loads only on pages that need it.
"""
from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from builder.checks import load_atlas
from builder.questions.kinds import KINDS
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = ATLAS.cases[0]
CT_CASE, CT_FIGURE = next((c, f) for c in ATLAS.cases for s in c.studies if s.modality == "CT"
                          for f in s.figures)


def loaded(requests: list[str], part: str) -> list[str]:
    return [u for u in requests if part in u]


def atlas_scripts(requests: list[str]) -> set[str]:
    return {u.rsplit("/", 1)[1] for u in requests if "/assets/atlas/" in u and u.endswith(".js")}


def test_search_loads_its_index_only_when_used(recorded, site_url: str) -> None:
    page = recorded.page
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    page.wait_for_load_state("networkidle")
    assert loaded(recorded.requests, "search_index") == []
    assert loaded(recorded.requests, "/workers/search") == []
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("etidronate", delay=30)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    assert "etidronate" in results.first.inner_text().lower()
    assert len(loaded(recorded.requests, "search/search_index.json")) == 1
    assert loaded(recorded.requests, "/workers/search")


def test_search_key_starts_loading_the_index(recorded, site_url: str) -> None:
    page = recorded.page
    page.goto(f"{site_url}/index.html")
    page.wait_for_load_state("networkidle")
    assert loaded(recorded.requests, "search_index") == []
    page.keyboard.press("/")  # Material's shortcut opens search
    expect(page.locator("input.md-search__input")).to_be_focused()
    page.keyboard.type("heterotopic", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert loaded(recorded.requests, "search/search_index.json")


def test_a_search_result_highlights_its_words(recorded, site_url: str) -> None:
    """Arriving from a result (?h=) needs the index at once, to highlight the words."""
    page = recorded.page
    page.goto(f"{site_url}/cases/{CASE.id}.html?h=etidronate")
    expect(page.locator("article mark").first).to_be_visible(timeout=15_000)
    assert loaded(recorded.requests, "search/search_index.json")


def test_lightbox_loads_on_first_opening(recorded, site_url: str) -> None:
    page = recorded.page
    page.goto(f"{site_url}/cases/{CT_CASE.id}.html")
    page.wait_for_load_state("networkidle")
    assert loaded(recorded.requests, "glightbox") == []
    figure = page.locator(f"#{CT_FIGURE.id}")
    figure.scroll_into_view_if_needed()
    opener = figure.locator(".atlas-figure-view:not([hidden]) a.glightbox")
    opener.click()
    slide = page.locator(".glightbox-container .gslide.current img")
    expect(slide).to_be_visible()
    assert slide.get_attribute("alt") == CT_FIGURE.alt
    expect(page.locator(".glightbox-container .gslide.current .gslide-desc")).to_contain_text(
        "Simulated illustration, not a patient image.")
    assert len(loaded(recorded.requests, "glightbox.min.js")) == 1
    assert len(loaded(recorded.requests, "glightbox.min.css")) == 1
    page.keyboard.press("Escape")
    expect(page.locator(".glightbox-container")).to_have_count(0)
    opener.click()  # the second time GLightbox is there already
    expect(slide).to_be_visible()
    assert len(loaded(recorded.requests, "glightbox.min.js")) == 1


def test_pages_load_only_the_scripts_they_need(recorded, site_url: str) -> None:
    page = recorded.page
    page.goto(f"{site_url}/index.html")
    page.wait_for_load_state("networkidle")
    assert atlas_scripts(recorded.requests) == {"search-on-demand.js"}
    recorded.requests.clear()
    page.goto(f"{site_url}/references.html")
    page.wait_for_load_state("networkidle")
    assert atlas_scripts(recorded.requests) == {"search-on-demand.js"}
    recorded.requests.clear()
    page.goto(f"{site_url}/explorer.html")
    page.wait_for_load_state("networkidle")
    assert atlas_scripts(recorded.requests) == {"search-on-demand.js", "explorer.js",
                                                "figure.js"}
    assert loaded(recorded.requests, "palette") == []  # the colours are in atlas.css


def test_a_case_loads_its_question_kinds_in_order(page: Page, site_url: str,
                                                  built_site: Path) -> None:
    page.goto(f"{site_url}/cases/{CASE.id}.html")
    scripts = page.eval_on_selector_all(
        "script[src*='assets/atlas/']", "all => all.map(s => s.src.split('/').pop())")
    html = (built_site / "cases" / f"{CASE.id}.html").read_text()
    kinds = [kind.script for kind in KINDS.values()
             if kind.script and f'data-kind="{kind.name}"' in html]
    assert scripts == ["search-on-demand.js", "store.js", *kinds, "quiz.js", "figure.js"]
    expect(page.locator("form.atlas-quiz .atlas-quiz-controls").first).to_be_attached()
