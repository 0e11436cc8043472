"""Authored text cannot inject markup: what an educator types is shown, never executed.

Three layers. Every authored text field is neutralised at load time (see ``escape_markup``), so
no tag can form from a case file, whatever it contains. A Markdown tree processor then drops
what Markdown itself can make dangerous: event-handler and style attributes (attr_list's
``{: onclick=…}``) and links or sources with a scheme other than http, https or mailto.
Last, the HTML of every page, hand-written ones included, goes through a maintained
sanitiser (``clean_html``) that keeps only what the atlas itself writes.
"""
from __future__ import annotations

import html
import re
from html.entities import html5
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element

import nh3
from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from builder.markup.remote import is_remote

SAFE_SCHEMES = {"", "http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "poster", "data"}
LOADED = {"src", "srcset", "poster", "data", "background"}
"""Attributes whose address a browser loads by itself: never from another site."""


REFERENCE = re.compile(r"&(?:#[0-9]{1,8};|#[xX][0-9a-fA-F]{1,7};|[A-Za-z][A-Za-z0-9]{0,31};)")
"""A complete character reference: one that ends in ';' (browsers also decode some without)."""
TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")


def escape_markup(text: str) -> str:
    """Authored text as HTML-safe text, in one canonical form that every sink can trust.

    Every '&' either starts a complete character reference or becomes ``&amp;``: a reference
    without its ';' (``&lt``, ``&#60``, ``&#x3c``) is shown as typed, never decoded by one
    reader and not another. A '<' that could open a tag (``<img``, ``</``, ``<!``), typed or
    written as any reference, becomes '‹': escaping alone is not enough, because scripts
    (Material's tooltips, the lightbox) show some text and attributes as HTML. Any other '<'
    (``< 5 %``) is escaped and shows as typed. So ``plain`` of the result is exactly what a
    reader sees, and holds no tag, however often it is decoded.
    """
    pieces = []
    start = 0
    for match in re.finditer("&", text):
        reference = REFERENCE.match(text, match.start())
        if reference and not reference.group(0).startswith("&#") \
                and reference.group(0)[1:] not in html5:
            reference = None  # '&notaname;': browsers would decode '&not' and keep the rest
        decoded = html.unescape(reference.group(0)) if reference else ""
        if reference:
            pieces.append(text[start:match.start()])
            pieces.append("<" if decoded == "<" else reference.group(0))
            start = reference.end()
        elif match.start() >= start:
            pieces.append(text[start:match.start()] + "&amp;")
            start = match.start() + 1
    pieces.append(text[start:])
    return TAG_OPEN.sub("‹", "".join(pieces)).replace("<", "&lt;")


def plain(text: str) -> str:
    """What the reader sees of authored text (``escape_markup``'s form), for a sink that
    escapes by itself (a zip name, an XML text node, a tag): never markup, as it holds no
    tag opener."""
    return html.unescape(text)


def attribute(text: str) -> str:
    """Authored text for an HTML attribute value between double quotes, on one line. It is
    already HTML-escaped (``escape_markup``): nothing is decoded, only quotes are escaped."""
    return " ".join(text.split()).replace('"', "&quot;").replace("'", "&#x27;").replace(
        ">", "&gt;")


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
                elif (lowered in URL_ATTRIBUTES and not safe_url(element.attrib[name])) or (
                        lowered in LOADED and any(is_remote(part.strip().split(" ")[0])
                                                  for part in element.attrib[name].split(","))):
                    del element.attrib[name]
                    if element.tag in ("a", "img"):  # keep its text, lose the link
                        element.text = element.text or element.attrib.pop("alt", "")
                        element.tag = "span"


class SafeMarkdown(Extension):
    """Registered by the atlas plugin for every page."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_Scrub(md), "atlas-scrub", 0)


# --- every page's HTML, hand-written pages included -------------------------------------

TAGS = {
    # text and structure, as Markdown and its extensions write them
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre",
    "q", "s", "samp", "section", "small", "source", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    # the atlas' questions and explorer
    "button", "fieldset", "form", "input", "label", "legend", "option", "select",
    # its drawings (no <use>, <image>, <a> or <foreignObject>: they can load or run things)
    "svg", "g", "path", "line", "polyline", "polygon", "rect", "circle", "ellipse", "text",
    "tspan", "title", "desc",
}
REMOVED_WITH_CONTENT = {"script", "style", "template", "iframe", "frame", "frameset",
                        "object", "embed", "noscript", "math", "textarea", "xmp", "noembed"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "hidden", "role", "tabindex", "lang", "dir"},
    "a": {"href"}, "img": {"src", "srcset", "sizes", "alt", "width", "height", "loading",
                           "decoding", "draggable"},
    "source": {"srcset", "sizes", "type", "media"}, "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"}, "col": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"}, "time": {"datetime"}, "label": {"for"},
    "button": {"type", "disabled"}, "fieldset": {"disabled"},
    "input": {"type", "name", "value", "checked", "disabled", "min", "max", "step", "inputmode",
              "pattern", "maxlength", "size", "placeholder", "readonly", "required"},
    "option": {"value", "selected"}, "select": {"name", "disabled"},
    "svg": {"viewBox", "focusable", "xmlns", "width", "height", "preserveAspectRatio"},
    **{shape: {"d", "points", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry",
               "width", "height", "fill", "stroke", "stroke-width", "stroke-dasharray",
               "transform", "text-anchor", "dx", "dy", "opacity"}
       for shape in ("g", "path", "line", "polyline", "polygon", "rect", "circle", "ellipse",
                     "text", "tspan")},
}
VERBATIM = {"href", "src", "srcset", "pattern"}
"""Attributes whose values are addresses or patterns, not text a script might show."""


def _attribute(tag: str, name: str, value: str) -> str | None:
    """Drop what would load from another site or run; no other value may hold a '<', as
    scripts (the lightbox, Material's tooltips) show some attributes as HTML."""
    if name in LOADED and any(is_remote(part.strip().split(" ")[0])
                              for part in value.split(",")):
        return None
    if name == "href" and not safe_url(value):
        return None
    return value if name in VERBATIM else value.replace("<", "‹")


_CLEANER = nh3.Cleaner(
    tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
    attribute_filter=_attribute, strip_comments=True, link_rel=None,
    generic_attribute_prefixes={"data-", "aria-"}, url_schemes=SAFE_SCHEMES - {""},
    filter_style_properties={"text-align"})


def clean_html(fragment: str) -> str:
    """A page's HTML with nothing that could run, restyle the page or load from elsewhere:
    only the tags and attributes the atlas writes, checked by ammonia (through nh3)."""
    return _CLEANER.clean(fragment)
