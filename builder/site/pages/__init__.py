"""Generated pages: one renderer per page kind, each a Jinja2 template over the atlas' models."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.pictures import Picture
from builder.site.pages import (
    case,
    differential,
    exam,
    explorer,
    glossary,
    handout,
    keypoints,
    modality,
    progress,
    quiz,
    unknown,
)

PAGE_KINDS = (case, unknown, modality, keypoints, quiz, glossary, explorer, differential,
              progress, exam, handout)


def generate_pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    """Every generated page but the references page: {src_uri: Markdown}."""
    pages: dict[str, str] = {}
    for module in PAGE_KINDS:
        pages.update(module.pages(atlas, pictures))
    return pages
