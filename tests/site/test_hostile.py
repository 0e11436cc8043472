"""Hostile authored text is shown, never run: a case file cannot inject markup or script.

A copy of the fixture atlas gets, in many different fields of every kind of record, script
tags, event handlers, javascript: and data: links, an iframe, a style sheet, attr_list
attributes (``{: onclick=… }``, ``{: style=… }``) and quote break-outs of attributes. The
site is built; no page may contain any of it as live markup, and each field's text must
still be on the page (escaped, not silently dropped). tests/e2e/test_hostile.py loads the
same pages in Chromium.

The last test feeds every entry of the bad-input corpus (tests/data/bad) to ``atlas build``
over a site built before: each must fail cleanly and leave that site byte for byte.
"""
from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hostile_corpus import build_hostile_atlas

from support import DATA, ROOT, make_fixture_atlas, run_atlas

TOOLTIPS = "content.tooltips" in (ROOT / "mkdocs.yml").read_text()


class Live(HTMLParser):
    """Collects what would run or restyle: the markup the payloads must not become."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self._nav_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag in ("iframe", "frame", "object", "embed"):
            self.found.append(f"{where} element")
        if tag in ("script", "style"):
            self._in = tag
        if tag == "span" and "md-ellipsis" in (dict(attrs).get("class") or ""):
            self._nav_title = True
        for name, value in attrs:
            value = value or ""
            squashed = "".join(value.split()).lower()
            if name.startswith("on") and "__pwned" in value:
                self.found.append(f"{where} {name}={value!r}")
            elif name == "style" and "display:none" in squashed:
                self.found.append(f"{where} style={value!r}")
            elif name in ("href", "src", "xlink:href", "action", "formaction", "data") and (
                    squashed.startswith(("javascript:", "data:text/html", "vbscript:"))):
                self.found.append(f"{where} {name}={value!r}")
            elif name == "src" and value == "x":
                self.found.append(f"{where} src=x (the injected image)")
            elif name == "data-pwned":
                self.found.append(f"{where} attribute break-out {name}")
            elif name == "title" and TOOLTIPS and "<" in value:
                self.found.append(f"{where} title={value[:50]!r}... (a tooltip shows it as "
                                  f"HTML)")
            if name in ("alt", "title", "aria-label", "content"):
                self.text.append(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == self._in:  # <script … /> and <style/> have no content
            self._in = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
        if tag == "span":
            self._nav_title = False

    def handle_data(self, data: str) -> None:
        if self._in == "script" and "__pwned" in data:
            self.found.append(f"line {self.getpos()[0]}: script {data.strip()[:60]!r}")
        elif self._in == "style" and "body{display:none}" in "".join(data.split()):
            self.found.append(f"line {self.getpos()[0]}: style sheet {data.strip()[:60]!r}")
        elif self._in is None:
            self.text.append(data)
            if self._nav_title and TOOLTIPS and "<" in data:
                self.found.append(f"line {self.getpos()[0]}: navigation title "
                                  f"{data.strip()[:50]!r}... (a tooltip shows it as HTML)")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("hostile") / "atlas"
    markers = build_hostile_atlas(root)
    result = run_atlas("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site", markers


def live_markup(site: Path) -> tuple[dict[str, list[str]], str]:
    found, text = {}, []
    for page in sorted(site.rglob("*.html")):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        if parser.found:
            found[page.relative_to(site).as_posix()] = parser.found
        text += parser.text
    return found, " ".join(text)


def test_no_payload_becomes_live_markup(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    found, _ = live_markup(site)
    lines = [f"{page}: {item}" for page, items in found.items() for item in items]
    if lines:
        pytest.fail(f"{len(lines)} live markup item(s) from authored text in {len(found)} "
                    f"page(s); the first 30:\n" + "\n".join(lines[:30]), False)


def test_every_poisoned_field_is_shown_as_text(hostile_site: tuple[Path, list[str]]) -> None:
    """Escaped, not dropped: each field's marker and its payloads are readable on a page."""
    site, markers = hostile_site
    _, text = live_markup(site)
    missing = [m for m in markers if m.lower() not in text.lower()]  # some are capitalised
    assert not missing, f"fields not on any page: {missing}"
    # a "<" that would open a tag is shown as "‹" (builder.sanitize.escape_markup)
    assert "‹script>window.__pwned=1‹/script>" in text
    assert '‹img src=x onerror="window.__pwned=2">' in text
    assert "1337" not in text, "authored text was evaluated as a template"


def test_the_check_catches_live_markup(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<p onclick="window.__pwned=4">x</p><iframe src="https://example.com"></iframe>'
        '<a href=" javascript:window.__pwned=3">c</a><script>window.__pwned=1</script>'
        '<style>body { display: none }</style><img src=x onerror="window.__pwned=2">'
        '<p style="display: none">y</p><img alt="" data-pwned="">'
        '<abbr title="&lt;img src=x&gt;">A</abbr><span class="md-ellipsis">&lt;b&gt;</span>')
    found, _ = live_markup(tmp_path)
    assert len(found["a.html"]) == 9 + 2 * TOOLTIPS, found


# --- the bad-input corpus against a built site ---------------------------------------------

BAD = sorted(p for p in (DATA / "bad").iterdir() if p.suffix == ".yaml")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The fixture atlas, built once with --strict, and its site's digest."""
    root = make_fixture_atlas(tmp_path_factory.mktemp("good") / "atlas")
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, tree_digest(root / "site")


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_bad_input_fails_the_build_and_keeps_the_site(
        bad: Path, built_fixture: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    good, digest = built_fixture
    root = tmp_path / "atlas"
    shutil.copytree(good, root, symlinks=True)
    shutil.copy(bad, root / bad.with_suffix(".target").read_text().strip())
    expected = bad.with_suffix(".expect").read_text().strip()
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line.removeprefix("WARNING -  ") for line in result.stderr.splitlines()]
    assert expected in lines, result.stderr  # a warning too stops a strict build
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(root / "site") == digest
    assert not list(root.glob(".site*")), "a staging folder was left behind"
