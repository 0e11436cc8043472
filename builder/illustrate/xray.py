"""Radiograph: Beer–Lambert line integrals from a point source through the phantom.

The patient lies supine; the tube is above (anterior), the detector in the table below. Each
detector pixel sees exp(−∫μ dl) along the ray from the focal spot, so structures far from
the detector are magnified more (a femoral head about 1.2×). The display shows the line
integral (bone white) after the unsharp equalisation digital radiography applies to pelvic
films. Unmineralised tissue attenuates like muscle: early NHO is invisible. Immature mineral
is amorphous and patchy (a cloud, denser at its periphery where the rim is); mature NHO has
a cortex and trabeculae like the native bone beside it.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image
from scipy import fft, ndimage, sparse
from scipy.sparse.linalg import spsolve

from builder.illustrate import noise3d, phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import (
    blur,
    disjoint,
    index_map,
    outline,
    resize,
    stack_map,
    to_u8,
    value_noise,
)
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Extent, Scene, View
from builder.illustrate.tissues import CORE, LESION_FIRST, MUSCLES, ZONES, T, zone_mix

MU_SOFT, MU_FAT, MU_CORTEX, MU_TRAB = 0.0210, 0.0185, 0.0560, 0.0290  # per mm (~60 keV)
MU = {T.AIR: 0.0, T.SKIN: MU_SOFT, T.FAT: MU_FAT, T.URINE: 0.0206, T.BOWEL: 0.0205,
      T.ARTERY: 0.0212, T.VEIN: 0.0212, T.CARTILAGE: 0.0218, T.CORTICAL: MU_CORTEX,
      T.TRABECULAR: MU_TRAB, T.MARROW: 0.0190, T.DISC: 0.0220, T.CAPSULE: 0.0214,
      T.GAS: 0.0060, T.FECES: 0.0180, T.UTERUS: 0.0212, T.LABRUM: 0.0218, T.JOINT: 0.0208,
      T.NERVE: 0.0208, T.WALL: 0.0212}
# bowel gas at under a third of soft tissue, not air's 0: the phantom's loops stack their
# gas pockets along the beam more than a patient's do, and at 0 their blotches hid the
# sacral foramina and arcuate lines, which a pelvic film shows through the gas; stool a
# little below soft tissue
GAS_MM = 2.5  # the gas's projection is softened: the phantom's bubbles, thresholded noise
# on its voxel grid, project as square-edged dark blocks, where bowel gas on a film is
# rounded and tubular, with soft edges, and mottles the stool
SID_MM, TABLE_GAP_MM = 1100.0, 60.0  # focus–detector distance; table top to detector
FIELD_U, FIELD_V = (-258.0, 258.0), (-318.0, 220.0)  # detector mm (after magnification):
# a film of the pelvis and upper femora: from just above L4, so L4, the L4-L5 disc and L5
# show above the iliac crests, down the femoral shafts far enough that bone along them
# ends on the film
DET_MM = 1.0
SLAB = 12
EQUALISE, EQ_SIGMA_MM = 0.55, 45.0
DETAIL, DETAIL_MM = 1.3, 2.5  # boost of the fine-detail band (equalised)
MARGIN_MM = 3.0  # scale of the outline of mature heterotopic bone: its broad lobules
LOBE_MM, LOBE_SOFT_MM = 20.0, 5.0  # a mature margin's own lobules: their size, and the
# scale of the notches between them (the flat face of a mass's end lobe otherwise ends it in a
# straight line across the film, and two lobes meet in a straight seam)
LOBE_EXTENSIVE_MM = (12.0, 8.0)  # an extensive mass's: its broad lobes' flat faces are the
# longest
CORTEX_MM = (1.0, 2.5)
CORTEX_GAIN = 1.5
ALONG_MM = 5.0
STRIAE_MM = (10.0, 0.8)  # mature bone's trabeculae: streaks along the mass, and their width


def mu_tables(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """Per-code μ (per mm) and per-code trabecular μ excess (modulated by a texture)."""
    mu = np.full(256, MU_SOFT, np.float32)
    trab = np.zeros(256, np.float32)
    for code, v in MU.items():
        mu[code] = v
    o = scene.body.osteopenia
    mu[T.TRABECULAR] = MU_SOFT + (MU_TRAB - MU_SOFT) * (1 - 0.4 * o)
    mu[T.CORTICAL] = MU_SOFT + (MU_CORTEX - MU_SOFT) * (1 - 0.15 * o)
    mu[list(MUSCLES)] = MU_SOFT - 0.0015 * scene.body.atrophy
    trab[T.TRABECULAR] = mu[T.TRABECULAR] - MU_SOFT
    for i, les in enumerate(scene.lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            soft = MU_SOFT - 0.0005 * mix.water - (MU_SOFT - 0.0190) * mix.fat
            code = LESION_FIRST + ZONES * i + zone
            mu[code] = (1 - mix.mineral) * soft + mix.mineral * MU_CORTEX
            if zone == CORE:
                trab[code] = mix.trabecular * 0.6 * (MU_TRAB - MU_SOFT)
                mu[code] += trab[code] * 0.5
    return mu, trab


def _geometry(scene: Scene) -> tuple[float, float, float]:
    """(detector y, focal spot y, central ray height z)."""
    b = phantom.body(scene.body)
    det = b.couch_y - TABLE_GAP_MM
    return det, det + SID_MM, 20.0


def _lerp_axis(a: np.ndarray, coords: np.ndarray, grid: np.ndarray, axis: int) -> np.ndarray:
    f = (coords - grid[0]) / (grid[1] - grid[0])
    n = a.shape[axis]
    i0 = np.clip(np.floor(f).astype(np.int64), 0, n - 2)
    t = np.clip(f - i0, 0, 1).astype(np.float32)
    out_ = (f < 0) | (f > n - 1)
    shape = [1] * a.ndim
    shape[axis] = len(coords)
    t = t.reshape(shape)
    r = np.take(a, i0, axis=axis) * (1 - t) + np.take(a, i0 + 1, axis=axis) * t
    return np.where(out_.reshape(shape), 0.0, r)


def _detector(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """The detector's u (across) and v (up) axes, mm."""
    _, _, zc = _geometry(scene)
    us = np.arange(FIELD_U[0] + DET_MM / 2, FIELD_U[1], DET_MM, dtype=np.float32)
    vs = np.arange(FIELD_V[0] + DET_MM / 2, FIELD_V[1], DET_MM, dtype=np.float32) + zc
    return us, vs


