"""The page cache: a rebuild reuses each page's HTML, and only while it would be the same."""
from __future__ import annotations

from pathlib import Path

import pytest

from support import ROOT, run_atlas

CASE_PAGE = "site/cases/case-test.html"


@pytest.fixture
def atlas(fixture_atlas: Path) -> Path:
    """The fixture atlas with a page cache of its own (the pictures' cache stays shared)."""
    (fixture_atlas / ".cache").unlink()
    (fixture_atlas / ".cache/atlas").mkdir(parents=True)
    (fixture_atlas / ".cache/atlas/images").symlink_to(ROOT / ".cache/atlas/images")
    return fixture_atlas


def build(root: Path) -> str:
    result = run_atlas("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stderr


def entries(root: Path) -> list[Path]:
    return sorted((root / ".cache/atlas/pages").glob("*.json"))


def mark_entries(root: Path) -> None:
    """Put a marker into every kept page, to see which pages a build takes from the cache."""
    for path in entries(root):
        path.write_text(path.read_text(encoding="utf-8").replace(
            "A minimal case record.", "KEPT-MARKER"), encoding="utf-8")


def test_a_rebuild_takes_each_unchanged_page_from_the_cache(atlas: Path) -> None:
    build(atlas)
    first = (atlas / CASE_PAGE).read_text(encoding="utf-8")
    assert entries(atlas), "the first build kept no page"
    build(atlas)
    assert (atlas / CASE_PAGE).read_text(encoding="utf-8") == first
    mark_entries(atlas)
    build(atlas)
    assert "KEPT-MARKER" in (atlas / CASE_PAGE).read_text(encoding="utf-8")


def test_an_edited_case_is_converted_again(atlas: Path) -> None:
    build(atlas)
    mark_entries(atlas)
    case = atlas / "cases/case-test.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace(
        "summary: A minimal case record.", "summary: An edited summary."), encoding="utf-8")
    build(atlas)
    page = (atlas / CASE_PAGE).read_text(encoding="utf-8")
    assert "An edited summary." in page and "KEPT-MARKER" not in page


def test_a_new_page_in_the_site_converts_every_page_again(atlas: Path) -> None:
    """Links are checked against the site's files, so a file list change is a new key."""
    build(atlas)
    mark_entries(atlas)
    (atlas / "content/extra.md").write_text("# Extra\n\nA new page.\n", encoding="utf-8")
    build(atlas)
    assert "KEPT-MARKER" not in (atlas / CASE_PAGE).read_text(encoding="utf-8")


def test_a_damaged_entry_is_converted_again(atlas: Path) -> None:
    build(atlas)
    first = (atlas / CASE_PAGE).read_text(encoding="utf-8")
    for path in entries(atlas):
        path.write_text('{"html": "cut sho', encoding="utf-8")
    build(atlas)
    assert (atlas / CASE_PAGE).read_text(encoding="utf-8") == first


def test_a_page_that_warns_is_not_kept_so_it_warns_every_time(atlas: Path) -> None:
    page = atlas / "content/warns.md"
    page.write_text("---\ntitle: Warns\n---\n# Warns\n\nSee [nowhere](missing.md).\n",
                    encoding="utf-8")
    for _ in range(2):
        assert "missing.md" in build(atlas)
