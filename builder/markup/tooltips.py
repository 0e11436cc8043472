"""Glossary tooltips on the first use of each term on a page, not on every use.

Markdown's abbr extension wraps every occurrence: a case page said "NHO" with a dotted
underline and a tooltip 77 times, which is visual noise, a chore for screen-reader users who
have titles read, and 6 KB of every page. Like a printed glossary mark, the first use is enough.
"""
from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown, util
from markdown.treeprocessors import Treeprocessor

TERM = re.compile(r"^[^\W_](?:[\w .'’()/+-]{0,58}[\w.)’'+])?$")
"""A glossary term: one line of letters, digits, spaces and - / . ' ( ) +: it is written into
every page as a Markdown abbreviation line, so nothing in it may be Markdown or HTML."""
PLACEHOLDERS = [util.INLINE_PLACEHOLDER % "0000", util.AMP_SUBSTITUTE,
                util.HTML_PLACEHOLDER % 0, util.TAG_PLACEHOLDER % 0]
"""Python-Markdown's internal stand-ins, which the abbreviation pattern also searches."""


def glossary_term(term: str) -> str:
    """Pydantic validator: the term, or a ValueError saying what would be right."""
    term = term.strip()
    if "\n" in term or "\r" in term:
        raise ValueError("a term is one line (it becomes a line of Markdown on every page)")
    if not TERM.match(term) or not any(ch.isalpha() for ch in term):
        raise ValueError(f"{term[:60]!r} is not a plain term (use letters, digits, spaces and "
                         "- / . ' ( ) +, with at least one letter; no Markdown or HTML)")
    word = re.compile(rf"\b{re.escape(term)}\b")
    if any(word.search(p) for p in PLACEHOLDERS):
        raise ValueError(f"{term!r} is a word Markdown uses inside every page (choose "
                         "another spelling)")
    return term


def one_line(text: str) -> str:
    """Pydantic validator: text with no line break (an abbreviation's tooltip)."""
    if "\n" in text or "\r" in text:
        raise ValueError("write it on one line (it becomes a line of Markdown on every page)")
    return text


class _FirstUseOnly(Treeprocessor):
    def run(self, root: Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for abbr in list(root.iter("abbr")):  # document order
            if abbr.text not in seen:
                seen.add(abbr.text or "")
            else:
                unwrap(abbr, parents[abbr])


def unwrap(element: Element, parent: Element) -> None:
    """Replace ``element`` by its text (an abbr holds text only) within ``parent``."""
    text = (element.text or "") + (element.tail or "")
    index = list(parent).index(element)
    if index:
        before = parent[index - 1]
        before.tail = (before.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(element)


class FirstUseTooltips(Extension):
    """Registered by the atlas plugin for every page, after the abbr extension."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API name)
        md.treeprocessors.register(_FirstUseOnly(md), "atlas-first-use-tooltips", 6)