@lru_cache(maxsize=4)
def _body_projection(body_json: str) -> tuple[np.ndarray, np.ndarray]:
    """Line integral and its trabecular part of the lesion-free body (rows bottom = caudal),
    projected slab by slab: 12 voxels (18 mm) share one magnification, which varies < 2 %
    within a slab. The same for every radiograph of this body."""
    scene = Scene(view=View.XRAY_AP_PELVIS, body=BodySpec.model_validate_json(body_json))

    def make() -> dict[str, np.ndarray]:
        vol = phantom.base_volume(scene.body)
        mu, trab = mu_tables(scene)
        det, focus, zc = _geometry(scene)
        us, vs = _detector(scene)
        step = float(vol.ys[1] - vol.ys[0])
        line = np.zeros((len(vs), len(us)), np.float32)
        tline, gas = np.zeros_like(line), np.zeros_like(line)
        labels = with_lesser_trochanters(vol, phantom.body(scene.body))
        mu_vol, trab_vol = mu[labels], trab[labels]
        gas_vol = labels == T.GAS
        mu_vol[gas_vol] = MU[T.BOWEL]  # the gas is taken out below, with soft edges
        sacral = (mu_vol - MU_SOFT) * _sacral_bone(vol, labels, phantom.body(scene.body))
        sac = np.zeros_like(line)
        for j0 in range(0, len(vol.ys), SLAB):
            m = (focus - det) / (focus - float(vol.ys[j0:j0 + SLAB].mean()))
            xs, zs = us / m, zc + (vs - zc) / m
            for src, dst in ((mu_vol[:, j0:j0 + SLAB, :].sum(axis=1), line),
                             (trab_vol[:, j0:j0 + SLAB, :].sum(axis=1), tline),
                             (gas_vol[:, j0:j0 + SLAB, :].sum(axis=1, dtype=np.float32), gas),
                             (sacral[:, j0:j0 + SLAB, :].sum(axis=1), sac)):
                if src.any():
                    dst += _lerp_axis(_lerp_axis(src, xs, vol.xs, 1), zs, vol.zs, 0) * step
        line -= (MU[T.BOWEL] - MU[T.GAS]) * blur(gas, GAS_MM / DET_MM)
        line += _sacrum(sac, phantom.body(scene.body), (det, focus, zc), us, vs) - sac
        if scene.body.sex == "male":
            line = _perineum(line, phantom.body(scene.body), (det, focus, zc), us, vs)
        return {"line": line, "tline": tline}

    got = phantom.body_cached(scene.body, "xray-body", make,
                              __import__(__name__, fromlist=["x"]))
    return got["line"], got["tline"]


PERINEUM_MM = (44.0, 100.0)  # the perineum redrawn: from below the symphysis (detector mm;
# the pubic arch's lower edge) down, and how far to each side
SCROTUM_MM = (44.0, 34.0)  # half-width and half-height: broader than tall
SCROTUM_BELOW = 100.0  # mm from the symphysis down to its centre, hanging below the perineum
SCROTUM_OVER, SCROTUM_WIDER = 0.05, 1.25  # the faint density its whole oval adds where it
# lies over the thighs (a fraction of theirs there; nothing over the air), and how much
# wider that oval is than its shadow over the air: its sides overlap the medial thighs
SCROTUM_SHOWN = 0.8  # its density low down, over the air, as a fraction of the perineum's
# (the whole perineum's at its middle and above): a modest soft-tissue shadow, fainter than
# the thighs beside it (the equalisation leaves a chord of its true thickness, alone over
# the air, as black as the air)
CROTCH_BELOW, CROTCH_TAPER = 115.0, 0.55  # where the thighs' medial skin lines meet (mm below
# the symphysis, behind the scrotum), and how they converge up to there (the gap's half-width
# as this power of the height above the film's lower edge: nearly straight low down,
# curving in to a rounded apex)
AIR = 0.5  # a line integral under this is the air between the thighs
SKIN_MM, SKIN_SOFT_MM = 25.0, 1.5  # the chord through a thigh grows as the square root of
# the depth in from its skin tangent, over about SKIN_MM (a limb seen edge-on fades to its
# skin, no wall); the skin line's own unsharpness


def _perineum(line: np.ndarray, b, geometry: tuple[float, float, float], us: np.ndarray,
              vs: np.ndarray) -> np.ndarray:
    """A male film's perineum (rows bottom = caudal), redrawn: smooth soft tissue from below
    the pubic arch down, the air between the thighs, whose medial skin lines converge up to
    meet behind the scrotum, and the scrotum hanging into the top of that air. The
    phantom's perineal surfaces, seen end-on, stacked into nested arcs with bright walls
    round a dark tongue, which no film shows; the scrotum, which the phantom lacks, is the
    homogeneous rounded soft-tissue shadow a male AP pelvic film shows in the midline below
    the symphysis, a modest density over the upper part of the gap."""
    det, focus, zc = geometry
    sym = b.landmarks["R"]["symphysis"]
    m = (focus - det) / (focus - float(sym[1]))
    u, v = np.meshgrid(us, vs)
    below = zc + (float(sym[2]) - zc) * m - v  # detector mm below the symphysis
    scrotum = _scrotum(geometry, sym, u, below)
    top, half = PERINEUM_MM
    hole = (below > top) & (np.abs(u) < half)
    hole[0] = False
    free = np.zeros_like(hole)
    free[0] = True  # the film's lower edge imposes nothing
    tissue = _membrane(line, hole, free)
    # the chords thin to the skin round the air between the thighs, as through a limb
    # seen edge-on: soft tangential edges
    gap = _into_thighs(line, u, below, CROTCH_BELOW * m) < 0
    if not gap.any():  # thighs together: no air to thin towards
        return np.where(hole, tissue, line)
    depth = blur((ndimage.distance_transform_edt(~gap) * DET_MM).astype(np.float32),
                 SKIN_SOFT_MM / DET_MM)
    thinned = tissue * np.sqrt(np.clip(depth / SKIN_MM, 0, 1))
    # the scrotum hangs between the thighs, not in front of them: where they have thinned
    # to less than its own thickness (over the top of the gap, behind which they meet) it
    # shows, a rounded density with a convex lower margin; above, it is lost in the
    # perineum's full thickness
    shown = tissue * scrotum[0]
    # its whole oval adds a faint density, soft at its skin, over the thighs' thinned
    # medial edges behind it: scrotal soft tissue overlapping the medial thighs, with no
    # pointed arch of air round its upper half
    out = np.where(hole, np.maximum(thinned, shown) + SCROTUM_OVER * thinned * scrotum[1], line)
    out[0] = out[1]
    return out


