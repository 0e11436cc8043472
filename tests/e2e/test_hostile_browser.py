"""Hostile authored text in Chromium: nothing runs, nothing hides the page, links are inert,
no dialog opens and nothing is requested from another host.

The atlas of tests/hostile_corpus.py (every attack in every text field of the models, a
hostile hand-written page too) is built once, served on 127.0.0.1 and every page is loaded,
provoked, hovered, clicked and used as a reader would; the lightbox is opened on every
picture. The zero-external-requests rule of tests/e2e/test_offline.py holds here too.
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

PAGES = ["index.html", "cases/case-test.html", "cases/case-test-unknown.html",
         "cases/index.html", "quizzes/topic.html", "quizzes/index.html", "references.html",
         "glossary.html", "key-points.html", "modalities/ct.html", "modalities/index.html",
         "explorer.html", "exam.html", "handout.html", "progress.html", "background.html"]
PAGE_ATTACK = """# Background

Text [@ref-a].

<script>window.__pwned=20</script><img src=x onerror="window.__pwned=21">
<iframe src="javascript:window.__pwned=22"></iframe><a href="javascript:window.__pwned=23">a</a>
<div style="display:none" onmouseover="window.__pwned=24">b</div>
<svg><script>window.__pwned=25</script><a xlink:href="javascript:window.__pwned=26">c</a></svg>
<a class="glightbox" href="#" data-description="&lt;img src=x onerror=window.__pwned=27&gt;">d</a>
<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=28></style></mglyph>
"""
"""A hand-written page: raw HTML is Markdown's to keep, the sanitiser's to drop."""
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
    (root / "content" / "background.md").write_text(PAGE_ATTACK)
    result = run_atlas("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    HOSTILE_SITES.append(root / "site")
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


HOSTILE_SITES: list = []


@pytest.fixture
def hostile_site_dir(hostile_url: str):
    return HOSTILE_SITES[-1]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page that records every dialog and every request to another host (and aborts it)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    foreign: list[str] = []
    dialogs: list[str] = []

    def route(request_route) -> None:
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            foreign.append(url)
            request_route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()
    assert foreign == [], f"requests to other hosts: {foreign[:5]}"
    assert dialogs == [], f"dialogs opened: {dialogs[:5]}"


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


@pytest.mark.parametrize("path", ["cases/case-test.html", "explorer.html",
                                  "modalities/ct.html", "background.html"])
def test_the_lightbox_shows_captions_as_text(page: Page, hostile_url: str, path: str) -> None:
    """The lightbox inserts a description as HTML: entities without their ';' in a caption
    once ran there."""
    page.goto(f"{hostile_url}/{path}")
    page.wait_for_load_state("networkidle")
    links = page.locator("a.glightbox")
    assert links.count() > 0
    for n in range(min(links.count(), 6)):
        link = links.nth(n)
        if not link.is_visible():
            continue
        link.click()
        page.wait_for_timeout(400)
        assert_safe(page)
        page.keyboard.press("Escape")
        page.wait_for_timeout(300)
    assert_safe(page)


def test_no_page_of_the_hostile_site_requests_another_host(page: Page, hostile_url: str,
                                                           hostile_site_dir) -> None:
    """The offline rule over every page of the hostile site (the fixture checks requests)."""
    pages = sorted(p.relative_to(hostile_site_dir).as_posix()
                   for p in hostile_site_dir.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        page.goto(f"{hostile_url}/{path}")
        page.wait_for_load_state("networkidle")
        page.evaluate(PROVOKE)
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
