"""Exports for the tools educators already use, found in a registry: every module here with a
module-level ``FORMAT`` (builder.export.base.Format) is a format.

Each is made from the same question bank as the site's pages (builder.questions.bank) and the
same cached pictures, by ``atlas export NAME`` and, for download, into the built site; the
downloads lists of the progress page and the quizzes index name every format. Adding a
format is one module here (see README, "Adding an export format").

The printable handout is not a format: it is a page, made by the site engine from Markdown
like every other page (builder/site/pages/handout.py).
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from builder.atlas import Atlas
from builder.export.base import Format, source_timestamp, write
from builder.pictures.cache import Picture
from builder.registry import discover

__all__ = ["FORMATS", "Format", "cached_downloads", "downloads", "write"]
CODE = [Path(__file__).parent, *(Path(__file__).parent.parent / name
                                   for name in ("questions", "markup"))]
"""The code an export is made by: a change to it makes the exports again."""


FORMATS: dict[str, Format] = discover(__name__, __path__, "FORMAT", Format)


def downloads(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, bytes]:
    """Every export, keyed by its path in the built site."""
    return {f.path: f.make(atlas, pictures) for f in FORMATS.values()}


def cached_downloads(atlas: Atlas, pictures: Mapping[str, Picture],
                     cache: Path) -> dict[str, bytes]:
    """``downloads``, made again only when a source, a picture or the export code changed."""
    digest = hashlib.sha256()
    code = sorted(path for folder in CODE for path in folder.rglob("*.py"))
    sources = sorted(atlas.root / s.file for s in atlas.sources.values())
    for path in [*code, *sources]:
        digest.update(path.read_bytes() if path.is_file() else b"")
    digest.update(repr((sorted(p.key for p in pictures.values()),
                        source_timestamp(atlas))).encode())
    folder = cache / digest.hexdigest()
    if not folder.is_dir():
        made = downloads(atlas, pictures)
        for uri, data in made.items():
            write(data, folder / uri)
        return made
    return {f.path: (folder / f.path).read_bytes() for f in FORMATS.values()}
