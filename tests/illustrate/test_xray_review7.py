"""Figures 5a/5b as radiology review 7 read them (fixes 3 and 5): the scrotal shadow is one
homogeneous rounded soft-tissue density, densest in its middle, with no nested arcs, bright
walls or dark interior; heterotopic bone has a thin cortex that fades over a millimetre or
two, not a 1-px bright cut-out line; the right vastus band has no regular waists; the left
hip mass has no long straight facets."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from illustrate_support import authored
from scipy import ndimage

from builder.illustrate import xray
from builder.illustrate.raster import _trace, blur
from builder.illustrate.scene import Scene

SIZE = (1024, 1068)  # the films' size in the atlas


@lru_cache(maxsize=1)
def _scene() -> Scene:
    return authored("case-02-nho-mimicking-dvt", "fig5b")


@lru_cache(maxsize=1)
def _body_shown() -> np.ndarray:
    """The lesion-free film as shown (display window 0…1, before noise), smoothed a little
    as the eye reads a soft-tissue shadow."""
    sc = _scene()
    lo, hi, _ = xray.display_range(sc.body.sex)
    img = xray._shown_body(sc.body.model_dump_json(), SIZE)[0]
    return blur(((img - lo) / (hi - lo)).astype(np.float32), 3.0)


def _scrotal_peak(g: np.ndarray) -> tuple[int, int]:
    """The brightest point of the soft tissue in the midline below the pubic arch."""
    box = g[640:860, 440:585]
    y, x = np.unravel_index(int(np.argmax(box)), box.shape)
    return int(y) + 640, int(x) + 440


def _falls(profile: np.ndarray) -> float:
    """The largest rise along a profile that should only fall (0 if it only falls)."""
    return float(max(np.diff(profile).max(), 0.0)) if profile.size > 1 else 0.0


def test_the_scrotal_shadow_is_one_dome_densest_in_its_middle() -> None:
    """Across the shadow (three rows through it), up its middle and down it to its lower
    margin, the shown grey only falls away from one maximum: no nested arcs, no bright
    walls round a darker inside (review 7's 'hollow bell' rose again by 0.008-0.012 of the
    window towards its walls). The maximum lies well above the lower margin (not a bright
    rim against the air between the thighs) and stands clear of the thighs beside it."""
    g = _body_shown()
    y, x = _scrotal_peak(g)
    for dy in (-30, 0, 20):
        row = g[y + dy]
        assert _falls(row[x:x + 61]) < 0.004, (dy, "right", _falls(row[x:x + 61]))
        assert _falls(row[x - 60:x + 1][::-1]) < 0.004, (dy, "left", _falls(row[x - 60:x + 1]
                                                                            [::-1]))
    assert _falls(g[y - 80:y + 1, x][::-1]) < 0.004
    down = g[y:y + 200, x]
    edge = int(np.argmax(down < 0.2))  # where the air between the thighs begins
    assert edge >= 40, ("peak at the lower margin", y, edge)
    assert _falls(down[:edge]) < 0.004, _falls(down[:edge])
    assert g[y, x] - max(g[y, x - 90], g[y, x + 90]) >= 0.15


def test_the_scrotal_shadow_has_a_convex_lower_margin() -> None:
    """Its lower margin (where the grey falls through half its peak) is lowest in the
    middle and rises steadily to each side: a rounded bottom, not a flat, notched or
    cut-off one (review 7's bell: 760, 760, 822, 827, 760 at 20-px steps)."""
    g = _body_shown()
    y, x = _scrotal_peak(g)
    level = g[y, x] / 2
    margin = [y + int(np.argmax(g[y:y + 200, x + d] < level)) for d in (-40, -20, 0, 20, 40)]
    assert margin[0] <= margin[1] <= margin[2] >= margin[3] >= margin[4], margin
    assert margin[2] - max(margin[0], margin[4]) >= 6, margin


@lru_cache(maxsize=1)
def _film_shown() -> tuple[np.ndarray, np.ndarray]:
    """Figure 5b as shown (display window 0…1, before noise) and its lesion footprints."""
    sc = _scene()
    line, tline, feet, *_ = xray.projections(sc)
    lo, hi, _ = xray.display_range(sc.body.sex)
    img = xray._shown(line, tline, SIZE, sc.body.model_dump_json())[0]
    return (img - lo) / (hi - lo), feet


def _alone(q: int) -> np.ndarray:
    """Lesion q's own projected excess on the film (detector pixels, top = cranial)."""
    sc = _scene()
    line, *_, line0, _, _ = xray.projections(sc.model_copy(update={"lesions": [sc.lesions[q]]}))
    return line - line0


def _lesions(site: str) -> list[tuple[int, str]]:
    return [(q, les.side) for q, les in enumerate(_scene().lesions) if les.site == site]


def test_the_bone_edge_is_a_cortex_that_fades_not_a_cut_out_line() -> None:
    """Across the outer edge of each vastus band (bone against muscle), no single display
    pixel takes more than 0.3 of the step up to the bone 2 px inside the edge: the edge
    rises over a millimetre or two as a projected cortex does (review 7: a crisp 1-px
    bright cut-out edge; 0.37-0.41 of the step in one pixel, with a dark halo outside)."""
    g, feet = _film_shown()
    h, w = feet.shape[1:]
    for q, side in _lesions("vastus-lateralis"):
        rows = np.flatnonzero(feet[q].any(axis=1))
        steepest = []
        for r in range(int(rows[0] + 0.2 * rows.size), int(rows[0] + 0.8 * rows.size), 2):
            cols = np.flatnonzero(feet[q][r])
            c = int((cols[0] if side == "right" else cols[-1]) * SIZE[0] / w)
            rd = int(r * SIZE[1] / h)
            prof = g[rd, c - 20:c + 20] if side == "right" else g[rd, c - 20:c + 20][::-1]
            out = float(np.median(prof[:8]))
            e = 8 + int(np.argmax(prof[8:] > out + 0.15))  # the edge: 0.15 of the window up
            steepest.append(np.diff(prof[e - 4:e + 5]).max() / (prof[e + 4] - out))
        assert np.median(steepest) < 0.3, (side, np.median(steepest))


def test_the_right_vastus_band_has_no_regular_waists() -> None:
    """The right band's width, row by row along its middle 80 %, strays from its running
    mean (over 41 mm) by under 1.5 mm RMS: its lobes no longer pinch it at regular
    waists like a caterpillar (review 7: 1.8 mm)."""
    for q, side in _lesions("vastus-lateralis"):
        if side != "right":
            continue
        ex = blur(_alone(q), 1.0)
        feet = xray.projections(_scene())[2][q]
        own = ndimage.binary_dilation(feet, iterations=6)
        bone = (ex > 0.5 * np.percentile(ex[feet], 50)) & own
        rows = np.flatnonzero(bone.sum(axis=1) > 3)
        cut = int(0.1 * rows.size)
        width = np.array([np.ptp(np.flatnonzero(bone[r])) + 1
                          for r in range(rows[0] + cut, rows[-1] - cut)], float) * xray.DET_MM
        wander = width - ndimage.uniform_filter1d(width, 41, mode="nearest")
        assert wander.std() < 1.5, wander.std()


def _longest_straight(mask: np.ndarray, tolerance: float = 2.0) -> float:
    """The longest stretch (pixels) of a mask's outer outline that stays within
    ``tolerance`` pixels of the straight line between its ends: a facet."""
    pieces, n = ndimage.label(mask)
    biggest = pieces == 1 + int(np.argmax(ndimage.sum(mask, pieces, range(1, n + 1))))
    ring = np.array(_trace(biggest), float)
    n, best = len(ring), 0.0
    for i in range(0, n, 2):
        for j in range(i + 8, i + n // 2, 2):
            a, b = ring[i % n], ring[j % n]
            seg = ring[np.arange(i, j + 1) % n] - a
            d = b - a
            if (np.abs(seg[:, 0] * d[1] - seg[:, 1] * d[0]) / np.hypot(*d)).max() > tolerance:
                break
            best = max(best, float(np.hypot(*d)))
    return best


def test_the_left_hip_masses_have_no_long_straight_facets() -> None:
    """The outlines of the extensive left supra-acetabular and gluteus-minimus masses (the
    left hip mass of figure 5b) run straight, within 2 mm, for under 43 mm anywhere
    (review 7: straight facets of 50 and 46 mm along its upper and lateral edges)."""
    sc = _scene()
    for q, les in enumerate(sc.lesions):
        if les.side != "left" or les.site not in ("supra-acetabular", "gluteus-minimus"):
            continue
        ex = _alone(q)
        feet = xray.projections(sc.model_copy(update={"lesions": [les]}))[2][0]
        run = _longest_straight(ex > 0.25 * np.median(ex[feet])) * xray.DET_MM
        assert run < 43.0, (les.site, run)
