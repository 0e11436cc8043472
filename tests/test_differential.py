"""The 'DVT or NHO?' page's data: every row drawable by its modality, nothing unknown."""
from __future__ import annotations

from pathlib import Path

from builder.checks.differential import check_differential
from builder.source.load import read_atlas

ROOT = Path(__file__).resolve().parents[1]


def test_differential_rows_are_drawable_and_cited() -> None:
    atlas, errors = read_atlas(ROOT)
    assert not errors
    page = atlas.differential
    assert page is not None and len(page.rows) >= 3
    assert not check_differential(atlas)
    modalities = {row.modality for row in page.rows}
    assert {"US", "CTV", "VENO"} <= modalities
    for row in page.rows:  # no NHO in the thrombosis column, no thrombus in the NHO one
        assert not row.dvt.scene.lesions and not row.nho.scene.thrombi
    assert sum(bool(row.dvt.scene.thrombi) for row in page.rows) >= 3
    assert all("[@" in point for point in page.points)


def test_the_page_exists_without_its_data() -> None:
    """The navigation names differential.md: an atlas with no data still gets the page."""
    import dataclasses

    from builder.site.pages import differential

    atlas, _ = read_atlas(ROOT)
    stub = differential.pages(dataclasses.replace(atlas, differential=None), {})
    assert "no comparison yet" in stub["differential.md"]
