"""What an export format is, and what every format shares: the content's timestamp and an
atomic write."""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.atlas import Atlas
from builder.pictures.cache import Picture


@dataclass(frozen=True)
class Format:
    """One export: a module in builder/export/ with a module-level ``FORMAT`` is one."""

    name: str
    """What ``atlas export NAME`` calls it."""
    path: str
    """Where the built site offers it; ``atlas export`` writes its file name by default."""
    title: str
    """The link's text on the downloads lists (the progress page, the quizzes index)."""
    file_type: str
    """Said beside the link, in Markdown: '`.apkg`'."""
    about: str
    """What it holds and how to use it, in Markdown, after the link."""
    make: Callable[[Atlas, Mapping[str, Picture]], bytes]
    """The file's bytes: the same content gives the same bytes."""


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


def write(data: bytes, path: Path) -> Path:
    """Write atomically, so an interrupted export never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
    return path
