"""CT anatomy a radiologist reads at a glance (radiology review 3): what the vessels, the
sciatic nerve and the coccyx lie in, the muscle on the pelvic wall, and an early rim."""
from __future__ import annotations

import numpy as np
import pytest
from illustrate_support import lesion, scene
from scipy import ndimage

from builder.illustrate import ct, phantom
from builder.illustrate.body.muscles import code
from builder.illustrate.scene import Body
from builder.illustrate.tissues import (
    BONE,
    HALO,
    LESION_FIRST,
    MUSCLES,
    RIM,
    ZONES,
    T,
    lesion_index,
)

CASE_1 = {"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}


def _labels(level: str, body: dict, *lesions) -> tuple[np.ndarray, float]:
    sc = scene("ct-axial", *lesions, level=level, body=body)
    z = phantom.level_z(phantom.body(sc.body), sc.level)
    xs, ys = ct.axes(z)
    return phantom.sample_axial(sc, z, xs, ys), ct.fov(z) / ct.MATRIX


def _sides(mask: np.ndarray) -> list[np.ndarray]:
    """``mask`` split into the patient's right (image left) and left halves."""
    half = mask.shape[1] // 2
    right, left = mask.copy(), mask.copy()
    right[:, half:] = False
    left[:, :half] = False
    return [right, left]


@pytest.mark.parametrize(("level", "body"), [("acetabular-roof", CASE_1),
                                             ("femoral-neck", CASE_1),
                                             ("femoral-head", {"sex": "male"}),
                                             ("acetabular-roof", {"sex": "male"})])
def test_the_iliac_and_femoral_vessels_lie_in_a_partial_rind_not_a_ring_disc_or_crescent(
        level: str, body: dict) -> None:
    """The fat round the artery and vein is a thin rind over part of their edge, in uneven
    arcs (all round, it reads as a dark ring on CT, radiology review 4; a thick crescent
    on one side curls round them like a bowel loop), and 4–6 mm out the fat lies on one
    side of the pair, the region's fat they sit at the edge of (a disc of fat makes a
    target on CT venography)."""
    lab, px = _labels(level, body)
    big = ndimage.binary_opening(np.isin(lab, (T.ARTERY, T.VEIN)), iterations=2)
    for pair in _sides(big):
        pieces, n = ndimage.label(pair)
        sizes = ndimage.sum(pair, pieces, range(1, n + 1))
        keep = np.isin(pieces, 1 + np.argsort(sizes)[-2:])  # the deep artery and vein
        d = ndimage.distance_transform_edt(~keep) * px
        for one in (pieces == k for k in 1 + np.argsort(sizes)[-2:]):
            near = (ndimage.distance_transform_edt(~one) * px < 3.0) & ~keep
            cy, cx = np.argwhere(one).mean(axis=0)
            rows, cols = np.nonzero(near)
            sector = np.digitize(np.arctan2(rows - cy, cols - cx), np.linspace(-np.pi, np.pi, 37))
            fat = np.bincount(sector, lab[rows, cols] == T.FAT, 38)[1:37]
            assert 0.1 <= (fat > 0).mean() <= 0.8, (fat > 0).mean()
        band = (d > 4.0) & (d < 6.0) & ~np.isin(lab, (T.ARTERY, T.VEIN))
        assert (lab[band] == T.FAT).mean() < 0.55, (lab[band] == T.FAT).mean()
        # the fat out there lies on one side of the pair (the pelvic sidewall's, the femoral
        # triangle's), not round it
        cy, cx = np.argwhere(keep).mean(axis=0)
        rows, cols = np.nonzero(band)
        sector = np.digitize(np.arctan2(rows - cy, cols - cx), np.linspace(-np.pi, np.pi, 37))
        fat = np.bincount(sector, lab[rows, cols] == T.FAT, 38)[1:37]
        every = np.maximum(np.bincount(sector, None, 38)[1:37], 1)
        assert (fat / every > 0.5).mean() <= 0.7, (fat / every > 0.5).mean()


@pytest.mark.parametrize("body", [CASE_1, {"sex": "male"}])
def test_the_sciatic_nerve_is_a_flat_oval_at_one_end_of_a_band_of_fat(body: dict) -> None:
    """Not a round target: the nerve's section is at least twice as wide as it is deep, and
    the fat it lies in reaches much further on one side of it than on the other."""
    lab, px = _labels("acetabular-roof", body)
    for nerve in _sides(lab == T.NERVE):
        rows, cols = np.nonzero(nerve)
        assert rows.size * px * px > 40
        assert np.ptp(cols) >= 2 * np.ptp(rows)
        fat = ndimage.binary_dilation(nerve, iterations=3) | (lab == T.FAT)
        pieces, _ = ndimage.label(fat)
        band = (pieces == pieces[rows[0], cols[0]]) & (lab == T.FAT)
        near = band & (np.abs(np.arange(lab.shape[0])[:, None] - rows.mean()) < 12 / px)
        _, fc = np.nonzero(near)
        left, right = cols.min() - fc.min(), fc.max() - cols.max()
        assert max(left, right) >= 2 * max(min(left, right), 1)


@pytest.mark.parametrize("body", [CASE_1, {"sex": "male"}])
def test_the_coccyx_lies_directly_behind_the_rectum_with_fat_not_muscle_between(
        body: dict) -> None:
    """Down the midline from the back wall of the rectum to the sacrum or coccyx there is
    only fat, less than 3 cm of it; gluteus maximus arises lateral to the bone and does
    not run in front of it."""
    lab, px = _labels("acetabular-roof", body)
    mid = lab[:, lab.shape[1] // 2 - 3:lab.shape[1] // 2 + 4]
    wall = np.nonzero((mid == T.WALL).any(axis=1))[0]
    bone = np.nonzero(np.isin(mid, list(BONE)).any(axis=1))[0]
    back = wall[wall < bone.min()].max()  # the rectum's back wall (rows run forwards)
    front = bone[bone > back].min()
    between = mid[back + 1:front]
    assert (front - back) * px < 30
    assert not np.isin(between, list(MUSCLES)).any()


def test_obturator_internus_lines_the_pelvic_side_of_the_acetabulum_at_the_roofs() -> None:
    """At the acetabular roofs the medial (pelvic) surface of each hip bone behind the
    pubic ramus is covered by obturator internus, not bare against the pelvic fat."""
    lab, px = _labels("acetabular-roof", CASE_1)
    xs, ys = ct.axes(phantom.level_z(phantom.body(Body(**CASE_1)), "acetabular-roof"))
    centre = lab.shape[1] // 2
    for key, step in (("R", -1), ("L", 1)):
        covered = tried = 0
        for row in np.nonzero((ys > -35) & (ys < 5))[0]:
            line = lab[row, centre::step]
            hits = np.nonzero(np.isin(line, list(BONE)))[0]
            if not hits.size:
                continue
            tried += 1
            inner = line[max(hits[0] - int(3 / px), 0):hits[0]]
            covered += int((inner == code("obturator_internus", key)).any())
        assert tried > 10 and covered / tried >= 0.6


def test_an_early_ct_rim_is_thin_separate_flecks_over_under_half_its_edge() -> None:
    """Case 3's early calcification (maturity 0.35): the mineral of the rim lies in
    separate flecks about 2 mm thick, over at most half of the mass's circumference (a
    thick continuous loop reads as a mature shell or a calcified haematoma wall)."""
    sc = scene("ct-axial", lesion(0.35, "vastus-intermedius", side="left", level="mid-thigh"),
               level="mid-thigh", body={"sex": "male"})
    hu, lab = ct.hounsfield(sc)
    px = ct.fov(phantom.level_z(phantom.body(sc.body), sc.level)) / ct.MATRIX
    zone = (lab.astype(int) - LESION_FIRST) % ZONES
    mass = (lesion_index(lab) == 0) & (zone != HALO)
    flecks = (lesion_index(lab) == 0) & (zone == RIM) & (hu > 150)
    assert flecks.sum() > 20
    # the share of the edge's length that has a fleck on it (angles from the centre
    # overstate it on a mass that is a flat sheet along the bone)
    edge = mass & ~ndimage.binary_erosion(mass)
    assert (edge & ndimage.binary_dilation(flecks, iterations=2)).sum() <= 0.5 * edge.sum()
    assert ndimage.distance_transform_edt(flecks).max() * px <= 1.0
    assert ndimage.label(flecks)[1] >= 3  # soft edges (review 4) join the nearest flecks


def _ellipse_overlap(mask: np.ndarray) -> float:
    """Intersection over union of a section with the ellipse of the same moments."""
    pts = np.argwhere(mask).astype(float)
    centre = pts.mean(axis=0)
    var, axes_ = np.linalg.eigh(np.cov((pts - centre).T))
    radii = np.sqrt(4 * var)  # a uniform ellipse's variance along an axis is r² / 4
    yy, xx = np.mgrid[:mask.shape[0], :mask.shape[1]]
    d = np.stack([yy - centre[0], xx - centre[1]], axis=-1) @ axes_
    ellipse = (d[..., 0] / radii[0]) ** 2 + (d[..., 1] / radii[1]) ** 2 <= 1
    return float((ellipse & mask).sum() / (ellipse | mask).sum())


def test_thigh_muscles_are_not_perfect_ellipses_but_hip_muscles_keep_their_shapes() -> None:
    """At mid-thigh no muscle's section is a near-perfect ellipse (the strands alone made
    the gracilis one, overlap 0.98–0.99); round the hip the outlines are as drawn."""
    lab, _ = _labels("mid-thigh", {"sex": "male"})
    for name in ("rectus_femoris", "sartorius", "gracilis", "vastus_lateralis", "hamstrings"):
        for key in "RL":
            assert _ellipse_overlap(lab == code(name, key)) < 0.965
    from builder.illustrate.body.strands import _uneven

    hip = np.linspace(-80.0, 150.0, 50)
    assert np.all(_uneven(code("gracilis", "R"), hip, hip, hip) == 1.0)
