"""What an export format is, and what every format shares: the content's timestamp and an
atomic write."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.storage import write_file


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


def write(data: bytes, path: Path) -> Path:
    """Write atomically, so an interrupted export never leaves half a file."""
    return write_file(path, data)
