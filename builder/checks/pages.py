"""Rules for the hand-written Markdown pages: every source they cite exists."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from builder.atlas import Atlas
from builder.errors import AtlasError
from builder.markup.citations import keys_in
from builder.source.hints import did_you_mean

DATA_FOLDER = "data"
"""Under the pages folder: the atlas' records, validated as data, never published as pages."""


def hand_written_pages(atlas: Atlas) -> list[Path]:
    folder = atlas.root / atlas.pages_dir
    return sorted(p for p in folder.rglob("*.md")
                  if p.relative_to(folder).parts[0] != DATA_FOLDER)


def check_pages(atlas: Atlas) -> Iterator[AtlasError]:
    if "references" not in atlas.sources:
        return  # the references file's own problems are reported instead
    for path in hand_written_pages(atlas):
        display = path.relative_to(atlas.root).as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            yield AtlasError(display, 0, "", f"cannot read the page: {exc}", "save it as UTF-8")
            continue
        for line, key in keys_in(text):
            if key not in atlas.references:
                yield AtlasError(display, line, "", f"cites unknown reference {key!r}",
                                 did_you_mean(key, atlas.references)
                                 or "add it to content/data/references.yaml")
