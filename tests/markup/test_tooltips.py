"""Glossary tooltips mark the first use of a term on a page, and the text stays whole."""
from __future__ import annotations

import markdown

from builder.markup.tooltips import FirstUseTooltips


def convert(text: str) -> str:
    return markdown.Markdown(extensions=["abbr", FirstUseTooltips()]).convert(text)


def test_only_the_first_use_of_each_term_keeps_its_tooltip() -> None:
    html = convert("NHO *after NHO* and CT, NHO.\n\n- NHO\n- CT\n\n"
                   "*[NHO]: Neurogenic heterotopic ossification\n*[CT]: Computed tomography")
    assert html.count('<abbr title="Neurogenic heterotopic ossification">NHO</abbr>') == 1
    assert html.count('<abbr title="Computed tomography">CT</abbr>') == 1
    assert html.index("<abbr") < html.index("NHO</abbr>")
    assert html.startswith('<p><abbr title="Neurogenic heterotopic ossification">NHO</abbr> '
                           "<em>after NHO</em> and <abbr")
    assert "<li>NHO</li>" in html and "<li>CT</li>" in html and ", NHO.</p>" in html
