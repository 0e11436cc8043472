"""The site copied onto a stick and opened from file:// works with the network off.

One browser context, offline, walks the site as a reader would: the navigation, Material's
search (which needs the locally served iframe-worker shim on file://), a quiz, a timeline
marker and the explorer. Every request any page or worker makes is recorded: all of them
must be file:// (data: and blob: URLs are in-memory, not requests to a host).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from builder.checks import load_atlas
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = ATLAS.cases[0]
QUIZ = ATLAS.quizzes[0]
IN_MEMORY = {"data", "blob", "about"}


@pytest.fixture(scope="module")
def stick(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site copied elsewhere, as onto a USB stick."""
    target = tmp_path_factory.mktemp("stick") / "nho-atlas"
    shutil.copytree(built_site, target)
    return target


@pytest.fixture(scope="module")
def offline(browser: Browser) -> Iterator[tuple[BrowserContext, list[str]]]:
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    yield context, requests
    context.close()


@pytest.fixture
def page(offline: tuple[BrowserContext, list[str]]) -> Iterator[Page]:
    context, _ = offline
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert errors == [], f"JavaScript errors: {errors}"


def url(stick: Path, path: str) -> str:
    return (stick / path).as_uri()


def test_navigation_reaches_a_case(page: Page, stick: Path) -> None:
    page.goto(url(stick, "index.html"))
    nav = page.locator(".md-sidebar--primary")
    nav.locator(f'a[href="cases/{CASE.id}.html"]').click()
    expect(page).to_have_url(url(stick, f"cases/{CASE.id}.html"))
    expect(page.locator("h1")).to_contain_text(CASE.title)
    page.locator(".md-sidebar--primary").locator('a[href="../glossary.html"]').click()
    expect(page).to_have_url(url(stick, "glossary.html"))


def test_search_works_from_file(page: Page, stick: Path) -> None:
    page.goto(url(stick, "index.html"))
    box = page.locator("input.md-search__input")
    expect(box).to_be_visible()  # Material hides it when its search worker cannot start
    box.click()
    box.press_sequentially("etidronate", delay=30)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15_000)
    assert "etidronate" in results.first.inner_text().lower()
    results.first.locator("a").first.click()
    assert page.url.startswith("file://")


def test_search_index_waits_until_search_is_used(page: Page, stick: Path) -> None:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(url(stick, f"cases/{CASE.id}.html"))
    page.wait_for_load_state("load")  # Material asks for the index while it starts
    assert [u for u in seen if "search_index" in u or "/workers/search" in u] == []
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("indomethacin", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=15_000)
    assert any(u.endswith("/search/search_index.js") for u in seen)


def test_quiz_answer_can_be_checked(page: Page, stick: Path) -> None:
    page.goto(url(stick, f"quizzes/{QUIZ.id}.html"))
    form = page.locator("form.atlas-quiz").first
    for box in form.locator("input[data-correct]").all():
        box.check()
    form.get_by_role("button", name="Check answer").click()
    expect(form.locator(".atlas-quiz-result")).to_have_text("Correct.")
    expect(page.locator("[data-atlas-score]")).to_contain_text("Score: 1 of")


def test_timeline_marker_jumps_to_its_study(page: Page, stick: Path) -> None:
    page.goto(url(stick, f"cases/{CASE.id}.html"))
    last = CASE.studies[-1]
    page.locator(f'svg.atlas-timeline-svg a[href="#study-{last.id}"]').click()
    expect(page).to_have_url(url(stick, f"cases/{CASE.id}.html") + f"#study-{last.id}")
    expect(page.locator(f"#study-{last.id}")).to_be_in_viewport()


def test_explorer_step_control_changes_the_step(page: Page, stick: Path) -> None:
    page.goto(url(stick, "explorer.html"))
    radios = page.locator('input[name="explorer-step"]')
    steps = page.locator(".atlas-explorer-step")
    assert radios.count() == steps.count() >= 2
    expect(steps.nth(0)).to_be_visible()
    expect(steps.nth(1)).to_be_hidden()
    radios.nth(1).check()
    expect(steps.nth(1)).to_be_visible()
    expect(steps.nth(0)).to_be_hidden()
    assert steps.nth(0).get_attribute("hidden") is not None
    expect(page.locator(".atlas-explorer-status")).to_contain_text("Showing")


def test_zz_nothing_but_file_urls_was_requested(offline: tuple[BrowserContext, list[str]],
                                               page: Page, stick: Path) -> None:
    """Run last in this module (pytest keeps file order): every page above has been loaded."""
    for path in ("references.html", "key-points.html", "modalities/index.html"):
        page.goto(url(stick, path))
        page.wait_for_load_state("load")
    _, requests = offline
    assert any(u.endswith("/assets/vendor/iframe-worker/shim.js") for u in requests)
    assert len(requests) > 20, requests
    foreign = sorted({u for u in requests
                      if urlparse(u).scheme != "file" and urlparse(u).scheme not in IN_MEMORY})
    assert foreign == []
