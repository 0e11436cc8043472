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
import importlib
import json
import pkgutil
from collections.abc import Mapping
from pathlib import Path

from builder.atlas import Atlas
from builder.export.base import Format, source_timestamp, write
from builder.pictures.cache import Picture
from builder.storage import (
    clean_leftovers,
    fingerprints,
    install,
    intact,
    temporary,
    warn,
)

MANIFEST = "manifest.json"
"""In each cached export folder: the size and hash of every file, checked before use."""
__all__ = ["FORMATS", "Format", "cached_downloads", "downloads", "write"]
CODE = [Path(__file__).parent, *(Path(__file__).parent.parent / name
                                   for name in ("questions", "markup"))]
"""The code an export is made by: a change to it makes the exports again."""


def _discover() -> dict[str, Format]:
    found = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        made = getattr(importlib.import_module(f"{__name__}.{module}"), "FORMAT", None)
        if isinstance(made, Format):
            found[made.name] = made
    return found


FORMATS: dict[str, Format] = _discover()


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
    kept = _kept(folder)
    if kept is not None:
        return kept
    if folder.exists():
        warn(f"{folder}: damaged export in the cache, made again")
    made = downloads(atlas, pictures)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        clean_leftovers(cache)
        with temporary(cache) as staging:
            for uri, data in made.items():
                (staging / uri).parent.mkdir(parents=True, exist_ok=True)
                (staging / uri).write_bytes(data)
            (staging / MANIFEST).write_text(json.dumps(fingerprints(staging, made)))
            install(staging, folder, lambda existing: _kept(existing) is not None)
    except OSError as exc:
        warn(f"{cache}: cannot write the export cache ({exc.strerror or exc}); the exports "
             "are made again on the next build")
    return made


def _kept(folder: Path) -> dict[str, bytes] | None:
    """The cached exports, if every one is there byte for byte as it was written."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or set(recorded) != {f.path for f in FORMATS.values()} \
            or not intact(folder, recorded):
        return None
    return {f.path: (folder / f.path).read_bytes() for f in FORMATS.values()}

