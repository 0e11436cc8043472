"""Rules for the hand-written Markdown pages: every source they cite exists."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from builder.atlas import Atlas
from builder.errors import AtlasError, file_kind_problem, os_problem
from builder.markup.citations import keys_in, without_code
from builder.markup.limits import nesting_problem
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
        kind = file_kind_problem(path)
        if kind:
            yield AtlasError(display, 0, "", f"the page {kind[0]}", kind[1])
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            yield AtlasError(display, 0, "", f"cannot read the page: {os_problem(exc)[0]}",
                             os_problem(exc)[1])
            continue
        except UnicodeDecodeError:
            yield AtlasError(display, 0, "", "the page is not valid UTF-8 text",
                             "save it as UTF-8")
            continue
        nested = nesting_problem(without_code(text))
        if nested:
            yield AtlasError(display, nested[0], "", nested[1], nested[2])
        for line, key in keys_in(text):
            if key not in atlas.references:
                yield AtlasError(display, line, "", f"cites unknown reference {key!r}",
                                 did_you_mean(key, atlas.references)
                                 or "add it to content/data/references.yaml")
