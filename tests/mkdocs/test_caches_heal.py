"""Every cache of a build heals: damage gives a one-line warning and a whole site, never an
``unexpected error`` and never a damaged file copied into site/.

A build killed (or out of space) while writing the export cache once left a folder with one
file, and every later build failed until .cache was deleted by hand; a truncated cached
picture or .apkg was published with exit status 0.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from support import run_atlas


def digest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def atlas(fixture_atlas: Path) -> Path:
    """The fixture atlas with caches of its own, to damage."""
    (fixture_atlas / ".cache").unlink()
    return fixture_atlas


def build(root: Path) -> str:
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    return result.stderr


def test_damage_in_every_cache_is_made_again(atlas: Path) -> None:
    build(atlas)
    first = digest(atlas / "site")
    cache = atlas / ".cache/atlas"
    apkg = next(cache.glob("exports/*/downloads/nho-atlas.apkg"))
    apkg.write_bytes(apkg.read_bytes()[:1000])  # truncated
    xml = next(cache.glob("exports/*/downloads/nho-atlas-moodle.xml"))
    xml.write_bytes(os.urandom(xml.stat().st_size))  # garbage of the right size
    pictures = sorted(p for p in (cache / "images").iterdir() if not p.name.startswith("."))
    (pictures[0] / "1024.webp").write_bytes(b"RIFF\0\0\0\0WEBP")
    (pictures[1] / "meta.json").write_text("{not json")
    (pictures[2] / "768.jpg").unlink()
    pages = sorted((cache / "pages").glob("*.json"))
    pages[0].write_text(json.dumps({"html": 1, "toc": "no"}))
    pages[1].write_text("[]")
    pages[2].write_bytes(b"\xff\xfe garbage")
    warnings = build(atlas)
    assert digest(atlas / "site") == first, "a damaged cache entry reached the site"
    for what in ("damaged export in the cache", "damaged picture in the cache",
                 "damaged page in the cache"):
        assert what in warnings, warnings
    assert warnings.count("damaged picture") == 3 and warnings.count("damaged page") == 3
    assert build(atlas) == "", "the damage was not repaired in the cache"


def test_a_killed_export_cache_write_is_healed(atlas: Path) -> None:
    """A kill while writing left a folder with one file in it."""
    build(atlas)
    first = digest(atlas / "site")
    folder = next((atlas / ".cache/atlas/exports").iterdir())
    (folder / "manifest.json").unlink()
    (folder / "downloads/nho-atlas.apkg").unlink()
    build(atlas)
    assert digest(atlas / "site") == first


def test_a_cache_that_is_a_file_only_slows_the_build(atlas: Path) -> None:
    (atlas / ".cache").write_text("a file where the cache folder should be")
    result = run_atlas("build", "--strict", "--quiet", cwd=atlas)
    assert result.returncode == 0, result.stderr
    assert "cannot write the picture cache" in result.stderr
    assert "cannot write the page cache" in result.stderr
    assert "cannot write the export cache" in result.stderr
    assert result.stderr.count("WARNING") == 3, result.stderr
    assert (atlas / "site/downloads/nho-atlas.apkg").stat().st_size > 1000
