"""Glossary tooltips on the first use of each term on a page, not on every use.

Markdown's abbr extension wraps every occurrence: a case page said "NHO" with a dotted
underline and a tooltip 77 times, which is visual noise, a chore for screen-reader users who
have titles read, and 6 KB of every page. Like a printed glossary mark, the first use is enough.
"""
from __future__ import annotations

from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


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
