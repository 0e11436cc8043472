"""Every internal link, script, stylesheet and image in the built site resolves.

A small checker over ``site/``: each relative URL in an HTML attribute (href, src, srcset,
poster, data, xlink:href) or a CSS ``url()`` must name a file that exists, and its
``#fragment``, if any, an ``id`` (or ``<a name>``) in that file. External URLs are not
fetched (the site works offline); ``javascript:`` URLs are errors wherever they appear. Only
``404.html`` may use root-absolute paths: a server shows it at any URL, so MkDocs writes its
links from the site's root.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

URL_ATTRIBUTES = {"href", "src", "poster", "data", "xlink:href"}
EXTERNAL = {"http", "https", "mailto", "data", "blob", "tel"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class Page(HTMLParser):
    """The ids a page defines and the (line, URL) pairs it refers to."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[int, str]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in URL_ATTRIBUTES:
                self.urls.append((line, value))
            elif name in ("srcset", "imagesrcset"):
                self.urls += [(line, part.split()[0]) for part in value.split(",")
                              if part.strip()]

    handle_startendtag = handle_starttag


@cache
def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def references(site: Path) -> Iterator[tuple[Path, int, str]]:
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            yield from ((path, line, url) for line, url in parse(path).urls)
        elif path.suffix == ".css":
            text = path.read_text(encoding="utf-8")
            for match in CSS_URL.finditer(text):
                yield path, text.count("\n", 0, match.start()) + 1, match.group(2)


def problem(site: Path, source: Path, url: str) -> str | None:
    """What is wrong with one reference, or None when it resolves."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "javascript":
        return "javascript: URL"
    if scheme in EXTERNAL or parts.netloc:
        return None
    if scheme:
        return f"unexpected scheme {scheme!r}"
    base = source.parent
    if parts.path.startswith("/"):
        if source != site / "404.html":
            return "absolute path: breaks under a sub-path and from file://"
        base = site  # served at any URL, MkDocs' 404 page links from the site's root
    target = (base / unquote(parts.path.lstrip("/"))).resolve() if parts.path else source
    if target.is_dir():
        target = target / "index.html"
    if not target.is_relative_to(site.resolve()):
        return "points outside the site"
    if not target.is_file():
        return "no such file"
    fragment = unquote(parts.fragment)
    if fragment and target.suffix == ".html" and fragment not in parse(target).ids:
        return f"no id {fragment!r} in {target.relative_to(site.resolve()).as_posix()}"
    return None


def broken_links(site: Path) -> tuple[int, list[str]]:
    site = site.resolve()
    checked, broken = 0, []
    for source, line, url in references(site):
        checked += 1
        why = problem(site, source, url)
        if why:
            broken.append(f"{source.relative_to(site).as_posix()}:{line}: {url}: {why}")
    return checked, broken


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    checked, broken = broken_links(built_site)
    print(f"checked {checked} references in {built_site}")
    assert checked > 1000, f"only {checked} references found: is the parser wired?"
    if broken:
        pytest.fail(f"{len(broken)} broken reference(s):\n" + "\n".join(broken), False)


def test_checker_finds_broken_links(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "style.css").write_text("p { background: url('../gone.png') }")
    (tmp_path / "index.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="#gone">x</a> <a href="a/b.html">x</a>'
        '<img src="x.png" srcset="index.html 1x, y.png 2x"> <a href="index.html#here">ok</a>'
        '<a href="https://example.org/">ok</a> <a href="javascript:alert(1)">x</a>'
        '<a href="/index.html">x</a> <a href="../outside.html">x</a>')
    _, broken = broken_links(tmp_path)
    assert [b.split(": ", 1)[0] for b in broken] == [
        "a/style.css:1", "index.html:1", "index.html:1", "index.html:1", "index.html:1",
        "index.html:1", "index.html:1", "index.html:1"]
    reasons = " | ".join(broken)
    for url in ("../gone.png", "#gone", "a/b.html", "x.png", "y.png", "javascript:alert(1)",
                "/index.html", "../outside.html"):
        assert f": {url}: " in reasons, url


def test_every_file_is_world_readable(built_site: Path) -> None:
    """A web server (or linkchecker, which drops to user nobody) can read the whole site."""
    unreadable = [p.relative_to(built_site).as_posix() for p in [built_site, *built_site.rglob("*")]
                  if not p.stat().st_mode & (0o005 if p.is_dir() else 0o004)]
    assert unreadable == []
