"""CT pictures after radiology review 4: the femoral-neck slice shows the necks, the
oedematous side is fuller, early mineral is faint and soft, and the fat round the vessels
is partial."""
from __future__ import annotations

import numpy as np
from illustrate_support import lesion, scene
from scipy import ndimage

from builder.illustrate import ct, phantom
from builder.illustrate.heights import slice_z
from builder.illustrate.scene import Body
from builder.illustrate.tissues import BONE, T, lesion_index

CASE_1 = {"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}


def test_the_femoral_neck_slice_cuts_head_neck_and_trochanter_in_one_section() -> None:
    """Review 4: the 'femoral neck' slices showed lateral ovals at the intertrochanteric
    level. At the level of the necks each femur's section is one piece of bone that runs
    from inside the femoral head (its sphere) out to the greater trochanter."""
    sc = scene("ct-axial", level="femoral-neck", body=CASE_1)
    b = phantom.body(Body(**CASE_1))
    z = slice_z(b, "femoral-neck")
    xs, ys = ct.axes(z)
    lab = phantom.sample_axial(sc, z, xs, ys)
    pieces, _ = ndimage.label(np.isin(lab, list(BONE)))
    xx, yy = np.meshgrid(xs, ys)
    for key in "RL":
        side = b.landmarks[key]
        c, r = side.head, side.head_r
        in_head = (np.hypot(xx - c[0], yy - c[1]) ** 2 + (z - c[2]) ** 2) < r ** 2
        gt = side["trochanter_lateral"]
        near_gt = np.hypot(xx - gt[0], yy - gt[1]) < 15.0
        head_pieces = set(np.unique(pieces[in_head & (pieces > 0)]))
        assert (in_head & (pieces > 0)).sum() * (xs[1] - xs[0]) ** 2 > 30.0  # mm² of the head
        assert head_pieces & set(np.unique(pieces[near_gt & (pieces > 0)]))


def _contour_shift(sc) -> tuple[float, float]:
    """Largest outward shift (mm) of the skin contour of ``sc``'s CT slice against the same
    slice without lesions, on the patient's right and left, along rays from the body's
    centre."""
    _, lab = ct.hounsfield(sc)
    _, lab0 = ct.hounsfield(sc.model_copy(update={"lesions": []}))
    px = ct.FOV / ct.MATRIX
    cy, cx = np.argwhere(lab0 != T.AIR).mean(axis=0)
    steps = np.arange(0, 400, 0.5)

    def reach(mask: np.ndarray, a: float) -> float:
        r = np.clip((cy - steps * np.sin(a)).astype(int), 0, ct.MATRIX - 1)
        c = np.clip((cx + steps * np.cos(a)).astype(int), 0, ct.MATRIX - 1)
        return float(steps[np.nonzero(mask[r, c])[0].max()]) * px

    angles = np.radians(np.arange(0, 360, 2))
    shift = np.array([reach(lab != T.AIR, a) - reach(lab0 != T.AIR, a) for a in angles])
    right = np.cos(angles) < 0  # image left
    return float(shift[right].max()), float(np.abs(shift[~right]).max())


def test_the_oedematous_side_is_fuller() -> None:
    """Review 4: 2a says 'swelling' but the right contour was no larger than the left.
    One month after injury the oedematous muscles round the right hip push the skin over
    them out by at least 5 mm; the left contour does not move."""
    one_month = [lesion(0.05, "iliopsoas", extent="moderate"),
                 lesion(0.05, "gluteus-minimus", extent="small"),
                 lesion(0.05, "short-external-rotators", extent="moderate")]
    sc = scene("ct-axial", *one_month, level="acetabular-roof", contrast=True, body=CASE_1)
    right, left = _contour_shift(sc)
    assert right >= 5.0
    assert left <= 1.0
    # once the oedema has gone (a maturing mass), the contour is the lesion-free one
    later = [les.model_copy(update={"maturity": 0.6}) for les in one_month]
    assert max(_contour_shift(sc.model_copy(update={"lesions": later}))) <= 1.0


def _fleck_hu(maturity: float) -> tuple[np.ndarray, np.ndarray, float]:
    """HU of a thigh lesion's surroundings (within 3 px, bone and its edge left out) and
    their gradient (HU per mm), at ``maturity``."""
    sc = scene("ct-axial", lesion(maturity, "vastus-intermedius", side="left",
                                  level="mid-thigh"), level="mid-thigh", body={"sex": "male"})
    hu, lab = ct.hounsfield(sc)
    px = ct.fov(slice_z(phantom.body(sc.body), sc.level)) / ct.MATRIX
    near = ndimage.binary_dilation(lesion_index(lab) == 0, iterations=3)
    near &= ~ndimage.binary_dilation(np.isin(lab, list(BONE)), iterations=3)
    slope = np.hypot(*np.gradient(hu)) / px
    return hu[near], slope[near], px


def test_early_ct_flecks_are_faint_and_soft_edged() -> None:
    """Review 4: case 3's early flecks (maturity 0.35) were crisp, saturated dashes at
    cortex density. Early mineral is amorphous, soft-edged and 150-400 HU: still seen
    (some pixels above 150 HU) but never near cortex, and with no knife edge."""
    hu, slope, _ = _fleck_hu(0.35)
    assert (hu > 150).sum() >= 15
    assert hu.max() <= 420
    assert slope[hu > 150].max() <= 200  # HU per mm
    # a mature rim (maturity 0.7) is still as dense and crisp as cortex
    hu, slope, _ = _fleck_hu(0.7)
    assert hu.max() >= 700


def test_small_thigh_muscles_are_lobulated() -> None:
    """Review 4: the sartorius and gracilis at mid-thigh were still near-perfect ellipses
    (overlap with their moment ellipse 0.92-0.95): a bent section overlaps it under 0.9."""
    from test_illustrate_ct_anatomy import _ellipse_overlap

    from builder.illustrate.body.muscles import code

    sc = scene("ct-axial", level="mid-thigh", body={"sex": "male"})
    z = slice_z(phantom.body(sc.body), sc.level)
    lab = phantom.sample_axial(sc, z, *ct.axes(z))
    for name in ("sartorius", "gracilis"):
        for key in "RL":
            assert _ellipse_overlap(lab == code(name, key)) < 0.9, (name, key)


def _differential_scene(modality: str, which: str):
    import yaml

    from builder.illustrate.scene import Scene

    with open("content/data/differential.yaml", encoding="utf-8") as f:
        rows = yaml.safe_load(f)
    for row in (r for v in rows.values() if isinstance(v, list) for r in v):
        if isinstance(row, dict) and row.get("modality") == modality:
            return Scene.model_validate(row[which]["scene"])
    raise LookupError(modality)


def test_ct_venography_vessels_have_no_ring_of_fat() -> None:
    """Review 4: a black crescent or ring capped each artery-vein pair on d4 and d5. Round
    each enhanced vessel the fat (below -30 HU, 0.5-3 mm out) covers at most 80 % of the
    directions: partial, uneven arcs, never a closed ring."""
    from builder.illustrate import ctv

    for which in ("dvt", "nho"):
        sc = _differential_scene("CTV", which)
        hu, lab, _ = ctv.slices(sc)
        px = ct.fov(slice_z(phantom.body(sc.body), sc.level)) / ct.MATRIX
        bone = ndimage.binary_dilation(np.isin(lab, list(BONE)), iterations=3)
        lumen = ndimage.binary_opening((hu > 120) & ~bone, iterations=1)
        pieces, n = ndimage.label(lumen)
        sizes = ndimage.sum(lumen, pieces, range(1, n + 1))
        vessels = [pieces == k + 1 for k in range(n) if 15 <= sizes[k] * px * px <= 600]
        assert len(vessels) >= 3, which  # the arteries and the opacified veins
        for one in vessels:
            d = ndimage.distance_transform_edt(~one) * px
            ring = (d > 0.5) & (d < 3.0) & ~lumen
            cy, cx = np.argwhere(one).mean(axis=0)
            rows, cols = np.nonzero(ring)
            sector = np.digitize(np.arctan2(rows - cy, cols - cx),
                                 np.linspace(-np.pi, np.pi, 37))
            fat = np.bincount(sector, hu[rows, cols] < -30, 38)[1:37]
            assert (fat > 0).mean() <= 0.8, (which, (fat > 0).mean())


def test_the_sciatic_fat_is_one_plain_band() -> None:
    """Review 4: on d4 the left sciatic fat band read as the letters 'CT' (a ring round the
    nerve, a bar and separate blobs). Beside each nerve the fat is one piece (crumbs
    aside) with no holes."""
    sc = _differential_scene("CTV", "dvt")
    z = slice_z(phantom.body(sc.body), sc.level)
    lab = phantom.sample_axial(sc, z, *ct.axes(z))
    px = ct.fov(z) / ct.MATRIX
    for nerve in (lab == T.NERVE) & (np.arange(ct.MATRIX) < ct.MATRIX // 2), \
            (lab == T.NERVE) & (np.arange(ct.MATRIX) >= ct.MATRIX // 2):
        near = ndimage.distance_transform_edt(~nerve) * px < 12.0
        fat = near & (lab == T.FAT)
        pieces, n = ndimage.label(fat)
        sizes = ndimage.sum(fat, pieces, range(1, n + 1)) * px * px
        assert sizes.max() >= 0.9 * sizes.sum(), sizes  # one band, no separate shapes
        assert (ndimage.binary_fill_holes(fat) & ~fat).sum() * px * px < 2.0
