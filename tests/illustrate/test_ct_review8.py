"""Case 1's CT lesion shapes after radiology review 8 (§6 fixes 2 and 3): no bar or club of
rim thicker than the rest of the rim, and a ten-month cortex that runs round its mass
without breaking into loose pieces."""
from __future__ import annotations

import numpy as np
from illustrate_support import authored
from scipy import ndimage

from builder.illustrate import ct, phantom
from builder.illustrate.tissues import CORE, HALO, LESION_FIRST, RIM, T, lesion_index, lesion_zone

CASE = "case-01-pelvic-nho-after-tbi"
POSTERIOR = ("short-external-rotators", "right")


def _plane(fig: str):
    sc = authored(CASE, fig)
    _, lab = ct.hounsfield(sc)
    return sc, lab, ct.fov() / lab.shape[0]


def _thickest(rim: np.ndarray, px: float) -> float:
    """Millimetres across the thickest place of a rim: the widest disc that fits in it."""
    return 2 * px * float(ndimage.distance_transform_edt(rim).max())


def _rims(sc, lab: np.ndarray) -> dict[tuple[str, str], np.ndarray]:
    zone, index = lesion_zone(lab), lesion_index(lab)
    return {(les.site, les.side): (index == i) & (zone == RIM)
            for i, les in enumerate(sc.lesions) if ((index == i) & (zone == RIM)).any()}


def test_3b_posterior_cortex_has_no_bar_thicker_than_about_3_mm() -> None:
    """Review 8 (fix 2): 3b's posterior mass carried a white C-bar 5.5 mm thick (5.6 mm by
    the widest disc in its rim), the rim once round a small lobe's dropped centre. Its
    cortex is at most about 3 mm thick (3.5 mm: a disc of 4.5 pixels), and no ten-month
    rim is thicker than its cortex and 1.5 mm."""
    from builder.illustrate.tissues import rim_thickness

    sc, lab, px = _plane("fig3b")
    rims = _rims(sc, lab)
    assert _thickest(rims[POSTERIOR], px) <= 3.5, _thickest(rims[POSTERIOR], px)
    for les in sc.lesions:
        if (les.site, les.side) in rims:
            worst = _thickest(rims[les.site, les.side], px)
            assert worst <= rim_thickness(les.maturity) + 1.5, (les.site, les.side, worst)


def test_1b_posterior_mass_has_no_club_thicker_than_the_rest_of_the_rim() -> None:
    """Review 8 (fix 3): 1b's posterior mass ended in a solid club of rim with no centre
    (7.8 mm by the widest disc in it, against 6.3 mm at the thickest place of the
    anterior mass's patchy rim). Its rim is nowhere thicker than the anterior mass's."""
    sc, lab, px = _plane("fig1b")
    rims = _rims(sc, lab)
    club, rest = _thickest(rims[POSTERIOR], px), _thickest(rims["iliopsoas", "right"], px)
    assert club <= rest, (club, rest)


def test_a_ten_month_cortex_runs_round_its_mass_in_one_piece() -> None:
    """Review 8 (fix 2): 3b's posterior mass drew a loose solid flake (1.1 x 0.6 cm) and
    broken pieces of cortex round a centre as grey as muscle, fragments rather than a
    corticated mass. In 3a and 3b each piece of a ten-month mass has its centre closed
    in by its cortex (no centre bare on its surface) and its cortex in one piece, apart
    from bits under 5 mm."""
    for fig in ("fig3a", "fig3b"):
        sc, lab, px = _plane(fig)
        zone, index = lesion_zone(lab), lesion_index(lab)
        for i, les in enumerate(sc.lesions):
            mass = (index == i) & (zone > HALO)
            bare = mass & (zone == CORE) & ~ndimage.binary_erosion(mass)
            assert not bare.any(), (fig, les.site, les.side, int(bare.sum()))
            pieces, n = ndimage.label(mass, np.ones((3, 3), bool))
            for k in range(1, n + 1):
                rim = (pieces == k) & (zone == RIM)
                parts, m = ndimage.label(rim, np.ones((3, 3), bool))
                main = np.bincount(parts[parts > 0]).argmax()
                for j in set(range(1, m + 1)) - {main}:
                    ys, xs = np.nonzero(parts == j)
                    size = px * float(np.hypot(np.ptp(ys) + 1, np.ptp(xs) + 1))
                    assert size < 5.0, (fig, les.site, int(2 * xs.mean()), int(2 * ys.mean()),
                                        size)


def _piece(zones: dict[int, np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    lab = np.full(shape, T.FAT, np.uint8)
    for zone, mask in zones.items():
        lab[mask] = LESION_FIRST + zone
    return lab


def test_a_thick_septum_becomes_marrow_under_a_cortex_and_a_cortex_closes() -> None:
    """A ten-month mass's 4.5-mm bar of rim between two lobes of centre (the rim once round
    a small lobe's centre) keeps a 2-mm cortex on the surface, with marrow behind it
    joining the lobes; a five-month rim may be that thick (its thickness varies) and stays. A
    ten-month mass's centre bare on the surface is closed in by cortex."""
    yy, xx = np.mgrid[0:140, 0:160]
    disc = np.hypot(yy - 70, xx - 70) < 30
    core = (np.hypot(yy - 70, xx - 70) < 24) & (np.abs(xx - 70) >= 5)
    lab = _piece({RIM: disc, CORE: core}, yy.shape)
    base = np.full(lab.shape, T.FAT, np.uint8)
    out = phantom.without_slivers(lab, base, (0.5, 0.5), [3.0], [True], [True])
    centre = lesion_zone(out) == CORE
    assert ndimage.label(centre)[1] == 1 and _thickest(lesion_zone(out) == RIM, 0.5) <= 4.0
    young = phantom.without_slivers(lab, base, (0.5, 0.5), [4.0], [True], [False])
    septum = (np.abs(xx - 70) < 5) & (np.abs(yy - 70) < 20)
    assert (lesion_zone(young[septum]) == RIM).all()
    assert (lesion_zone(out[septum & (np.abs(xx - 70) < 3)]) == CORE).all()
    gap = disc & (np.abs(yy - 70) < 5) & (xx > 90)  # a 5-mm stretch of bare centre
    lab = _piece({RIM: disc & ~gap, CORE: core | gap}, yy.shape)
    out = phantom.without_slivers(lab, base, (0.5, 0.5), [3.0], [True], [True])
    mass = lesion_zone(out) > HALO
    assert not ((lesion_zone(out) == CORE) & ~ndimage.binary_erosion(mass)).any()
    assert (lesion_zone(out[66:75, 99]) == RIM).all()  # (the gap's outer edge)
