"""Lesion sizes on CT tell the story (radiology review 8, §6 fix 1): case 1's masses grow
from five to ten months, the left masses are smaller than the right's site by site, and a
larger extent is nowhere smaller than a smaller one at the same site and level. Sizes are
the filled area of each lesion's mass in the slice (rim, centre and focus; the halo of
oedema round a maturing mass is not bone and is left out)."""
from __future__ import annotations

import numpy as np
import pytest
from illustrate_support import authored, lesion, scene
from scipy import ndimage

from builder.illustrate import ct, phantom
from builder.illustrate.heights import slice_z
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import HALO, LESION_FIRST, lesion_index, lesion_zone

CASE = "case-01-pelvic-nho-after-tbi"
BODY = {"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}


def _masses(sc: Scene) -> tuple[np.ndarray, float]:
    """Each pixel's lesion (its mass: the halo left out, -1 elsewhere), and mm per pixel."""
    lab = ct.hounsfield(sc)[1]
    mass = (lab >= LESION_FIRST) & (lesion_zone(lab) != HALO)
    px = ct.fov(slice_z(phantom.body(sc.body), sc.level)) / ct.MATRIX
    return np.where(mass, lesion_index(lab), -1), px


def _areas(sc: Scene) -> dict[tuple[str, str], float]:
    """cm² of each lesion's mass in the slice, by (side, site)."""
    index, px = _masses(sc)
    return {(les.side.value, les.site): float((index == i).sum()) * px * px / 100
            for i, les in enumerate(sc.lesions)}


@pytest.fixture(scope="module")
def case_areas() -> dict[str, dict[tuple[str, str], float]]:
    return {fig: _areas(authored(CASE, fig)) for fig in ("fig1a", "fig1b", "fig3a", "fig3b")}


@pytest.mark.parametrize(("five", "ten"), [("fig1a", "fig3a"), ("fig1b", "fig3b")])
def test_right_masses_grow_from_five_to_ten_months(case_areas, five, ten) -> None:
    """Review 8: the right iliopsoas mass at the roofs halved from 1a to 3a (2.9 against
    6.2 cm²), in a patient whose ten-month SPECT says bone is still being laid down. At
    each level, every right mass of the five-month CT is no smaller at ten months."""
    grown = {k: (a, case_areas[ten].get(k, 0.0)) for k, a in case_areas[five].items()
             if k[0] == "right" and a > 0.5}
    assert len(grown) >= 3, grown
    assert all(later >= before for before, later in grown.values()), grown


def _extent(fig: str, side: str, site: str) -> tuple[float, float]:
    """cm across and front to back of the largest piece of one lesion's mass."""
    sc = authored(CASE, fig)
    index, px = _masses(sc)
    i = next(k for k, les in enumerate(sc.lesions) if (les.side.value, les.site) == (side, site))
    parts, n = ndimage.label(index == i)
    largest = parts == 1 + int(np.argmax(ndimage.sum(parts > 0, parts, range(1, n + 1))))
    rows, cols = np.nonzero(largest)
    return (np.ptp(cols) + 1) * px / 10, (np.ptp(rows) + 1) * px / 10


def test_the_right_iliopsoas_mass_at_the_roofs_keeps_its_five_month_extent() -> None:
    """Review 8 measured it at 2.2 x 1.7 cm on 3a against 3.1 x 3.1 cm on 1a: at ten
    months it is at least 3 cm and as wide as at five, and nine tenths as deep (pressed
    between the iliac bone and the fascia, it grows across, not deeper: 4.5 x 2.7 cm
    against 2.9 x 2.9 cm)."""
    five, ten = _extent("fig1a", "right", "iliopsoas"), _extent("fig3a", "right", "iliopsoas")
    assert ten[0] >= max(3.0, five[0]) and ten[1] >= 0.9 * five[1], (five, ten)


@pytest.mark.parametrize("fig", ["fig3a", "fig3b"])
def test_left_masses_are_smaller_than_the_right_site_by_site(case_areas, fig) -> None:
    """The source: bilateral disease with smaller left-sided lesions. Review 8 found the
    left anterior and lateral masses larger than the right's at the same sites (3a: 3.5
    against 2.9 and 8.8 against 5.9 cm²; 3b: 12.6 against 10.1 cm²). Each left mass in
    the slice is clearly smaller than the right's at its site: at most three quarters of
    it (now 0.63 and 0.68 on 3a, 0.74 on 3b)."""
    areas = case_areas[fig]
    pairs = {site: (a, areas.get(("right", site), 0.0))
             for (side, site), a in areas.items() if side == "left" and a > 0.5}
    assert pairs, areas
    assert all(left <= 0.75 * right for left, right in pairs.values()), pairs


# two sites on each side, apart, so that neither mass takes the other's muscles
SITES = (("iliopsoas", "right"), ("short-external-rotators", "right"),
         ("gluteus-minimus", "left"), ("adductors", "left"))


@pytest.mark.parametrize("level", ["acetabular-roof", "femoral-head", "femoral-neck"])
def test_an_extensive_mass_is_nowhere_smaller(level) -> None:
    """Small < moderate < extensive at the same maturity, site by site at each level. Laid
    on its own, a longer chain of lobes could put its lobes either side of a slice that
    the shorter chain's lobe crossed (main before review 8: the iliopsoas at the roofs
    5.5 cm² moderate, 2.4 extensive), and a larger lobe fitted to the same room came out
    no larger. An extensive mass holds the smaller ones (0.3 cm² allowed for the painting
    and the slice's clean-up). A moderate chain is laid apart from the small one, so where
    the slice passes between its lobes it may show up to a sliver (1.5 cm²) less."""
    by_extent = {}
    for extent in ("small", "moderate", "extensive"):
        lesions = [lesion(0.7, site, side, extent=extent) for site, side in SITES]
        sc = scene("ct-axial", *lesions, level=level, window="bone", body=BODY)
        by_extent[extent] = _areas(sc)
    for key in by_extent["small"]:
        small, moderate, extensive = (by_extent[e][key] for e in
                                      ("small", "moderate", "extensive"))
        assert max(small, moderate) <= extensive + 0.3, (level, key, by_extent)
        assert small <= moderate + 1.5, (level, key, by_extent)
