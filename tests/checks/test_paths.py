"""Where pages are published: the check knows every page the site generates, and refuses a
second claim on any of them (the bad-input corpus holds one example of each kind)."""
from __future__ import annotations

from pathlib import Path

import pytest

from builder.checks import PICTURE_CACHE, load_atlas, pictures
from builder.checks.paths import SITE_PAGES, claims
from builder.errors import AtlasErrors
from builder.site.pages import generate_pages
from support import ROOT


@pytest.mark.parametrize("which", ["fixture", "real"])
def test_the_check_claims_exactly_the_generated_pages(which: str, fixture_atlas: Path) -> None:
    root = fixture_atlas if which == "fixture" else ROOT
    atlas = load_atlas(root)
    generated = set(generate_pages(atlas, pictures(atlas, ROOT / PICTURE_CACHE))) | {
        "references.md"}
    claimed = {c.uri for c in claims(atlas) if not c.what.startswith("the hand-written")}
    assert claimed == generated
    assert set(SITE_PAGES) <= generated


def test_a_page_differing_only_in_capitals_collides(fixture_atlas: Path) -> None:
    (fixture_atlas / "content" / "Key-Points.md").write_text("# Mine\n")
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert ("content/Key-Points.md: the hand-written page content/Key-Points.md would be "
            "published as Key-Points.md, which is already the key points (choose another "
            "name)") in str(caught.value)


def test_a_page_in_the_sites_own_folders_is_refused(fixture_atlas: Path) -> None:
    (fixture_atlas / "content" / "downloads").mkdir()
    (fixture_atlas / "content" / "downloads" / "notes.md").write_text("# Notes\n")
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert "would be published in downloads/, which holds the atlas' own files" in str(
        caught.value)
