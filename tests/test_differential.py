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


def test_the_hip_ultrasound_mass_lies_wholly_in_the_field_clear_of_the_joint() -> None:
    """The NHO of the add-on hip look is a mass in the muscle: its mineralising rim and
    centre touch neither side of the field, and muscle separates them from the capsule
    and bone beneath (radiology review 2: a mass clipped by the edge on the bone reads as
    a tendon or a bony edge)."""
    import numpy as np

    from builder.illustrate import us
    from builder.illustrate.tissues import CORE, LESION_FIRST, RIM, ZONES, T, is_joint

    atlas, _ = read_atlas(ROOT)
    row = next(r for r in atlas.differential.rows if r.nho.scene.view == "us-longitudinal")
    lab, _ = us.plane_labels(row.nho.scene)
    zone = (lab - LESION_FIRST) % ZONES
    mass = (lab >= LESION_FIRST) & np.isin(zone, (RIM, CORE))
    cols = np.nonzero(mass.any(axis=0))[0]
    assert cols.min() * us.DU >= 5 and (lab.shape[1] - 1 - cols.max()) * us.DU >= 5
    hard = (lab == T.CORTICAL) | is_joint(lab)
    gaps = [np.argmax(hard[r:, c]) * us.DU for c in cols
            for r in [np.nonzero(mass[:, c])[0][-1]] if hard[r:, c].any()]
    assert min(gaps) >= 3.0