def _into_thighs(line: np.ndarray, u: np.ndarray, below: np.ndarray, crotch: float
                 ) -> np.ndarray:
    """How far (detector mm, across) each point lies inside a thigh, in from its medial
    skin line (negative in the air between them; infinite everywhere if the thighs touch).
    The lines run from where the phantom has them at the film's lower edge up to meet at
    ``crotch`` (mm below the symphysis), converging a little on the way."""
    mid = int(np.argmin(np.abs(u[0])))
    air = line[0] < AIR
    if not air[mid]:  # thighs together
        return np.full(line.shape, np.inf, np.float32)
    lo = u[0, mid - int(np.argmin(air[mid::-1])) + 1]
    hi = u[0, mid + int(np.argmin(air[mid:])) - 1]
    f = np.clip((below - crotch) / (below[0, 0] - crotch), 0, 1) ** CROTCH_TAPER
    return np.maximum(lo * f - u, u - hi * f)


def _membrane(img: np.ndarray, hole: np.ndarray, free: np.ndarray) -> np.ndarray:
    """``img`` with ``hole`` (not touching its border) filled by the smoothest surface that
    meets the values round it (Laplace's equation), except where they are ``free`` (there
    it only runs level): nothing inside but a gentle slope."""
    n = int(hole.sum())
    index = np.full(img.shape, -1)
    index[hole] = np.arange(n)
    rows, cols = np.nonzero(hole)
    a_rows, a_cols, a_vals = [np.arange(n)], [np.arange(n)], []
    diagonal, rhs = np.zeros(n), np.zeros(n)
    for dr, dc in ((0, 1), (0, -1), (1, 0), (-1, 0)):
        nb = index[rows + dr, cols + dc]
        inside = nb >= 0
        fixed = ~inside & ~free[rows + dr, cols + dc]
        diagonal += inside | fixed
        a_rows.append(np.flatnonzero(inside))
        a_cols.append(nb[inside])
        a_vals.append(np.full(int(inside.sum()), -1.0))
        rhs += np.where(fixed, img[rows + dr, cols + dc], 0.0)
    matrix = sparse.csr_matrix((np.concatenate([diagonal, *a_vals]),
                                (np.concatenate(a_rows), np.concatenate(a_cols))), (n, n))
    out = img.copy()
    out[hole] = spsolve(matrix, rhs)
    return out


