"""The one check: every rule an author can break, run by `atlas validate`, `atlas build`,
`mkdocs build` and `mkdocs serve` alike, reporting every problem at once.

``load_atlas`` reads every record (builder.source), then runs every rule over whatever
loaded: records, questions, images, hand-written pages and the pictures themselves (a hotspot
must show its lesion; a caption must name only what its picture measurably shows), so a
problem is never found only by a later build step.
"""
from __future__ import annotations

import os
from pathlib import Path

from builder.atlas import Atlas
from builder.checks.differential import check_differential, check_differential_words
from builder.checks.images import check_images
from builder.checks.offline import check_offline
from builder.checks.pages import check_pages, hand_written_pages
from builder.checks.paths import check_paths
from builder.checks.privacy import phi_warnings
from builder.checks.questions import check_hotspot_pictures, check_questions
from builder.checks.records import check_records
from builder.checks.times import check_times
from builder.checks.words import check_words
from builder.errors import AtlasError, AtlasErrors
from builder.pictures import FileSource, Picture, prepare
from builder.pictures.catalogue import catalogue
from builder.pictures.files import image_problem
from builder.source.load import read_atlas

PICTURE_CACHE = ".cache/atlas/images"
__all__ = ["check", "hand_written_pages", "load_atlas", "pictures"]


def load_atlas(root: Path, cases_dir: str = "cases", data_dir: str = "content/data",
               pages_dir: str = "content", cache: Path | None = None) -> Atlas:
    """Read and check everything under ``root``; raise AtlasErrors listing every problem."""
    atlas, errors = read_atlas(root, cases_dir, data_dir, pages_dir)
    errors += check(atlas, cache or root / PICTURE_CACHE)
    if errors:
        raise AtlasErrors(errors)
    atlas.warnings = [w for name, source in atlas.sources.items()
                      if name.startswith(("case:", "quiz:")) for w in phi_warnings(source)]
    return atlas


def check(atlas: Atlas, cache: Path) -> list[AtlasError]:
    """Every rule over the records that loaded, the pages, and the pictures they make."""
    errors = check_records(atlas)
    errors += check_times(atlas)
    errors += check_questions(atlas)
    errors += check_images(atlas)
    errors += check_differential(atlas)
    errors += check_pages(atlas)
    errors += check_paths(atlas)
    errors += check_offline(atlas)
    made = pictures(atlas, cache)
    errors += check_hotspot_pictures(atlas, made)
    errors += check_words(atlas, made)
    errors += check_differential_words(atlas, made)
    return errors


def pictures(atlas: Atlas, cache: Path) -> dict[str, Picture]:
    """The atlas' pictures (made once, then read from ``cache``), leaving out real image
    files that cannot be read: check_images reports those."""
    usable = {name: source for name, source in catalogue(atlas)
              if not isinstance(source, FileSource)
              or not image_problem(atlas.root, os.path.relpath(source.path, atlas.root))}
    return prepare(usable, cache)
