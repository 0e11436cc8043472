"""What in authored text would make a reader's browser fetch something from another site.

The atlas works offline and tells no one who reads it: a page loads nothing from elsewhere.
An image or other media from an absolute (``https://host/b.png``) or protocol-relative
(``//host/p.png``) address would be fetched on every visit, so such sources are found in
every authored text (Markdown images, inline or by reference; HTML src, srcset, poster and
data attributes; CSS ``url()``) and refused where they are written. Links to other sites
stay allowed: following one is the reader's choice.
"""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

INLINE_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)")
REFERENCE_IMAGE = re.compile(r"!\[((?:[^\]\\]|\\.)*)\](?:\s?\[((?:[^\]\\]|\\.)*)\])?")
DEFINITION = re.compile(r"^ {0,3}\[((?:[^\]\\]|\\.)+)\]:\s*<?(\S*?)>?(?:\s|$)", re.M)
ATTRIBUTE = re.compile(r"""\b(?:src|srcset|poster|data|background|xlink:href)\s*=\s*"""
                       r"""(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]*)""", re.I)
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
INERT_SCHEMES = {"data", "javascript", "vbscript", "about", "blob"}
"""Schemes that fetch nothing (a javascript: source does not run in an image; the
sanitiser drops it all the same)."""


def is_remote(url: str) -> bool:
    """Whether loading ``url`` from a page would reach another host: it starts with '//'
    (browsers read '\\' as '/' and skip tabs and newlines) or has a scheme that fetches."""
    cleaned = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    cleaned = cleaned.replace("\\", "/").lstrip()
    if cleaned.startswith("//"):
        return True
    scheme = SCHEME.match(cleaned)
    return bool(scheme) and scheme.group(1).lower() not in INERT_SCHEMES


def remote_sources(text: str, raw_html: bool = True) -> Iterator[tuple[int, str]]:
    """(line within ``text``, address) of every remote source that ``text`` would load; with
    ``raw_html`` False (record fields, where HTML is shown as text), Markdown images only."""
    found: list[tuple[int, str]] = []
    definitions = {m.group(1).strip().lower(): m for m in DEFINITION.finditer(text)}
    for match in INLINE_IMAGE.finditer(text):
        found.append((match.start(1), match.group(1)))
    for match in REFERENCE_IMAGE.finditer(text):
        label = (match.group(2) or match.group(1)).strip().lower()
        if label in definitions:
            definition = definitions[label]
            found.append((definition.start(2), definition.group(2)))
    for match in ATTRIBUTE.finditer(text) if raw_html else ():
        value = next(v for v in match.groups() if v is not None)
        for part in value.split(","):  # srcset lists several
            found.append((match.start(), part.strip().split(" ")[0]))
    for match in CSS_URL.finditer(text) if raw_html else ():
        found.append((match.start(1), match.group(1)))
    seen = set()
    for start, url in sorted(found):
        if is_remote(url) and url not in seen:
            seen.add(url)
            yield text.count("\n", 0, start) + 1, url
