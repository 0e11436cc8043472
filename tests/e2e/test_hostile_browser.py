"""Hostile authored text in Chromium: nothing runs, nothing hides the page, links are inert.

The atlas of tests/test_hostile.py (script, event handlers, javascript: links, an iframe, a
style sheet and attr_list attributes in every kind of field) is built once, served on
127.0.0.1 and each page is loaded, hovered, clicked and used as a reader would.
"""
from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from hostile_corpus import build_hostile_atlas  # the same atlas as tests/site/test_hostile.py
from playwright.sync_api import Browser, Page, expect

from support import run_atlas

PAGES = ["index.html", "cases/case-test.html", "cases/index.html", "quizzes/topic.html",
         "quizzes/index.html", "references.html", "glossary.html", "key-points.html",
         "modalities/ct.html", "modalities/index.html", "explorer.html"]
HANDLERS = """() => [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith('on') || (/^(href|src)$/.test(a.name)
                 && /^\\s*(javascript:|vbscript:|data:text\\/html)/i.test(a.value)))
    .map(a => e.tagName + ' ' + a.name + '=' + a.value))"""
PROVOKE = """() => { for (const e of document.querySelectorAll('body *')) {
    for (const type of ['mouseover', 'mouseenter', 'focus', 'error', 'load'])
        e.dispatchEvent(new Event(type));
    if (!e.closest('a[href], button, label, input, summary'))
        e.dispatchEvent(new MouseEvent('click'));
} }"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, *args: object) -> None:  # a page closed mid-download: no matter
        pass


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile-e2e") / "atlas"
    build_hostile_atlas(root)
    result = run_atlas("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/*", lambda route: route.continue_()
                  if route.request.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                  else route.abort())  # an escaped payload never reaches another host
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.dismiss())
    yield page
    context.close()


def assert_safe(page: Page) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", page.evaluate(
        "window.__pwned")
    expect(page.locator("iframe")).to_have_count(0)
    expect(page.locator("body")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).display") != "none"
    assert page.evaluate(HANDLERS) == []


@pytest.mark.parametrize("path", PAGES)
def test_page_runs_no_authored_script(page: Page, hostile_url: str, path: str) -> None:
    page.goto(f"{hostile_url}/{path}")
    page.wait_for_load_state("networkidle")
    assert_safe(page)
    page.evaluate(PROVOKE)
    page.wait_for_timeout(100)
    assert_safe(page)


@pytest.mark.parametrize("path", ["cases/case-test.html", "quizzes/topic.html"])
def test_clicking_the_injected_links_runs_nothing(page: Page, hostile_url: str,
                                                  path: str) -> None:
    page.goto(f"{hostile_url}/{path}")
    clicked = 0
    for name in ("click", "click2", "data", "pic"):  # javascript: and data: links
        targets = page.get_by_text(name, exact=True)
        assert targets.count() > 0, f"the {name!r} link text is missing"
        for target in targets.all()[:4]:
            if target.is_visible():
                target.click()
                clicked += 1
                assert page.url.startswith(f"{hostile_url}/{path}"), page.url
                assert_safe(page)
    assert clicked >= 4


@pytest.mark.parametrize("path", ["cases/case-test.html", "quizzes/topic.html",
                                  "glossary.html", "modalities/ct.html"])
def test_tooltips_run_nothing(page: Page, hostile_url: str, path: str) -> None:
    """Hover every titled element (abbreviations, titled links) and every navigation title."""
    page.goto(f"{hostile_url}/{path}")
    page.wait_for_load_state("networkidle")
    hovered = 0
    for target in page.locator(".md-content [title], .md-sidebar--primary .md-ellipsis").all():
        if target.is_visible():
            target.hover(force=True)
            page.wait_for_timeout(50)
            hovered += 1
    assert hovered > 3
    assert_safe(page)


def test_quiz_feedback_and_abbreviations_run_nothing(page: Page, hostile_url: str) -> None:
    page.goto(f"{hostile_url}/quizzes/topic.html")
    for form in page.locator("form.atlas-quiz").all():
        for box in form.locator("input[data-correct]").all():
            box.check()
        form.get_by_role("button", name="Check answer").click()
        form.get_by_role("button", name="Try again").click()
        form.locator("input:not([data-correct])").first.check()
        form.get_by_role("button", name="Check answer").click()
    assert_safe(page)
    page.goto(f"{hostile_url}/glossary.html")
    abbr = page.locator("abbr").first
    abbr.hover(force=True)
    page.wait_for_timeout(300)
    assert_safe(page)


def test_explorer_steps_and_search_run_nothing(page: Page, hostile_url: str) -> None:
    page.goto(f"{hostile_url}/explorer.html")
    for radio in page.locator('input[name="explorer-step"]').all():
        radio.check()
    assert_safe(page)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("pwned", delay=30)
    expect(page.locator(".md-search-result__item").first).to_be_visible()
    page.wait_for_timeout(300)
    assert_safe(page)
