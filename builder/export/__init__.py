"""Exports for the tools educators already use: an Anki deck and a Moodle question bank.

Both are built from the same question bank as the site's pages (builder.questions.bank) and the
same cached pictures (builder.pictures.prepare), by ``atlas export`` and, for download, by the
MkDocs plugin into the built site.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.storage import (
    clean_leftovers,
    fingerprints,
    install,
    intact,
    temporary,
    warn,
    write_file,
)

DOWNLOADS = {"anki": "downloads/nho-atlas.apkg", "moodle": "downloads/nho-atlas-moodle.xml"}
MANIFEST = "manifest.json"
"""In each cached export folder: the size and hash of every file, checked before use."""


def source_timestamp(atlas: Atlas) -> int:
    """When the content was last edited, in whole seconds, never the clock's time.

    SOURCE_DATE_EPOCH when it is set; else the time of the last git commit of the sources
    when they have no uncommitted change (the same in every clone); else the newest authored
    file's time (an edit in progress). Anki replaces a note on re-import only when the
    incoming one is newer, so the deck's time must grow with edits; taking it from the
    sources keeps a rebuild of unchanged content byte-identical.
    """
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    files = [atlas.root / source.file for source in atlas.sources.values()]
    committed = _commit_time(atlas.root, files)
    if committed is not None:
        return committed
    return int(max((p.stat().st_mtime for p in files if p.is_file()), default=315532800))


def _commit_time(root: Path, files: list[Path]) -> int | None:
    """The last commit time of ``files`` if they are committed as they are, else None."""
    names = [os.path.relpath(p, root) for p in files]
    try:
        def git(*args: str) -> str:
            return subprocess.run(["git", "-C", str(root), *args, "--", *names],
                                  capture_output=True, text=True, timeout=60,
                                  check=True).stdout.strip()

        if git("status", "--porcelain", "--untracked-files=all"):
            return None
        stamp = git("log", "-1", "--format=%ct")
    except (OSError, subprocess.SubprocessError):
        return None
    return int(stamp) if stamp.isdigit() else None


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
    if not isinstance(recorded, dict) or set(recorded) != set(DOWNLOADS.values()) \
            or not intact(folder, recorded):
        return None
    return {uri: (folder / uri).read_bytes() for uri in DOWNLOADS.values()}


def write(data: bytes, path: Path) -> Path:
    """Write atomically, so an interrupted export never leaves half a file."""
    return write_file(path, data)
