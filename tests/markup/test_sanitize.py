"""The markup layer's defences, one by one: nesting limits, remote sources, the canonical
escape, and the sanitiser every page and export goes through."""
from __future__ import annotations

import html

import markdown
import pytest

from builder.markup.limits import nesting_problem
from builder.markup.remote import is_remote, remote_sources
from builder.markup.sanitize import SafeMarkdown, attribute, clean_html, escape_markup, plain


@pytest.mark.parametrize(("text", "says"), [
    ("\n".join("    " * i + "- item" for i in range(400)), "nests 13 levels deep"),
    ("> " * 400 + "quote", "nests 400 levels deep"),
    ("*" * 3000 + "x" + "*" * 3000, "a run of 3000 '*'"),
    ("[" * 40 + "x", "nests brackets more than 12 deep"),
    ("(" * 20 + "x" + ")" * 20, "nests brackets more than 12 deep"),
])
def test_nesting_that_would_exhaust_markdown_is_refused(text: str, says: str) -> None:
    problem = nesting_problem(text)
    assert problem and says in problem[1]


def test_ordinary_text_is_not_limited() -> None:
    assert nesting_problem("A (list [@a; @b]) with **bold**, ---- and ____ blanks.\n"
                           "- one\n    - two\n        - three") is None


@pytest.mark.parametrize("url", ["https://h/p.png", "//h/p.png", "\\\\h\\p.png", "/\\h/p.png",
                                 " \thttps://h/p.png", "&#x2F;&#x2F;h/p.png", "HTTPS://h/p",
                                 "ftp://h/p.png", "ht\ntps://h/p.png"])
def test_remote_addresses(url: str) -> None:
    assert is_remote(url)


@pytest.mark.parametrize("url", ["../img/a.png", "a.png", "/assets/a.png", "#x",
                                 "data:image/png;base64,AAA", "javascript:void(0)"])
def test_addresses_that_fetch_nothing_from_elsewhere(url: str) -> None:
    assert not is_remote(url)


def test_markdown_and_html_sources_are_found_with_their_line() -> None:
    text = ("![a](https://h/1.png)\n![b][r]\n\n[r]: //h/2.png\n<img src='//h/3.png'>\n"
            '<div style="background:url(https://h/4.png)"></div>\n<img srcset="a.png 1x, '
            '//h/5.png 2x">\n[link](https://fine.org)')
    assert [u for _, u in remote_sources(text)] == [
        "https://h/1.png", "//h/2.png", "//h/3.png", "https://h/4.png", "//h/5.png"]
    assert list(remote_sources(text, raw_html=False)) == [(1, "https://h/1.png"),
                                                           (4, "//h/2.png")]


@pytest.mark.parametrize("typed", ["&ltimg src=x onerror=alert(1)>", "&#60img src=x>",
                                   "&#x3cimg src=x>", "&LT;img src=x>", "&#0000060;img>",
                                   "<img src=x>", "&lt;img src=x>", "&#x3C;/script>"])
def test_no_decoding_of_authored_text_makes_a_tag(typed: str) -> None:
    """What a script may hand to an HTML parser: the text a reader sees, or an attribute's
    value as the browser decodes it. (Decoding an entity yields text, never a tag.)"""
    canonical = escape_markup(typed)
    for decoded in (plain(canonical), html.unescape(attribute(canonical))):
        assert "<img" not in decoded.lower() and "</script" not in decoded.lower()


def test_the_canonical_form_keeps_what_the_author_typed() -> None:
    assert plain(escape_markup("R&D, < 5 %, &para; and &amp;")) == "R&D, < 5 %, ¶ and &"
    assert plain(escape_markup("a &lt b &notaname; c")) == "a &lt b &notaname; c"


def test_the_markdown_scrubber_drops_remote_images() -> None:
    out = markdown.markdown("![x](https://h/p.png) ![y](a.png)\n\n![z][t]\n\n[t]: //h/q.png",
                            extensions=[SafeMarkdown()])
    assert "h/p.png" not in out and "h/q.png" not in out and 'src="a.png"' in out


def test_the_sanitiser_keeps_the_atlas_markup_and_drops_the_rest() -> None:
    kept = ('<form class="atlas-quiz" data-kind="single"><input type="radio" name="a" '
            'value="0" checked><button type="button">Check</button></form><svg '
            'viewBox="0 0 2 2" aria-hidden="true"><path d="M0 0"></path></svg>'
            '<table><tbody><tr><td style="text-align: left;">1</td></tr></tbody></table>')
    assert clean_html(kept).count("<") == kept.count("<")
    assert 'style="text-align:left"' in clean_html(kept)
    dropped = clean_html(
        '<script>x()</script><img src=x onerror=y()><iframe src=//h></iframe><a '
        'href="javascript:z()">a</a><img src="//h/p.png"><p style="display:none">p</p>'
        '<b title="<img src=x>">b</b><svg><a xlink:href="javascript:1">c</a><use '
        'href="//h/s.svg#x"/></svg><math><mtext><table><mglyph><style><img src=x '
        'onerror=w()></style>')
    for bad in ("script", "onerror", "iframe", "javascript", "//h", "display", "<use",
                "<img src=x", "<style"):
        assert bad not in dropped, (bad, dropped)
    assert 'title="‹img src=x&gt;"' in dropped
