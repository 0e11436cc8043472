"""Authored Markdown as safe HTML for other applications, with citations as (Author Year).

Anki and Moodle show HTML but know nothing of the atlas' numbered references page, so a
citation becomes its author and year. Markup stays inert: authored text was escaped at load,
and the same scrubber as the site's drops unsafe links and handlers that Markdown can make.
"""
from __future__ import annotations

import markdown

from builder.atlas import Atlas
from builder.markup.citations import CITATION
from builder.markup.sanitize import SafeMarkdown


def cite(atlas: Atlas, key: str) -> str:
    """(Author Year), or for a source known without its authors, its title's first words."""
    ref = atlas.references[key]
    if ref.authors:  # Markdown, as escaped at load
        name = ref.authors.split(",")[0].split()[0]
        name += " et al." if "," in ref.authors else ""
    else:
        words = ref.title.split()
        name = " ".join(words[:4]).rstrip(":,.") + ("…" if len(words) > 4 else "")
    return f"{name} {ref.year}" if ref.year else name


def with_citations(atlas: Atlas, text: str) -> str:
    def replace(match) -> str:
        keys = [k.strip().lstrip("@") for k in match.group(1).split(";")]
        return "(" + "; ".join(cite(atlas, k) for k in keys) + ")"

    return CITATION.sub(replace, text)


def html(atlas: Atlas, text: str, inline: bool = False) -> str:
    """Markdown → HTML; ``inline`` drops the paragraph around a one-paragraph text."""
    out = markdown.markdown(with_citations(atlas, " ".join(text.split()) if inline else text),
                            extensions=[SafeMarkdown()])
    if inline and out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
        out = out[3:-4]
    return out