def _scrotum(geometry: tuple[float, float, float], sym: np.ndarray, u: np.ndarray,
             below: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The scrotum's density as a fraction of the perineum's (0 to 1): its lower half an
    ellipsoid's chord, thickest in the middle and thinning to a convex skin line below and
    at the sides; its upper half rising to the perineum's full thickness, into which its
    root merges. Also its whole oval's chord (a fraction of its greatest), a little wider,
    where it lies over the thighs."""
    det, focus, _ = geometry
    m = (focus - det) / (focus - float(sym[1]) - 15.0)
    a, h = SCROTUM_MM[0] * m, SCROTUM_MM[1] * m
    t = (SCROTUM_BELOW * m - below) / h  # -1 at the bottom, 0 at its middle, up from there
    chord = np.clip(1 - (u / a) ** 2 - np.minimum(t, 0) ** 2, 0, None) ** 0.5
    level = 1 - (1 - SCROTUM_SHOWN) * np.clip(-t, 0, 1)  # its lower margin the faintest
    oval = np.sqrt(np.clip(1 - (u / (SCROTUM_WIDER * a)) ** 2 - t ** 2, 0, None))
    return (blur((level * chord ** 0.4).astype(np.float32), 1.5 / DET_MM),
            blur(oval.astype(np.float32), 4.0 / DET_MM))


SACRAL_FORAMINA = ((0.19, 0.57, 7.5, 6.3), (0.37, 0.51, 6.3, 5.2), (0.54, 0.43, 5.0, 4.1),
                   (0.675, 0.35, 3.9, 3.2))  # the anterior sacral foramina, S1 to S4: how
# far down from the top of S1 to the apex, how far out (a fraction of the alae's half-span:
# the columns bow out a little, following the arcuate lines), and their half-height and
# half-width (detector mm), shrinking down the sacrum
FORAMINA_SIDES = (((0.006, -0.012, 1.06), (-0.004, 0.008, 0.95)),
                  ((-0.008, 0.010, 0.93), (0.004, -0.004, 1.05)),
                  ((0.012, 0.006, 1.08), (-0.006, -0.010, 0.94)),
                  ((-0.005, -0.008, 0.92), (0.008, 0.012, 1.07)))  # each foramen's own
# small departure (down, out, size) on the right and the left: no sacrum is a mirror image,
# and its foramina are not rivets on a grid
FORAMEN_TILT = 0.2  # radians: each foramen's long axis runs down and out, along its groove
FORAMEN_DEPTH, ARCUATE = 0.4, 0.22  # a foramen's lucency (of the bone there) and its arcuate
# line's density (a line integral: about 3.5 mm of cortex seen edge-on)
SACRAL_SMOOTH_MM, SACRAL_EDGE_MM = 3.0, (3.0, 7.0)


def _sacral_bone(vol, labels: np.ndarray, b) -> np.ndarray:
    """Where the volume holds the sacrum's bone (a mask)."""
    f = b.fields["sacrum"]
    out = np.zeros(labels.shape, bool)
    ix = np.nonzero((vol.xs > f.lo[0] - 3) & (vol.xs < f.hi[0] + 3))[0]
    iy = np.nonzero((vol.ys > f.lo[1] - 3) & (vol.ys < f.hi[1] + 3))[0]
    iz = np.nonzero((vol.zs > f.lo[2] - 3) & (vol.zs < f.hi[2] + 3))[0]
    z, y, x = np.meshgrid(vol.zs[iz], vol.ys[iy], vol.xs[ix], indexing="ij")
    box = labels[np.ix_(iz, iy, ix)]
    out[np.ix_(iz, iy, ix)] = (f.distance(x, y, z) <= 0.5) & np.isin(
        box, [T.CORTICAL, T.TRABECULAR, T.MARROW])
    return out


def _sacrum(sac: np.ndarray, b, geometry: tuple[float, float, float], us: np.ndarray,
            vs: np.ndarray) -> np.ndarray:
    """The sacrum's projected bone (its excess over soft tissue; rows bottom = caudal) as a
    frontal film shows it: its margins (the sacroiliac joints' sacral side, the top of S1)
    as projected, its inside evened out, with the paired anterior foramina as rounded
    lucencies, each roofed by its arcuate line, converging down the sacrum. The phantom's
    sacrum carries its foramina as channels running out sideways, whose linings, crossing
    the canal's and each other at S1, projected as a jumble of bright lines with the
    foramina only as dots."""
    foot = ndimage.binary_fill_holes(sac > 0.03)  # (rays through a foramen's channel alone)
    if not foot.any():
        return sac
    sigma = SACRAL_SMOOTH_MM / DET_MM
    smooth = blur(sac * foot, sigma) / np.maximum(blur(foot.astype(np.float32), sigma), 1e-3)
    inward = ndimage.distance_transform_edt(foot) * DET_MM
    lo, hi = SACRAL_EDGE_MM
    keep = np.clip((inward - lo) / (hi - lo), 0, 1)
    out = np.where(foot, sac * (1 - keep) + smooth * keep, sac)
    u, v = np.meshgrid(us, vs)
    holes, roofs = np.zeros_like(sac), np.zeros_like(sac)
    for pair, hhs, hws in sacral_foramina(b, geometry):
        for c, hh, hw, turn in zip(pair, hhs, hws, (-FORAMEN_TILT, FORAMEN_TILT), strict=True):
            du = (u - c[0]) * np.cos(turn) + (v - c[1]) * np.sin(turn)
            dv = (v - c[1]) * np.cos(turn) - (u - c[0]) * np.sin(turn)
            r = np.hypot(du / hw, dv / hh)
            holes = np.maximum(holes, np.clip(1 - r ** 2, 0, 1) ** 0.5)
            # the arcuate line: the roof of the foramen, over its upper half
            over = np.clip(dv / hh + 0.35, 0, 1)
            roofs = np.maximum(roofs, over * np.exp(-0.5 * ((r - 1.05) * hw / 0.5) ** 2))
    lucent = blur(holes, 0.8 / DET_MM) * keep
    out = out * (1 - FORAMEN_DEPTH * lucent) + ARCUATE * blur(roofs, 0.4 / DET_MM) * keep
    top, apex = (_onto(b.landmarks.points[k], geometry) for k in ("s1_top", "sacral_apex"))
    return out + _si_joints(foot, inward, u, v, top, apex)


def _onto(p: np.ndarray, geometry: tuple[float, float, float]) -> np.ndarray:
    """A body point's projection on the detector (u, v mm)."""
    det, focus, zc = geometry
    m = (focus - det) / (focus - float(p[1]))
    return np.array([p[0] * m, zc + (p[2] - zc) * m])


def sacral_foramina(b, geometry: tuple[float, float, float]
                    ) -> list[tuple[tuple[np.ndarray, ...], tuple[float, ...], tuple[float, ...]]]:
    """Each pair of anterior sacral foramina, S1 to S4, on the detector: the right's and the
    left's centre (u, v mm), half-heights and half-widths. They lie down the sacrum's axis
    from the top of S1 to its apex, either side of it, converging, each a little off the
    mirror image of its fellow."""
    pts = b.landmarks.points
    a, z = _onto(pts["s1_top"], geometry), _onto(pts["sacral_apex"], geometry)
    span = (_onto(pts["sacral_ala_L"], geometry)[0] - _onto(pts["sacral_ala_R"], geometry)[0]) / 2
    down = (z - a) / np.linalg.norm(z - a)
    side = np.array([-down[1], down[0]]) * np.sign(-down[1] or 1.0)  # towards +u
    out = []
    for (t, off, hh, hw), sides in zip(SACRAL_FORAMINA, FORAMINA_SIDES, strict=True):
        (tr, orr, kr), (tl, ol, kl) = sides
        out.append(((a + (t + tr) * (z - a) - (off + orr) * span * side,
                     a + (t + tl) * (z - a) + (off + ol) * span * side),
                    (hh * kr, hh * kl), (hw * kr, hw * kl)))
    return out


SI_MM = (1.2, 0.8, 2.6)  # the sacroiliac joint line: its lucent gap's centre outside the
# sacrum's margin and half-width, and how far either side of it the sclerotic borders lie
SI_LUCENT, SI_SCLEROTIC = 0.10, 0.06  # their line integrals (a gap of cartilage in the
# bone's place; dense subchondral bone)


def _si_joints(foot: np.ndarray, inward: np.ndarray, u: np.ndarray, v: np.ndarray,
               top: np.ndarray, apex: np.ndarray) -> np.ndarray:
    """The sacroiliac joints as a frontal film shows them: a thin oblique lucent line down
    each lateral margin of the sacrum (where the ilium overlaps it), from the ala to the
    level of S3, with a thin sclerotic border either side."""
    d = ndimage.distance_transform_edt(~foot) * DET_MM - inward  # signed: + outside
    g, w, off = SI_MM
    lucent = np.exp(-0.5 * ((d - g) / w) ** 2)
    sclerotic = np.exp(-0.5 * ((d - g - off) / w) ** 2) + np.exp(-0.5 * ((d - g + off) / w) ** 2)
    span = np.linalg.norm(apex - top)
    t = (top[1] - v) / (top[1] - apex[1])  # 0 at the top of S1, 1 at the apex
    along = np.clip((t - 0.08) / 0.08, 0, 1) * np.clip((0.6 - t) / 0.1, 0, 1)
    lateral = np.clip((np.abs(u - top[0]) - 0.3 * span) / (0.05 * span), 0, 1)
    return (SI_SCLEROTIC * sclerotic - SI_LUCENT * lucent) * along * lateral


SOFT = frozenset(MUSCLES) | {T.FAT, T.SKIN}


def with_lesser_trochanters(vol, b) -> np.ndarray:
    """The volume's codes with each lesser trochanter grown to its full size: the library's
    femora carry only a low posteromedial swelling there, which a frontal film would not
    show, while a real one is a conical process about 1.5 cm long, its corticated tip the
    medial bump of the proximal femur some 5 cm below the head. Grown into muscle and fat
    only, a cortex over cancellous bone."""
    labels = vol.labels.copy()
    for key in "RL":
        side = b.landmarks[key]
        s = side.s
        tip = side["lesser_trochanter"] + b.femur_shift[key]
        e1 = np.array([-s, -0.55, -0.25])  # medial, posterior and a little down
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(e1, [0.0, 1.0, 0.0])
        e2 /= np.linalg.norm(e2)
        e3 = np.cross(e1, e2)
        centre, radii = tip, np.array([9.0, 11.0, 7.5])
        lo, hi = centre - 13, centre + 13
        ix = np.nonzero((vol.xs > lo[0]) & (vol.xs < hi[0]))[0]
        iy = np.nonzero((vol.ys > lo[1]) & (vol.ys < hi[1]))[0]
        iz = np.nonzero((vol.zs > lo[2]) & (vol.zs < hi[2]))[0]
        z, y, x = np.meshgrid(vol.zs[iz], vol.ys[iy], vol.xs[ix], indexing="ij")
        d = np.stack([x - centre[0], y - centre[1], z - centre[2]], -1)
        q = np.sqrt(sum(((d @ e) / r) ** 2 for e, r in zip((e1, e2, e3), radii, strict=True)))
        box = labels[np.ix_(iz, iy, ix)]
        soft = np.isin(box, list(SOFT))
        box[soft & (q <= 1.0)] = T.CORTICAL
        box[soft & (q <= 1.0 - 2.0 / radii.min())] = T.TRABECULAR
        labels[np.ix_(iz, iy, ix)] = box
    return labels


def projections(scene: Scene) -> tuple[np.ndarray, ...]:
    """Line integral, trabecular part, per-lesion footprints (rows: top = cranial, columns:
    patient's right on the left), the detector's u, v axes (mm), and the line integral and
    trabecular part without the lesions, and each lesion's projected excess.

    The lesion-free body is projected once per body; the lesions' excess attenuation over
    the muscle they replace is projected on its own, made patchy and, while immature,
    blurred into a cloud, and then added."""
    line0, tline0 = _body_projection(scene.body.model_dump_json())
    line, tline = line0.copy(), tline0.copy()
    us, vs = _detector(scene)
    feet = np.zeros((len(scene.lesions), len(vs), len(us)), bool)
    weight = _excess(scene, line, tline, feet, us, vs) if scene.lesions else \
        np.zeros(feet.shape, np.float32)
    return (line[::-1], tline[::-1], feet[:, ::-1], us, vs, line0[::-1], tline0[::-1],
            weight[:, ::-1])


def _excess(scene: Scene, line: np.ndarray, tline: np.ndarray, feet: np.ndarray,
            us: np.ndarray, vs: np.ndarray) -> np.ndarray:
    """Add the lesions' excess attenuation to ``line`` and ``tline`` and mark their
    footprints (in place); return each lesion's own projected excess (who owns a pixel
    that two footprints cover)."""
    base = phantom.base_volume(scene.body)
    vol = phantom.volume(scene.body, tuple(scene.lesions))
    mu, trab = mu_tables(scene)
    det, focus, zc = _geometry(scene)
    step = float(vol.ys[1] - vol.ys[0])
    box = vol.lesion_box
    labels, native = vol.labels[box], base.labels[box]
    les = labels >= LESION_FIRST
    if not les.any():
        return np.zeros(feet.shape, np.float32)
    k, j, i = (n + b.start for n, b in zip(np.nonzero(les), box, strict=True))
    codes = labels[les]
    which = (codes - LESION_FIRST) // ZONES
    excess = (mu[codes] - mu[native[les]]) * step
    texcess = (trab[codes] - trab[native[les]]) * step
    mat = np.array([les_.maturity for les_ in scene.lesions], np.float32)[which]
    patch = np.clip(0.5 + 0.9 * noise3d.noise(vol.xs[i], vol.ys[j], vol.zs[k], 3.5, 21),
                    0.1, 1.0)
    excess = excess * (patch + (1 - patch) * np.clip((mat - 0.3) / 0.45, 0, 1))
    mags = (focus - det) / (focus - vol.ys[j])
    fu = (vol.xs[i] * mags - us[0]) / DET_MM
    fv = (zc + (vol.zs[k] - zc) * mags - vs[0]) / DET_MM
    iu, iv = np.rint(fu).astype(int), np.rint(fv).astype(int)
    ok = (iu >= 0) & (iu < len(us)) & (iv >= 0) & (iv < len(vs))
    feet[which[ok], iv[ok], iu[ok]] = True
    weight = np.zeros(feet.shape, np.float32)
    for q, lesion in enumerate(scene.lesions):
        on = ok & (which == q)
        if not on.any():
            continue
        spread = (step * mags[on] / DET_MM) ** 2  # a voxel's share of the detector area
        img = _splat(line.shape, fu[on], fv[on], excess[on] * spread)
        timg = _splat(line.shape, fu[on], fv[on], texcess[on] * spread)
        if lesion.maturity >= STRIATED and (axis := _long_axis(img)) is not None:
            img = _along(img, axis) * _striae(img.shape, axis, q)
        lobe = LOBE_EXTENSIVE_MM if lesion.extent == Extent.EXTENSIVE else \
            (LOBE_MM, LOBE_SOFT_MM)
        line += _margined(img, lesion.maturity, q, lobe)
        tline += blur(timg, 1.0)
        feet[q] = ndimage.binary_closing(feet[q], iterations=2)
        weight[q] = blur(img, 2.0)  # who owns a pixel both footprints cover
    return weight


def _splat(shape: tuple[int, int], fu: np.ndarray, fv: np.ndarray, value: np.ndarray
           ) -> np.ndarray:
    """Voxel values added to the detector pixels round their projected centres (bilinear
    weights): nearest-pixel splatting beats the voxel pitch against the pixel pitch into a
    grid of lines, clutter that hid the native bone under a lesion."""
    out = np.zeros(shape, np.float32)
    u0, v0 = np.floor(fu).astype(int), np.floor(fv).astype(int)
    tu, tv = (fu - u0).astype(np.float32), (fv - v0).astype(np.float32)
    for du, wu in ((0, 1 - tu), (1, tu)):
        for dv, wv in ((0, 1 - tv), (1, tv)):
            iu, iv = u0 + du, v0 + dv
            ok = (iu >= 0) & (iu < shape[1]) & (iv >= 0) & (iv < shape[0])
            np.add.at(out, (iv[ok], iu[ok]), (value * wu * wv)[ok])
    return out


STRIATED = 0.9  # the maturity from which heterotopic bone has trabeculae along its length


def _long_axis(img: np.ndarray) -> float | None:
    """The direction (radians from the rows' axis towards the columns') of a mass's long
    axis, from its footprint's second moments; None for a speck."""
    rows, cols = np.nonzero(img > 0.05 * float(img.max()))
    if rows.size < 10:
        return None
    return 0.5 * float(np.arctan2(2 * np.cov(rows, cols)[0, 1], rows.var() - cols.var()))


def _along(img: np.ndarray, axis: float) -> np.ndarray:
    """A mature band's projected density evened out along its long axis (a line blur of
    ALONG_MM): its lobes, strung along the muscle, otherwise pinch it at regular waists
    like a caterpillar, where remodelled bone runs on as one lamellar band."""
    sigma = ALONG_MM / DET_MM
    r = np.arange(-3 * int(sigma), 3 * int(sigma) + 1, dtype=np.float32)
    dr, dc = np.meshgrid(r, r, indexing="ij")
    along = dr * np.cos(axis) + dc * np.sin(axis)
    across = -dr * np.sin(axis) + dc * np.cos(axis)
    kernel = np.exp(-0.5 * ((along / sigma) ** 2 + (across / 0.5) ** 2))
    return np.clip(_convolved(img, kernel / kernel.sum()), 0, None).astype(np.float32)


def _convolved(img: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """``img`` convolved with a (smaller) ``kernel`` through the FFT, the same size as
    ``img``: scipy.signal.fftconvolve(mode="same")'s steps, without importing scipy.signal,
    which costs every build and every ``atlas`` command about 0.45 s (make bench)."""
    full = [a + b - 1 for a, b in zip(img.shape, kernel.shape, strict=True)]
    size = [fft.next_fast_len(n, True) for n in full]
    spectra = fft.rfftn(img, size), fft.rfftn(kernel, size)
    out = fft.irfftn(spectra[0] * spectra[1], size)
    start = [(f - n) // 2 for f, n in zip(full, img.shape, strict=True)]
    return out[tuple(slice(s, s + n) for s, n in zip(start, img.shape, strict=True))].copy()


def _striae(shape: tuple[int, int], axis: float, seed: int) -> np.ndarray:
    """A factor (about 1) that streaks a mature mass's projected density along its long
    axis: lamellar trabeculae running with the muscle, as remodelled heterotopic bone
    shows, rather than the mottle of the lobes' overlapping rims (scattered 'popcorn')."""
    rng = np.random.default_rng(300 + seed)
    streaks = blur(rng.standard_normal(shape).astype(np.float32),
                   (STRIAE_MM[0] / DET_MM, STRIAE_MM[1] / DET_MM))
    streaks = ndimage.rotate(streaks, -np.degrees(axis), reshape=False, mode="nearest")
    return 1.0 + 0.18 * np.clip(streaks / max(float(streaks.std()), 1e-6), -2.5, 2.5)


def _lobulated(mask: np.ndarray, seed: int,
               lobe_mm: tuple[float, float] = (LOBE_MM, LOBE_SOFT_MM)) -> np.ndarray:
    """A mature mass's outline notched in between lobules ``lobe_mm[0]`` across, by up to
    about ``lobe_mm[1]``: where a lobe's broad flat face or two lobes' meeting would draw
    a straight edge (a shape no bone takes), the margin is still lobulated."""
    soft = blur(mask.astype(np.float32), lobe_mm[1] / DET_MM)
    notch = value_noise(mask.shape, lobe_mm[0] / DET_MM, np.random.default_rng(200 + seed))
    kept = mask & (soft > 0.55 + 0.3 * notch)
    pieces, n = ndimage.label(kept)
    if n > 1:  # no crumbs cut off a narrow neck
        size = ndimage.sum(kept, pieces, np.arange(1, n + 1))
        kept = np.isin(pieces, 1 + np.flatnonzero(size >= 0.1 * size.max()))
    return kept


def _margined(img: np.ndarray, maturity: float, seed: int = 0,
              lobe_mm: tuple[float, float] = (LOBE_MM, LOBE_SOFT_MM)) -> np.ndarray:
    """A lesion's projected excess as the film shows it. Its inside is smooth at about 2 mm
    (1.2 mm once mature, when its own lobules are sharp), so the cortex of the native bone
    it overlies still shows through (attenuations add). While immature its faint outskirts
    fade out as a cloud; as it matures the faint tail drops away at a sharper margin and a
    cortex forms, seen edge-on as a denser rim: the better-defined bone of a later film."""
    cloud = blur(img, float(np.interp(maturity, [0.15, 0.5, 0.7, 0.95], [2.6, 2.2, 2.0, 1.2]))
                 / DET_MM)
    k = float(np.clip((maturity - 0.5) / 0.3, 0, 1))
    if k == 0 or not (cloud > 0).any():
        return cloud
    level = 0.2 * float(np.percentile(cloud[cloud > 0.02], 95)) if (cloud > 0.02).any() \
        else 0.0
    # the margin follows the mass's broad lobules, not the voxel-sized jags of its thin
    # edge (thresholded as they were, they gave a serrated 'postage-stamp' outline)
    mask = _lobulated(blur(img, MARGIN_MM / DET_MM) > level, seed, lobe_mm).astype(np.float32)
    edge = blur(mask, CORTEX_MM[0] / DET_MM)
    rim = np.clip(edge - blur(mask, CORTEX_MM[1] / DET_MM), 0, None)
    sharp = cloud * edge + CORTEX_GAIN * level * rim / max(float(rim.max()), 1e-6)
    # the faint tail that remains while the cortex forms ends at the same lobulated margin
    return (1 - k) * cloud * blur(mask, 1.5 / DET_MM) + k * sharp


@lru_cache(maxsize=4)
def _texture(shape: tuple[int, int], mm: float) -> np.ndarray:
    """The fixed fine random texture of trabecular bone (anatomy, not noise)."""
    return 1.0 - np.abs(value_noise(shape, 0.8 / mm, np.random.default_rng(77)))


def neck_coords(side, geometry: tuple[float, float, float], u: np.ndarray, v: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, float]:
    """Detector points (u, v mm) in a projected femoral neck's own frame: along the neck
    from the head's centre and across it (cranial positive), in head radii; and the
    projected head radius (mm)."""
    det, focus, zc = geometry
    c = side.acetabulum
    m = (focus - det) / (focus - float(c[1]))
    hu, hv, r = c[0] * m, zc + (c[2] - zc) * m, side.head_r * m
    en = np.array([side.neck_axis[0], side.neck_axis[2]])
    en /= np.linalg.norm(en)
    ep = np.array([-en[1], en[0]])
    ep = ep if ep[1] > 0 else -ep  # across the neck, pointing cranially
    return (((u - hu) * en[0] + (v - hv) * en[1]) / r,
            ((u - hu) * ep[0] + (v - hv) * ep[1]) / r, float(r))


@lru_cache(maxsize=4)
def _grain(body_json: str, size: tuple[int, int]) -> np.ndarray:
    """The texture trabecular bone modulates: fine and random, but in each proximal femur
    the two trabecular systems of a frontal film: the compressive group fanning up from
    the medial (calcar) cortex of the neck into the dome of the head, and the tensile group
    arching from the lateral cortex below the greater trochanter over the neck into the
    lower head, with the sparser Ward's triangle between them. (Kept with the body on disk:
    each worker of a cold build drew it again, about 0.4 s a body.)"""
    spec = BodySpec.model_validate_json(body_json)
    return phantom.body_cached(spec, f"xray-grain-{size[0]}x{size[1]}",
                               lambda: {"grain": _grain_of(spec, size)},
                               __import__(__name__, fromlist=["x"]))["grain"]


def _grain_of(spec: BodySpec, size: tuple[int, int]) -> np.ndarray:
    w, h = size
    mm = (FIELD_U[1] - FIELD_U[0]) / w
    grain = _texture((h, w), mm)
    b = phantom.body(spec)
    det, focus, zc = _geometry(Scene(view=View.XRAY_AP_PELVIS, body=spec))
    uu = FIELD_U[0] + (np.arange(w, dtype=np.float32) + 0.5) * mm
    vv = zc + FIELD_V[1] - (np.arange(h, dtype=np.float32) + 0.5) * mm  # top = cranial
    u, v = np.meshgrid(uu, vv)
    rng = np.random.default_rng(78)
    for key in "RL":
        a, p, r = neck_coords(b.landmarks[key], (det, focus, zc), u, v)
        head = np.clip((0.97 - np.hypot(a, p)) / 0.08, 0, 1)  # not the acetabulum round it
        neck = np.clip((0.72 + 0.25 * np.clip(a - 1.4, 0, None) - np.abs(p)) / 0.12, 0, 1) \
            * np.clip(a / 0.1, 0, 1) * np.clip((2.7 - a) / 0.4, 0, 1)
        near = np.maximum(head, neck)
        if not near.any():
            continue
        # each line wanders a little (under a millimetre) and breaks now and then, but runs
        # smoothly: serpiginous streaks in the head would suggest avascular necrosis
        wobble = 0.05 * value_noise((h, w), 8.0 / mm, rng)
        broken = np.clip(value_noise((h, w), 3.0 / mm, rng) * 2.0 + 0.8, 0, 1)
        # compressive: lines fanning up from the calcar into the head's dome, near-vertical
        # in the head (about 2.5 mm apart there), converging on a focus beyond the calcar
        fa, fp = a - 2.7, p + 2.5
        comp = np.cos(np.arctan2(fp, -fa) * (4.5 * r) + wobble * 6) ** 2
        # tensile: arcs from the lateral cortex over the neck into the lower head
        tens = np.cos(np.pi * (np.hypot(a - 1.09, p + 0.49) * r / 2.6 + wobble)) ** 2
        comp_band, tens_band = _groups(a, p, split=True)
        # the tensile lines fade inside the head: arcs there parallel to its surface would
        # read as the sclerotic margin or crescent of avascular necrosis
        tens_lines = tens_band * np.clip((a + 0.1) / 0.5, 0, 1)
        lines = np.maximum(comp_band * np.clip((comp - 0.55) / 0.45, 0, 1),
                           tens_lines * np.clip((tens - 0.6) / 0.4, 0, 1)) * broken
        lines = blur(lines.astype(np.float32), 0.35 / mm)
        band = np.maximum(comp_band, tens_band)
        grain = grain * (1 - 0.7 * near) + near * (0.15 + 0.6 * band + 1.2 * lines)
    return grain


def _groups(a: np.ndarray, p: np.ndarray, split: bool = False):
    """Where the principal trabecular groups run (0…1), in head radii along (``a``) and
    across (``p``, cranial positive) the neck from the head's centre: the compressive band
    from the calcar up into the dome of the head, and the tensile arc from below the
    greater trochanter over the top of the neck into the lower head (each on its own if
    ``split``). Ward's triangle, between them, is left sparse."""
    s0, s1 = np.array([1.4, -0.9]), np.array([-0.1, 0.9])  # calcar → dome
    d = s1 - s0
    t = np.clip(((a - s0[0]) * d[0] + (p - s0[1]) * d[1]) / float(d @ d), 0, 1)
    width = 0.22 + 0.3 * t  # a fan: narrow at the calcar, wide under the dome
    comp = np.clip(1 - np.hypot(a - s0[0] - t * d[0], p - s0[1] - t * d[1]) / width, 0, 1)
    centre, radius = np.array([1.09, -0.49]), 1.34  # through (2.4, -0.2), (1, 0.85), (-0.25, -0.6)
    arc = np.clip(1 - np.abs(np.hypot(a - centre[0], p - centre[1]) - radius) / 0.22, 0, 1)
    arc *= np.clip((p + 0.75) / 0.3, 0, 1) * np.clip((2.6 - a) / 0.3, 0, 1)
    comp, arc = comp.astype(np.float32), arc.astype(np.float32)
    return (comp, arc) if split else np.maximum(comp, arc)


def equalised(line: np.ndarray) -> np.ndarray:
    """The line integral as digital radiography processes a pelvic film: broad unsharp
    equalisation (the thick and thin parts of the pelvis both readable) and a fine-detail
    band boosted, so that a cortex keeps its edge under soft tissue or heterotopic bone
    laid over it (a shaft overprinted by smooth density reads as widened without it)."""
    return line - EQUALISE * blur(line, EQ_SIGMA_MM / DET_MM) \
        + DETAIL * (line - blur(line, DETAIL_MM / DET_MM))


def _shown(line: np.ndarray, tline: np.ndarray, size: tuple[int, int], body_json: str
           ) -> tuple[np.ndarray, np.ndarray]:
    """The equalised, textured image at display size (before noise) and the line integral
    there (which sets the quantum noise)."""
    big = resize(equalised(line), size)
    big += 0.9 * resize(tline, size) * (_grain(body_json, size) - 0.45)
    return big, resize(line, size)


@lru_cache(maxsize=4)
def _shown_body(body_json: str, size: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    line0, tline0 = _body_projection(body_json)
    return _shown(line0[::-1], tline0[::-1], size, body_json)


def render_xray(scene: Scene, width: int) -> Frame:
    line, tline, feet, us, vs, _, _, weight = projections(scene)
    height = int(round(width * line.shape[0] / line.shape[1]))
    size = (width, height)
    body = _shown_body(scene.body.model_dump_json(), size)
    big, lbig = _shown(line, tline, size, scene.body.model_dump_json()) if scene.lesions \
        else body
    lo, hi, mid = display_range(scene.body.sex)
    rng = np.random.default_rng(scene.seed)
    quantum = blur(rng.standard_normal((height, width)).astype(np.float32), 0.8)
    quantum *= 0.012 * (hi - lo) / max(float(quantum.std()), 1e-6)

    def shown(img: np.ndarray, lbig: np.ndarray, noisy: bool) -> Image.Image:
        if noisy:
            img = img + quantum * np.exp(0.35 * (lbig - mid)).clip(0.3, 2.5) * (lbig > 0.05)
        return Image.fromarray(to_u8(np.clip((img - lo) / (hi - lo), 0, 1) ** 1.25))

    img = shown(big, lbig, True).convert("RGB")
    outlines = [outline(f) for f in disjoint(feet, weight)]  # a click names one lesion
    det, focus, _ = _geometry(scene)
    mm = (FIELD_U[1] - FIELD_U[0]) / width
    scale = mm / ((focus - det) / (focus - 0.0))  # at the hips' depth
    return Frame(img, outlines, ("R", "L"), scale, "Radiograph AP pelvis",
                 lesion_map=index_map(stack_map(feet), size),
                 without=shown(*body, True), smooth=shown(*body, False))


@lru_cache(maxsize=2)
def display_range(sex: str) -> tuple[float, float, float]:
    """Window of the equalised line integral (low, high, median), fixed by the normal body
    so that every radiograph of a body uses the same grey scale (cached on disk)."""
    from builder.illustrate.anatomy import meshes, store
    from builder.illustrate.scene import Body

    def make() -> dict[str, np.ndarray]:
        line = projections(Scene(view=View.XRAY_AP_PELVIS, body=Body(sex=sex)))[0]
        eq = equalised(line)
        body = line > 0.5
        lo, hi = np.percentile(eq[body], [5, 99.8])
        return {"range": np.array([lo, hi, np.percentile(line[body], 50)])}

    # (keyed by all the illustration code, as the lesion-free pictures are: the normal
    # body's projection depends on its solids and phantom too, and a window keyed by body
    # and xray alone outlived a fix to the solids)
    key = f"xray-range-{sex}-{meshes.digest(sex)}-{store.illustrate_hash()}"
    lo, hi, mid = store.cached(key, make)["range"]
    return float(lo), float(hi), float(mid)
