"""Exports for the tools educators already use: an Anki deck and a Moodle question bank.

Both are built from the same question bank as the site's pages (builder.questions.bank) and the
same cached pictures (builder.pictures.prepare), by ``atlas export`` and, for download, by the
MkDocs plugin into the built site.
"""
from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path

from builder.atlas import Atlas
from builder.pictures.cache import Picture

DOWNLOADS = {"anki": "downloads/nho-atlas.apkg", "moodle": "downloads/nho-atlas-moodle.xml"}


def source_timestamp(atlas: Atlas) -> float:
    """When the content was last edited: the newest authored file, or SOURCE_DATE_EPOCH.

    Anki replaces a note on re-import only when the incoming one is newer, so the deck's
    modification time must grow with edits; taking it from the sources (not the clock) keeps
    a rebuild of unchanged content byte-identical.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return float(os.environ["SOURCE_DATE_EPOCH"])
    files = [atlas.root / source.file for source in atlas.sources.values()]
    return max((p.stat().st_mtime for p in files if p.is_file()), default=315532800.0)


def downloads(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, bytes]:
    """Every export, keyed by its path in the built site."""
    from builder.export.anki import apkg_bytes
    from builder.export.moodle import moodle_xml

    return {DOWNLOADS["anki"]: apkg_bytes(atlas, pictures, source_timestamp(atlas)),
            DOWNLOADS["moodle"]: moodle_xml(atlas, pictures)}


def cached_downloads(atlas: Atlas, pictures: Mapping[str, Picture],
                     cache: Path) -> dict[str, bytes]:
    """``downloads``, made again only when a source, a picture or the export code changed."""
    digest = hashlib.sha256()
    code = sorted(Path(__file__).parent.glob("*.py"))
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
    return {uri: (folder / uri).read_bytes() for uri in DOWNLOADS.values()}


def write(data: bytes, path: Path) -> Path:
    """Write atomically, so an interrupted export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
