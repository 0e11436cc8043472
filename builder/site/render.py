"""Pages are Markdown rendered from Jinja2 templates (builder/site/templates).

Markdown, not HTML, so the engine's features (admonitions, abbreviations, search, link
validation) apply to generated pages exactly as to hand-written ones.
"""
from __future__ import annotations

import json
from functools import cache

import jinja2

from builder.export import FORMATS
from builder.markup.citations import CITATION
from builder.markup.sanitize import attribute


def in_sentence(name: str) -> str:
    """A name as it reads mid-sentence: 'Computed tomography' -> 'computed tomography', but an
    initialism keeps its capitals ('SPECT / bone scintigraphy' stays as it is)."""
    return name[:1].lower() + name[1:] if name[1:2].islower() else name


@cache
def environment() -> jinja2.Environment:
    """Markdown templates: no autoescape (the output is Markdown, escaped where it is HTML)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("builder.site", "templates"),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["oneline"] = lambda text: " ".join(str(text).split())
    env.filters["nocite"] = lambda text: CITATION.sub("", str(text))
    env.filters["attr"] = lambda text: attribute(str(text))  # never decodes authored text
    env.filters["yaml_str"] = lambda text: json.dumps(" ".join(str(text).split()))
    env.filters["in_sentence"] = in_sentence
    env.globals["export_formats"] = list(FORMATS.values())  # the downloads lists
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
