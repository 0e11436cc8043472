"""Authored text cannot inject markup: what an educator types is shown, never executed.

Two layers. Every authored text field is neutralised at load time (see ``escape_markup``), so
no tag can form from a case file, whatever it contains. A Markdown tree processor then drops
what Markdown itself can make dangerous: event-handler and style attributes (attr_list's
``{: onclick=…}``) and links or sources with a scheme other than http, https or mailto.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

SAFE_SCHEMES = {"", "http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "data"}


LT_ENTITY = re.compile(r"&(?:lt|#0*60|#x0*3c);", re.I)
TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def escape_markup(text: str) -> str:
    """Authored text in which no tag can ever form.

    A ``<`` that could open a tag (``<img``, ``</``, ``<!``), typed or entity-encoded, becomes
    ``‹``: escaping alone is not enough, because Material's tooltips render an element's
    title or text as HTML. Any other ``<`` (``< 5 %``) is escaped and shows as typed.
    """
    return TAG_OPEN.sub("‹", LT_ENTITY.sub("<", text)).replace("<", "&lt;")


def plain(text: str) -> str:
    """Authored text back to what the author typed, for contexts that escape by themselves."""
    return html.unescape(text)


def safe_url(url: str) -> bool:
    cleaned = "".join(ch for ch in html.unescape(url) if ch.isprintable() and not ch.isspace())
    try:
        return urlsplit(cleaned).scheme.lower() in SAFE_SCHEMES
    except ValueError:
        return False


class _Scrub(Treeprocessor):
    def run(self, root: Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith("on") or lowered in ("style", "srcdoc"):
                    del element.attrib[name]
                elif lowered in URL_ATTRIBUTES and not safe_url(element.attrib[name]):
                    del element.attrib[name]
                    if element.tag in ("a", "img"):  # keep its text, lose the link
                        element.text = element.text or element.attrib.pop("alt", "")
                        element.tag = "span"


class SafeMarkdown(Extension):
    """Registered by the atlas plugin for every page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_Scrub(md), "atlas-scrub", 0)
