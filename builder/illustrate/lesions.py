"""Lesions grown in named muscles: where each lies, its lobulated shape, its zones.

A lesion occupies its host muscles (the site table) over a span of levels: a chain of
lobes laid along the muscle's course, flattened into a sheet along the muscle, with a
seeded 3-D texture that makes the outline lobulated. Oedema is pushed against the bone it
lies on; forming bone is laid with room to spare from cortex, capsule and the femoral
vessels (moved sideways and, if need be, made smaller), so its outline is its own, not a
crescent moulded on the bone. It paints over its host muscles (and their neighbours when
extensive) and the fat planes between them, never over subcutaneous or pelvic fat, skin,
capsule, cartilage, joint or bone. Zones follow maturity (tissues.py): oedema swells
the whole host muscle over the span; mineral appears first in a peripheral rim; a mature
lesion has a cortex around trabecular bone and fatty marrow. A vascular focus is
unmineralised tissue at the lesion's edge. Bridging extends the lesion along the muscle to
its attachment on the pelvis, the femur or both.
"""
from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

from builder.illustrate import noise3d, sites, veins
from builder.illustrate.body.build import Body, artery_course, at_height, vein_course
from builder.illustrate.body.muscles import PELVIC_ONLY
from builder.illustrate.body.strands import Muscle, Packed
from builder.illustrate.heights import level_z
from builder.illustrate.scene import Bridging, Extent, Kind, Lesion
from builder.illustrate.solids import Ellipsoid, Solid, Sweep, Where, separable
from builder.illustrate.tissues import (
    CORE,
    FOCUS,
    HALO,
    MAX_LESIONS,
    MUSCLES,
    RIM,
    T,
    halo_thickness,
    lesion_code,
    oedema,
    rim_thickness,
)

Array = np.ndarray
KEEP = {Extent.SMALL: 0.45, Extent.MODERATE: 0.75, Extent.EXTENSIVE: 1.0}
THICK = {Extent.SMALL: 1.0, Extent.MODERATE: 1.4, Extent.EXTENSIVE: 1.9}
LOBES = {Extent.SMALL: 3, Extent.MODERATE: 5, Extent.EXTENSIVE: 7}
# mm beyond its span that a host muscle's course may carry a lobe of forming bone: a lobe is
# about 20 mm thick, so a muscle whose course passes just beyond the span (a horizontal one
# such as quadratus femoris) still hosts a lobe that reaches into it
REACH = 10.0
MIN_FIT = 0.6  # the smallest a lobe is made to keep clear of bone and capsule
VESSEL_MIN_FIT = 0.35  # a lobe that must be smaller than this to miss the vessels is left out
# a rim is at most this share of a lobe's radius: a small lobe keeps a centre (a rim
# as thick as the lobe reads as a calcified worm, not a zonal mass)
RIM_SHARE = 0.3


def side_key(lesion: Lesion) -> str:
    return "L" if lesion.side == "left" else "R"


def _side_muscles(b: Body, key: str) -> list[Muscle]:
    """The muscles of one side (left ones have odd codes)."""
    return [m for m in b.muscles if (m.code % 2 == 1) == (key == "L")]


def _hosts(b: Body, lesion: Lesion) -> list[Muscle]:
    codes = {m.name: m for m in _side_muscles(b, side_key(lesion))}
    return [codes[n] for n in sites.resolve(lesion.site).muscles]


def span(b: Body, lesion: Lesion) -> tuple[float, float]:
    """(top, bottom) heights (mm) the lesion occupies."""
    site = sites.resolve(lesion.site)
    top, bottom = (level_z(b, w) for w in site.span)
    if lesion.level is not None:
        half = max((top - bottom) / 2, 30.0)
        mid = level_z(b, lesion.level)
        top, bottom = mid + half, mid - half
    keep = KEEP[lesion.extent]
    mid, half = (top + bottom) / 2, (top - bottom) / 2 * keep
    return mid + half, mid - half


def _course(hosts: Sequence[Muscle], top: float, bottom: float, cavity: Solid,
            reach: float = 0.0, where=None) -> tuple[Array, Array]:
    """Points (every ~3 mm) and radii along the host muscles' main strands between two
    heights, outside the pelvic cavity (and where ``where`` allows), ordered from cranial
    to caudal."""
    pts, rad = [], []
    for m in hosts:
        st = m.strands[0]
        for a, b, ra, rb in zip(st.points[:-1], st.points[1:], st.radii[:-1], st.radii[1:],
                                strict=True):
            n = max(2, int(np.linalg.norm(b - a) / 3))
            t = np.linspace(0, 1, n, endpoint=False)[:, None]
            pts.append(a + t * (b - a))
            rad.append(ra + t[:, 0] * (rb - ra))
    p, r = np.concatenate(pts), np.concatenate(rad)
    keep = ~cavity.inside(p[:, 0], p[:, 1], p[:, 2])
    if where is not None:
        keep &= where(p)
    p, r = p[keep], r[keep]
    sel = (p[:, 2] <= top + reach) & (p[:, 2] >= bottom - reach)
    if sel.sum() < 2:  # the span misses these muscles' course: keep the nearest part
        mid = (top + bottom) / 2
        order = np.argsort(np.abs(p[:, 2] - mid))[:6]
        sel = np.zeros(len(p), bool)
        sel[order] = True
    order = np.argsort(-p[sel][:, 2], kind="stable")
    return p[sel][order], r[sel][order]


def _behind_hip(b: Body, key: str):
    """Where the posterior muscles run behind the hip: behind the front of the ischial
    tuberosity and lateral to it. Obturator internus and piriformis begin inside the
    pelvis, on the inner face of the obturator membrane and the sacrum; a lesion laid on
    that part would lie in front of the ischium (obturator externus), not behind the neck
    where NHO of the short external rotators forms."""
    tub = b.landmarks[key]["ischial_tuberosity"]
    y_max = float(b.landmarks[key].acetabulum[1]) - 10.0
    x_min = abs(float(tub[0])) + 8.0
    return lambda p: (p[:, 1] < y_max) & (np.abs(p[:, 0]) > x_min)


def _deep_target(b: Body, lesion: Lesion, z: float) -> Array:
    """The bone a lesion lies against at height z: femoral neck or shaft, or the pelvis
    above the joint."""
    side = b.landmarks[side_key(lesion)]
    if z < side["neck_base"][2]:
        return side.shaft(z)
    if z < side.acetabulum[2] + 10:
        return side.acetabulum + side.neck_axis * 20
    return side["iliac_fossa"] if sites.resolve(lesion.site).compartment == "anterior" \
        else side["gluteal_surface"] + np.array([-8 * side.s, 0, 0])


class Lobes(Solid):
    """A chain of flattened ellipsoids with a lobulating 3-D texture; ``shrunk(t)`` moves
    the surface about t mm inwards (rim → core)."""

    def __init__(self, centres: Array, axes: Array, radii: Array, seed: int,
                 inset: float = 0.0, fine: float = 0.15, presses: int | None = None,
                 vary: float = 0.0, scallop: float = 0.0) -> None:
        self.c, self.ax, self.r, self.seed, self.inset = centres, axes, radii, seed, inset
        self.fine, self.presses = fine, presses  # presses: the lobe against a vein, if any
        self.vary = vary  # how much the thickness of the rim round a centre varies
        self.scallop = scallop  # and how much of that in small scallops of its inner edge
        reach = radii.max(axis=1)[:, None] * 1.3
        self.lo, self.hi = (centres - reach).min(axis=0), (centres + reach).max(axis=0)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        axes = [np.asarray(v, np.float32).reshape(-1) for v in (x, y, z)] \
            if separable(x, y, z) else None  # a painted grid: a lobe takes its block of it
        x, y, z = np.broadcast_arrays(x, y, z)
        shape = x.shape
        xf, yf, zf = (np.ascontiguousarray(v, np.float32).reshape(-1) for v in (x, y, z))
        # (indexed as the grid, by blocks, or as the flat points)
        best = np.full(shape if axes else xf.shape, 9.0, np.float32)
        size = np.full(best.shape, float(np.median(self.r)), np.float32)  # the nearest lobe's
        for c, ax, r in zip(self.c.tolist(), self.ax.tolist(), self.r.tolist(), strict=True):
            rr = [max(r[k] - min(self.inset, RIM_SHARE * r[k]), 0.5) for k in range(3)]
            reach = max(rr) * 1.4  # beyond it the normalised distance exceeds 1.9
            if axes:
                got = _block(axes, c, reach)
                if got is None:
                    continue
                at, d = got
            else:
                at = np.flatnonzero((np.abs(xf - c[0]) < reach) & (np.abs(yf - c[1]) < reach)
                                    & (np.abs(zf - c[2]) < reach))
                if at.size == 0:
                    continue
                d = (xf[at] - c[0], yf[at] - c[1], zf[at] - c[2])
            q = 0.0
            for k in range(3):
                u = ax[k][0] * d[0] + ax[k][1] * d[1] + ax[k][2] * d[2]
                q = q + (u / rr[k]) ** 2
            held = best[at]
            nearer = q < held
            best[at] = np.where(nearer, q, held)
            size[at] = np.where(nearer, sum(r) / 3, size[at])
        best, size = best.reshape(-1), size.reshape(-1)
        out = np.zeros(xf.shape, bool)
        near = np.flatnonzero(best < 1.9)  # the texture can only matter near the surface
        if near.size:
            xs, ys, zs = xf[near], yf[near], zf[near]
            wobble = 1.0 + 0.3 * noise3d.noise(xs, ys, zs, 9.0, self.seed) \
                + self.fine * noise3d.noise(xs, ys, zs, 4.0, self.seed + 1)
            limit = 1.0
            if self.inset > 0 and self.vary:  # a centre: the rim round it thicker in places,
                # thinner in others (one thickness drew a picture frame, radiology review 6)
                # (scallops only push the centre out: carved in, they split a small one)
                bulge = np.maximum(noise3d.noise(xs, ys, zs, SCALLOP_MM, self.seed + 3), 0)
                # (scaled between the nearest lobe and the whole mass's median one:
                # RIM_VARY; by the nearest alone, 6d's sheet grew square steps)
                scale = np.sqrt(size[near] * float(np.median(self.r)))
                limit = 1.0 + self.vary * self.inset / scale \
                    * (noise3d.noise(xs, ys, zs, 7.0, self.seed + 2) + self.scallop * bulge)
            out[near] = np.sqrt(best[near]) * wobble <= limit
        return out.reshape(shape)

    def shrunk(self, t: float) -> Lobes:
        return Lobes(self.c, self.ax, self.r, self.seed, self.inset + t, self.fine,
                     self.presses, self.vary, self.scallop)


def _block(axes: list[Array], c: list[float], reach: float
           ) -> tuple[tuple[slice, ...], tuple[Array, ...]] | None:
    """The block of a grid (x, y and z ``axes``, laid out as ``solids.separable`` says)
    within ``reach`` of ``c`` along each axis, as slices, and the offsets from ``c`` of its
    coordinates, shaped to broadcast over it; None if it is empty."""
    at, d = [slice(None)] * 3, []
    for k, (values, centre) in enumerate(zip(axes, c, strict=True)):
        lo = int(np.searchsorted(values, np.float32(centre - reach), "right"))
        hi = int(np.searchsorted(values, np.float32(centre + reach), "left"))
        if lo >= hi:
            return None
        at[2 - k] = slice(lo, hi)  # (x runs along the last axis, z along the first)
        d.append((values[lo:hi] - centre).reshape([-1 if a == 2 - k else 1 for a in range(3)]))
    return tuple(at), tuple(d)


def _frame(along: Array, deep: Array) -> Array:
    a = along / np.linalg.norm(along)
    d = deep - np.dot(deep, a) * a
    d = d / max(np.linalg.norm(d), 1e-6)
    return np.array([a, np.cross(a, d), d])


_LOBES: dict[tuple[int, str], tuple[Body, Lobes]] = {}


def lobes(b: Body, lesion: Lesion) -> Lobes:
    """The lesion's mass (before zones), laid along its main host muscle. Laid once per body
    and lesion: the vein pictures ask for it at every height they draw (thousands of times
    a build)."""
    key = (id(b), lesion.model_dump_json())
    kept = _LOBES.get(key)
    if kept is None or kept[0] is not b:
        kept = _LOBES[key] = (b, _grown(b, lesion))
    return kept[1]


def _grown(b: Body, lesion: Lesion) -> Lobes:
    """The lesion's chain of lobes; an extensive one's with the chains of the smaller
    extents at the same site and level (so that it is nowhere smaller than they are) and
    with lobes in its neighbours (_spread_lobes). Laid alone, its longer chain put its
    lobes either side of a slice that the shorter chain's lobe crossed, and the right
    iliopsoas mass at the roofs halved from five to ten months (radiology review 8: 1a, 3a).
    (A moderate mass is not given the small chain too: fitted apart, their lobes part, and
    case 3's early thigh mass became two lobes with a dense fleck where they met.)"""
    if lesion.extent != Extent.EXTENSIVE:
        return _laid(b, lesion)
    chains = [_laid(b, lesion, grow=True)] + [
        _laid(b, lesion.model_copy(update={"extent": e, "compresses": None}), grow=True)
        for e in (Extent.SMALL, Extent.MODERATE)]
    own = chains[0]
    return Lobes(*(np.concatenate([getattr(m, a) for m in chains]) for a in ("c", "ax", "r")),
                 own.seed, fine=own.fine, presses=own.presses, vary=own.vary,
                 scallop=own.scallop)


def _laid(b: Body, lesion: Lesion, grow: bool = False) -> Lobes:
    """One chain of lobes along the host muscle (``grow``: with lobes in its neighbours)."""
    top, bottom = span(b, lesion)
    site = sites.resolve(lesion.site)
    host = _hosts(b, lesion)[0]
    key = side_key(lesion)
    if lesion.bridging in (Bridging.PELVIS, Bridging.BOTH):
        top = max(top, float(host.strands[0].points[:, 2].max()) - 5)
    if lesion.bridging in (Bridging.FEMUR, Bridging.BOTH):
        bottom = min(bottom, float(host.strands[0].points[:, 2].min()) + 5)
    mineral = rim_thickness(lesion.maturity) > 0  # unmineralised oedema has no rim to mould
    where = _behind_hip(b, key) if site.compartment == "posterior" else None
    pts, rad = _course(_hosts(b, lesion), top, bottom, b.cavity, REACH if mineral else 0.0,
                       where)
    n = LOBES[lesion.extent] + (3 if lesion.bridging != Bridging.NONE else 0)
    pick = np.linspace(0, len(pts) - 1, n).round().astype(int)
    seed = zlib.crc32(f"{site.name}/{key}/{lesion.level}".encode()) % 100000
    rng = np.random.default_rng(seed)
    k = THICK[lesion.extent]
    shaft_below = float(b.landmarks[key]["lesser_trochanter"][2])

    def inside_host(c: Array) -> bool:  # within a host muscle's main strand
        return bool(np.min(np.linalg.norm(pts - c, axis=1) - 1.5 * rad) < 0)

    neighbours = [_course([m], top, bottom, b.cavity, REACH)[0] for m in _side_muscles(b, key)
                  if grow and lesion.maturity >= SPREAD_FROM and m.name in site.spread]
    centres, axes, radii = [], [], []
    for j, i in enumerate(pick):
        p = pts[i]
        along = pts[min(i + 1, len(pts) - 1)] - pts[max(i - 1, 0)]
        if np.linalg.norm(along) < 1e-6:
            along = np.array([0.0, 0.0, 1.0])
        deep = _deep_target(b, lesion, p[2]) - p
        frame = _frame(along, deep)
        r = rad[i] * k * (0.85 + 0.3 * rng.random())
        spacing = np.linalg.norm(pts[pick[min(j + 1, n - 1)]] - pts[pick[max(j - 1, 0)]]) / 2
        # oedema swells the muscle against its bone; forming bone keeps a cleft from it,
        # and beside the femoral shaft it is a sheet along the bone, not a ball in the muscle
        sheet = mineral and p[2] < shaft_below
        centre = p + frame[2] * ((0.8 if sheet else 0.15 if mineral else 0.45) * rad[i]) \
            + frame[1] * rng.normal(0, 2.5)
        size = [max(spacing * 0.9, 0.8 * r) + 4, 1.5 * r + 3, (0.6 if sheet else 1.0) * r + 3]
        if sheet and site.compartment in ("anterior", "lateral thigh"):  # a sheet along
            # the shaft is no broader across the limb than it is long (its end lobe's flat
            # face was a straight cut across the shaft on case 2's 5b), and in front of the
            # shaft narrower still, so that little of it hangs beside the shaft
            front = site.compartment == "anterior" and j < n - 1
            size[1] = min(size[1], (0.75 if front else 1.0) * size[0])
        if sheet and site.compartment == "lateral thigh":
            centre, frame = _beside_shaft(b, key, centre, size[2])
        wanted = list(size)  # (before fitting: a neighbour's lobe is fitted on its own)
        if mineral or lesion.kind == Kind.HAEMATOMA:  # (a collection displaces vessels too)
            fitted = _fitted(b, lesion, centre, frame, size, inside_host, deep=grow)
            if fitted is None and (centres or j < n - 1):
                continue  # (a lesion keeps at least one lobe; clearance trims that one)
            centre, size = fitted or (centre, [r * MIN_FIT for r in size])
        centres.append(centre)
        axes.append(frame)
        radii.append(size)
        for c2, s2 in _spread_lobes(b, lesion, neighbours, centre, frame, wanted):
            centres.append(c2)
            axes.append(frame)
            radii.append(s2)
    presses = None
    if _pressed_heights(b, key, lesion) is not None:
        pressing = _pressing_lobe(b, lesion, top, bottom)
        if pressing is not None:
            presses = len(centres)
            centres.append(pressing[0])
            axes.append(pressing[1])
            radii.append(pressing[2])
            bulge = _pressing_bulge(b, lesion, pressing)
            if bulge is not None:
                centres.append(bulge[0])
                axes.append(pressing[1])
                radii.append(bulge[1])
    # remodelled, mature bone has a smoother, well-demarcated outline (still lobulated)
    fine = float(np.interp(lesion.maturity, [0.7, 0.95], [0.15, 0.06]))
    # an early rim is even (zonal); a maturing one patchy, down to a millimetre or two in
    # places (PATCHY_VARY: one thickness drew a picture frame, radiology review 7: 1a, 1b);
    # a mature cortex thicker in places (RIM_VARY)
    vary = float(np.interp(lesion.maturity, [0.45, 0.6, 0.7], [0.0, PATCHY_VARY, RIM_VARY]))
    scallop = float(np.interp(lesion.maturity, [0.55, 0.6, 0.7], [0.0, SCALLOP, 0.0]))
    return Lobes(np.array(centres), np.array(axes), np.array(radii), seed, fine=fine,
                 presses=presses, vary=vary, scallop=scallop)


def _spread_lobes(b: Body, lesion: Lesion, neighbours: list[Array], centre: Array,
                  frame: Array, size: list[float]) -> list[tuple[Array, list[float]]]:
    """Lobes of an extensive mass in the neighbouring muscles it fills (the site's
    ``spread``): beside a lobe of its chain, towards each neighbour's course at that
    height (within SPREAD_MM), overlapping it, under the deep fascia and fitted like any
    lobe. Its own lobes cannot simply be larger: fitted to the room between bone, capsule
    and vessels, a larger lobe comes out no larger than a smaller one (radiology review
    8: the left moderate masses as large as the right extensive ones on 3a, 3b)."""
    out = []
    deep = b.inset(UNDER_FASCIA)
    for course in neighbours:
        at = course[np.abs(course[:, 2] - centre[2]) < SPREAD_DZ] - centre
        if not len(at):
            continue
        at[:, 2] = 0.0
        dist = np.linalg.norm(at, axis=1)
        k = int(np.argmin(dist))
        if not 1.0 <= dist[k] <= SPREAD_MM:
            continue
        step = at[k] / dist[k] * min(dist[k], SPREAD_STEP * size[1])
        cs = centre + np.array([1.0, 0.75, 0.5])[:, None] * step  # (nearer if need be)
        ok = deep.inside(*cs.T) & ~b.cavity.inside(*cs.T)
        if ok.any():
            # (pushed off the bone only: moved any way round the vessels, it left the
            # mass and grazed the slice as a loose crescent, 3b's adductor mass)
            got = _fitted(b, lesion, cs[int(np.argmax(ok))], frame, size, lambda c: False,
                          deep=True)
            if got is not None:
                out.append(got)
    return out


def _beside_shaft(b: Body, key: str, centre: Array, deep: float) -> tuple[Array, Array]:
    """A lobe of a sheet of bone in the vastus lateralis, moved straight lateral of the
    femur at its height and depth, as near the cortex as the clearance from it lets a
    lobulated lobe lie (_fitted), and its frame turned along the shaft: the muscle wraps
    the femur's lateral face, so the sheet follows the shaft (the muscle's own strand
    drifts away from it), and a frontal film shows it beside the shaft with a lucent cleft
    between."""
    side, shift = b.landmarks[key], b.femur_shift[key]
    femur = b.fields[f"femur_{key}"]
    clear = CORTEX_GAP + 2.0 + 1.25 * deep

    def beside(z: float) -> Array:
        x = float((side.shaft(z) + shift)[0]) + side.s * np.arange(0.0, 150.0, 0.5)
        d = femur.distance(x - shift[0], np.full_like(x, centre[1] - shift[1]),
                           np.full_like(x, z - shift[2]))
        return np.array([x[int(np.argmax(d >= clear))], centre[1], z])

    z = float(centre[2])
    return beside(z), _frame(beside(z - 15) - beside(z + 15), np.array([-side.s, 0.0, 0.0]))


def _segment_heights(b: Body, key: str, word: str) -> tuple[float, float]:
    """(top, bottom) heights of a named stretch of the vein of one side."""
    return veins.heights([float(p[2]) for p in vein_course(b.landmarks, key)[0]], word)


def _pressed_heights(b: Body, key: str, lesion: Lesion) -> tuple[float, float] | None:
    """(top, bottom) heights where a lesion's bone presses on the vein of side ``key``
    (its span, where vessels.section flattens the vein fully), or None."""
    if lesion.compresses is None or side_key(lesion) != key \
            or lesion.maturity < PRESS_MATURITY:
        return None
    top, bottom = span(b, lesion)
    seg_top, seg_bottom = _segment_heights(b, key, lesion.compresses)
    return (top, bottom) if min(top, seg_top) >= max(bottom, seg_bottom) else None


def _pressing_lobe(b: Body, lesion: Lesion, top: float, bottom: float
                   ) -> tuple[Array, Array, list[float]] | None:
    """Bone that narrows a vein lies against it: a lobe behind the named vein (in the
    muscle bed it lies on; the artery, in front of it and lateral, stays free), at the
    lesion's level (kept within the named segment
    and the lesion's span). It reaches the vein's centreline, where the flattened vein's
    near wall is drawn (vessels.masks), and keeps clear of the artery like every lobe."""
    key = side_key(lesion)
    seg_top, seg_bottom = _segment_heights(b, key, lesion.compresses)
    hi, lo = min(top, seg_top), max(bottom, seg_bottom)
    if lo > hi:
        return None
    want = level_z(b, lesion.level) if lesion.level is not None else (top + bottom) / 2
    z = float(np.clip(want, min(lo + 5.0, hi), max(hi - 5.0, lo)))
    knots, radii = (np.array(v, float) for v in vein_course(b.landmarks, key))
    vx, vy, _ = (float(v) for v in at_height(knots, radii, z))
    # behind the vein and a little medial: the artery, in front of it and lateral, stays free
    d = np.array([0.0, -1.0, 0.0])
    medial = np.array([-b.landmarks[key].s * PRESS_BREADTH / 2, 0.0, 0.0])
    frame = _frame(np.array([0.0, 0.0, 1.0]), d)
    vein = np.array([vx, vy, z]) + medial
    size = [PRESS_LENGTH / 2, PRESS_BREADTH, PRESS_DEPTH]
    fitted = _fitted(b, lesion, vein + d * PRESS_DEPTH, frame, size, still=True)
    if fitted is None:
        return None
    size = fitted[1]  # made thinner to keep clear: its near side still reaches the vein
    return vein + d * size[2], frame, size


def _pressing_bulge(b: Body, lesion: Lesion, pressing: tuple[Array, Array, list[float]]
                    ) -> tuple[Array, list[float]] | None:
    """A second, smaller lobe behind and medial to the one on the vein, so that the bone
    there is lobulated like the rest of the mass, not one round ball (radiology review 5:
    d5); fitted like any lobe (clear of the artery, the cortex and the capsule)."""
    centre, frame, size = pressing
    medial = np.array([-b.landmarks[side_key(lesion)].s, 0.0, 0.0])
    c = centre + frame[2] * (0.9 * size[2]) + medial * (0.7 * size[1])
    return _fitted(b, lesion, c, frame, [0.8 * size[0], 0.7 * size[1], 0.8 * size[2]])


def _keep_clear(b: Body, key: str, bridging: Bridging, margin: float,
                pressed: tuple[float, float] | None = None) -> list:
    """What a lesion keeps clear of on one side, as (distance, need) pairs of functions of
    position: the femur by the band round the hip capsule (within ``margin`` mm of the
    region the capsule wraps) or by the cleft from cortex (unless it bridges to the femur),
    the pelvis by that cleft (unless it bridges to it), and the femoral vessels (but for
    the stretch of vein it presses on, ``pressed`` (top, bottom) heights)."""
    side, shift = b.landmarks[key], b.femur_shift[key]
    femur, hip = b.fields[f"femur_{key}"], b.fields[f"hip_{key}"]
    cortex = -np.inf if bridging in (Bridging.FEMUR, Bridging.BOTH) else CORTEX_GAP

    def femur_distance(x: Array, y: Array, z: Array) -> Array:
        return femur.distance(x - shift[0], y - shift[1], z - shift[2])

    def femur_need(x: Array, y: Array, z: Array) -> Array:
        return np.where(near_capsule(side, x, y, z, margin), CAPSULE_OUTER + CAPSULE_GAP,
                        cortex)

    out = [(femur_distance, femur_need)]
    if bridging not in (Bridging.PELVIS, Bridging.BOTH):
        out.append((hip.distance, lambda x, y, z: CORTEX_GAP))
    out.append((_bundle(b, key, pressed), lambda x, y, z: VESSEL_GAP))
    return out


def _room(centres: Array, clear: list) -> tuple[Array, Array]:
    """How much room lobes centred at each of ``centres`` (n, 3) have before the band they
    must keep clear (capsule, cortex, vessels: _keep_clear), and the direction away from the
    nearest of them (n, 3). All centres are asked at once (a lobe's fitting tries dozens)."""
    # each centre and its six neighbours 1 mm away (for the gradient)
    steps = np.concatenate([np.zeros((1, 3)), np.eye(3), -np.eye(3)])
    pts = (np.asarray(centres, np.float32)[:, None, :] + steps[None].astype(np.float32))
    x, y, z = (pts[..., k].reshape(-1) for k in range(3))
    n = len(centres)
    frees, grads = [], []
    for dist, need in clear:
        d = np.asarray(dist(x, y, z), np.float64).reshape(n, 7)
        needs = np.broadcast_to(np.asarray(need(x[::7], y[::7], z[::7]), np.float64), (n,))
        frees.append(d[:, 0] - needs)
        grads.append(d[:, 1:4] - d[:, 4:7])
    nearest = np.argmin(np.array(frees), axis=0)  # (the first of equals, as before)
    pick = np.arange(n)
    room = np.array(frees)[nearest, pick]
    g = np.array(grads)[nearest, pick]
    return room, g / np.maximum(np.linalg.norm(g, axis=1), 1e-6)[:, None]


def _bundle(b: Body, key: str, pressed: tuple[float, float] | None = None,
            vein: bool = True):
    """Distance (mm) from the femoral artery and vein of one side: forming bone displaces
    and compresses them from outside, it does not grow round them. Where it presses on the
    vein (``pressed`` heights), the vein counts as its centreline less VESSEL_GAP: the bone
    may reach the line where the flattened vein's near wall is drawn. ``vein=False``: the
    artery alone (for the lobe laid against the vein)."""
    knots, vr = vein_course(b.landmarks, key)
    artery = np.array(artery_course(b.landmarks, key))
    tubes = [(artery, np.full(len(artery), 4.5), None)]
    if vein:
        tubes.append((np.array(knots), np.array(vr, float), pressed))

    def distance(x: Array, y: Array, z: Array) -> Array:
        out = np.full(np.shape(x), np.inf)
        for knots, radii, flat in tubes:
            cx, cy, r = at_height(knots, radii, z)
            if flat is not None:
                r = np.where((z <= flat[0]) & (z >= flat[1]), -VESSEL_GAP, r)
            out = np.minimum(out, np.hypot(x - cx, y - cy) - r)
        return out

    return distance


def _fitted(b: Body, lesion: Lesion, centre: Array, frame: Array, size: list[float],
            inside_host=None, still: bool = False, deep: bool = False
            ) -> tuple[Array, list[float]] | None:
    """A lobe moved a little away from the bone it is pushed against and, if it still
    reaches the band of muscle that must stay between it and capsule or cortex, shrunk to
    fit: the lesion then lies in the muscle with its own rounded outline, not moulded on
    the bone (a lobe carved by that band would leave a crescent that reads as periosteal
    new bone or a fracture fragment). A lobe that would still reach the femoral vessels is
    made small enough to miss them, or left out (None): carved round them, it would wrap
    them in bone, and forming bone displaces vessels, it does not encase them. A ``still``
    lobe (the one laid against a vein it presses on) keeps clear of the artery alone, and is
    only made thinner, never moved. A ``deep`` one (an extensive mass's large lobe, moved
    far) is not moved out past the deep fascia."""
    key = side_key(lesion)
    everything = _keep_clear(b, key, lesion.bridging, 10.0, _pressed_heights(b, key, lesion))
    if still:
        everything[-1] = (_bundle(b, key, vein=False), everything[-1][1])
    bundle = everything[-1:]

    def fit(cs: Array, clear: list, scale: Array | float = 1.0) -> tuple[Array, Array]:
        """(share of its size that fits, direction away) for a lobe at each of cs"""
        room, away = _room(cs, clear)
        reach = np.sqrt(sum((size[k] * (away @ frame[k])) ** 2 for k in range(3))) \
            * 1.25 * scale  # + the texture
        return np.where(reach <= room, 1.0, np.maximum(room / np.maximum(reach, 1e-6), 0.0)), \
            away

    def placed(cs: Array) -> list[tuple[float, float, Array]]:
        """(share of its size that misses the vessels, share that fits, centre) at each"""
        k = fit(cs, everything)[0]
        vessels = np.minimum(fit(cs, bundle, np.maximum(k, MIN_FIT))[0], 1.0)
        return [(float(v), float(f), c) for v, f, c in zip(vessels, k, cs, strict=True)]

    best = placed(centre[None])[0]
    away = fit(centre[None], everything)[1][0]
    # sideways (the lobe stays at its height), away from the nearest bone; if it still
    # reaches the vessels, any way that keeps it in its muscle; never into the pelvic cavity
    # (and a deep one not out past the fascia: pushed off the ilium, 3a's extensive gluteal
    # lobes went 20 mm out into the subcutaneous fat, where a mass is not painted, radiology
    # review 8; a small lobe is moved a few millimetres, and keeping it deeper made early
    # rims denser than their 300 HU, test_ct_first_mineral)
    turns = np.arange(8) * np.pi / 4
    under = b.inset(UNDER_FASCIA) if deep else None
    tries, any_way = [], []
    for ways in ([] if still or best[:2] == (1.0, 1.0) else
                 ([away], [np.array([np.cos(a), np.sin(a), 0.0]) for a in turns])):
        for step in (0.25, 0.5, 0.75):
            for way in ways:
                flat = np.array([way[0], way[1], 0.0])
                tries.append(centre + flat / max(float(np.linalg.norm(flat)), 1e-6) * step
                             * max(size))
                any_way.append(len(ways) > 1)
    if tries:  # (the cavity and the fascia asked about every try at once)
        cs = np.array(tries)
        ok = ~b.cavity.inside(*cs.T)
        if under is not None:
            ok &= under.inside(*cs.T)
        tries = [c for c, good, free in zip(tries, ok, any_way, strict=True)
                 if good and (not free or inside_host(c))]
    # the best, the first of equals (a perfect fit, once found, is kept)
    for option in placed(np.array(tries)) if tries else []:
        best = max(best, option, key=lambda t: t[0] * max(t[1], 0.1))
    vessels, k, centre = best
    if vessels < VESSEL_MIN_FIT:
        return None
    # a lobe with no room is made thinner (not shorter: the chain along the muscle stays
    # continuous) and the clearance trims it (never round the vessels)
    k = max(k, MIN_FIT) * vessels
    # (a still lobe keeps its breadth along the vein's wall and is made thinner towards
    # the bone behind: a narrow one would be dropped from a slice as a bead, phantom.py)
    return centre, [size[0], size[1] * (1.0 if still else k), size[2] * k]


def _repack(b: Body, lesions: Sequence[Lesion]) -> list[Solid]:
    """Oedematous muscles swell: the limb muscles repacked with the hosts enlarged over
    their lesions' spans (fat planes between them are effaced)."""
    swell: dict[int, tuple[float, float, float]] = {}
    for les in lesions:
        w = oedema(les.maturity)
        if w <= 0:
            continue
        top, bottom = span(b, les)
        for m in _hosts(b, les):
            swell[m.code] = (top + 25, bottom - 25, 1.0 + 0.8 * w)
    if not swell:
        return []
    limb = [m for m in b.muscles if m.name not in PELVIC_ONLY]
    out: list[Solid] = []
    # NHO forms outside the pelvis: limb muscles swell, and never into the pelvic cavity
    # (whose fat, organs and pelvic muscles stay as the lesion-free body has them)
    outside = Where(b.deep, lambda x, y, z, c=b.cavity: ~c.inside(x, y, z))
    for group, region in ((limb, outside),):
        if not any(m.code in swell for m in group):
            continue
        swollen = [Muscle(m.name, m.code, m.strands, m.scale, swell.get(m.code))
                   for m in group]
        codes = frozenset(m.code for m in group)
        claim = 4.0 * (1 - 0.45 * b.habitus.atrophy)
        pk = Packed(swollen, region, claim, codes | {T.FAT})
        boxes = [Sweep([s[1] - 20, s[0] + 20], 0, 0, 400, 400) for s in swell.values()]
        lo = np.min([bx.lo for bx in boxes], axis=0)
        hi = np.max([bx.hi for bx in boxes], axis=0)
        pk.lo, pk.hi = np.maximum(pk.lo, lo), np.minimum(pk.hi, hi)
        out.append(pk)
    return out


def lesion_solids(b: Body, lesions: Sequence[Lesion], swell: bool = True) -> list[Solid]:
    """Solids of every lesion, in painting order (oedema first, so masses win over it);
    ``swell`` repacks the muscles around oedematous hosts (planes need it, projections
    hardly see it)."""
    if len(lesions) > MAX_LESIONS:
        raise ValueError(f"at most {MAX_LESIONS} lesions per scene")
    out = _repack(b, lesions) if swell else []
    halos = frozenset(lesion_code(i, HALO) for i in range(len(lesions)))
    masses = [_outside_joints(b, les) for les in lesions]
    for i, les in enumerate(lesions):
        hosts = frozenset(m.code for m in _hosts(b, les))
        top, bottom = span(b, les)
        h = halo_thickness(les.maturity)
        if les.kind == "haematoma":  # blood in the muscle: no oedematous halo
            continue
        if oedema(les.maturity) > 0:  # the whole host muscle is oedematous, beyond the span,
            # but not the part of it inside the pelvis (NHO forms about the joint)
            band = Where(Sweep([bottom - 25, top + 25], 0, 0, 400, 400),
                         lambda x, y, z, c=b.cavity: ~c.inside(x, y, z))
            out.append(band.painted(lesion_code(i, HALO), hosts))
        elif h > 0:
            out.append(masses[i].shrunk(-h).painted(lesion_code(i, HALO), hosts))
    for i, les in enumerate(lesions):
        hosts = frozenset(m.code for m in _hosts(b, les))
        if les.extent != Extent.SMALL:  # a larger mass fills the neighbouring muscles too
            spread = set(sites.resolve(les.site).spread)
            hosts |= {m.code for m in _side_muscles(b, side_key(les)) if m.name in spread}
        t = rim_thickness(les.maturity)
        if t > 0:  # a mineralising mass keeps its own outline across the muscles it meets
            hosts |= _limb_muscles(b, side_key(les))
        outer = RIM if t > 0 else CORE
        seed = masses[i].mass.seed
        edge = _wave(seed)  # a maturing mass's edge wanders under the fascia (an early
        # one's margin fades into the oedematous muscle there)
        ripe = les.maturity >= WAVE_FROM
        mass = Where(masses[i], _under_fascia(b, edge)) if ripe else masses[i]
        if masses[i].mass.presses is not None:  # bone pressing on a vein takes its place
            # and its fat sheath: the vein is drawn flattened against it (vessels.masks)
            hosts |= {T.VEIN}
            sheath = _bundle(b, side_key(les))
            out.append(Where(masses[i], lambda x, y, z, d=sheath: d(x, y, z) < SHEATH_MM)
                       .painted(lesion_code(i, outer), frozenset({T.FAT})))
        # the mass keeps its own lobulated outline across the fat planes between its
        # muscles (not the straight edges of a muscle mask), but only in the deep
        # compartment: never in subcutaneous fat or the pelvic cavity
        out.append(mass.painted(lesion_code(i, outer), hosts | halos))
        out.append(within_deep(b, mass).painted(lesion_code(i, outer), frozenset({T.FAT})))
        if t > 0:  # forming bone fills the fat planes between its muscles (the sciatic
            # nerve's), as it crosses the planes between muscles: not lined by its rim
            out.append(_in_planes(b, mass).painted(lesion_code(i, outer),
                                                   frozenset({T.FAT})))
        if t > 0:  # the centre also keeps t from the deep fascia, where the mass stops
            # (its rim there thicker in places, thinner in others, never under RIM_MIN)
            inner, inset = _wave(seed + 7, CORE_CELL), b.inset(t)
            core = Where(masses[i].shrunk(t), _under_fascia(
                b, lambda x, y, z, t=t, e=edge, c=inner: np.maximum(e(x, y, z) + RIM_MIN,
                                                                    t / 2 + c(x, y, z)))
                if ripe else lambda x, y, z, d=inset: d.inside(x, y, z))
            out.append(core.painted(lesion_code(i, CORE), frozenset({lesion_code(i, RIM)})))
        if les.vascular:
            out.append(_focus(b, les, masses[i]).painted(
                lesion_code(i, FOCUS), hosts | halos | frozenset(MUSCLES)))
    return out


def _wave(seed: int, cell: float | None = None):
    """A depth (mm) that wanders between 0 and FASCIA_WAVE in lobules ``cell`` across."""
    return lambda x, y, z: FASCIA_WAVE * np.clip(
        0.5 + 0.6 * noise3d.noise(x, y, z, cell or FASCIA_CELL, seed), 0, 1)


def _under_fascia(b: Body, depth):
    """Where a point lies deeper under the deep fascia than ``depth`` (mm, a function of
    position), to the nearest millimetre above: a mass (or its centre) that reaches the
    fascia stops below it along a lobulated line, not along the fascia's smooth curve (cut
    there, its edge and its centre's drew a picture frame, radiology reviews 4-7: 1b)."""
    def level(x: Array, y: Array, z: Array) -> Array:  # (in the points' precision, as a
        # whole number of millimetres would be)
        return np.ceil(depth(x, y, z)).astype(np.result_type(x, y, z))

    return b.inset(level).inside


def _limb_muscles(b: Body, key: str) -> frozenset[int]:
    """Codes of the limb muscles of one side (not those inside the pelvis)."""
    return frozenset(m.code for m in _side_muscles(b, key) if m.name not in PELVIC_ONLY)


def _in_planes(b: Body, mass: Solid) -> Solid:
    """Part of a mass in the body's fat planes between muscles."""
    return Where(mass, lambda x, y, z: np.any([p.inside(x, y, z) for p in b.planes], axis=0))


def within_deep(b: Body, mass: Solid) -> Solid:
    """Part of a mass under the subcutaneous fat and outside the pelvic cavity."""
    return Where(mass, lambda x, y, z: b.deep.inside(x, y, z) & ~b.cavity.inside(x, y, z))


class _Clear(Solid):
    """A lesion mass kept clear of the hip joints, the bones and the femoral vessels: nothing
    within the head's radius + 4 mm of a joint centre, a band of muscle (CAPSULE_GAP) between
    the mass and the joint capsule round the head and neck, a cleft of muscle (CORTEX_GAP)
    between it and native cortex unless it bridges to that bone (so that it reads as NHO in
    muscle, not as an exostosis, avulsion or periosteal new bone), and VESSEL_GAP round the
    femoral artery and vein (which it displaces, not encases)."""

    def __init__(self, mass: Lobes, keep_out: Sequence, extra: float = 0.0) -> None:
        self.mass, self.keep_out, self.extra = mass, tuple(keep_out), extra
        self.lo, self.hi = mass.lo, mass.hi
        self.c, self.ax, self.r = mass.c, mass.ax, mass.r
        self._last: tuple[tuple, Array] | None = None

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        # a lesion paints its mass several times over the same points (over its muscles,
        # the fat between them, the nerve's plane, a vein's sheath): worked out once
        key = tuple((np.shape(v), float(np.sum(v))) for v in (x, y, z))
        if self._last is None or self._last[0] != key:
            self._last = (key, self._inside(x, y, z))
        return self._last[1].copy()

    def _inside(self, x: Array, y: Array, z: Array) -> Array:
        out = self.mass.inside(x, y, z)
        x, y, z, out = np.broadcast_arrays(x, y, z, out)
        out = out.copy()
        at = np.nonzero(out)
        if at[0].size:
            px, py, pz = x[at], y[at], z[at]
            keep = np.ones(px.shape, bool)
            extra = self.extra
            if extra > 0 and self.mass.vary:  # a centre's rim where the clearance cut the
                # mass is thicker in places, thinner in others, not a band along a smooth
                # capsule or cortex (which drew a straight inner edge, radiology review 7)
                extra = np.maximum(extra * (1.0 + CLEAR_VARY * self.mass.vary * noise3d.noise(
                    px, py, pz, CLEAR_CELL, self.mass.seed + 5)), RIM_MIN)
            for excluded in self.keep_out:
                keep &= ~excluded(px, py, pz, extra)
            out[at] = keep
        return out

    def shrunk(self, t: float) -> _Clear:
        """Moved inwards by t from its own surface and from what it keeps clear of, so a
        rim also closes where the clearance cut the mass (an open rim reads as a shell)."""
        return _Clear(self.mass.shrunk(t), self.keep_out, self.extra + t)


UNDER_FASCIA = 8.0  # mm under the deep fascia that a deep lobe's centre, when moved, stays
SPREAD_FROM = 0.6  # the maturity from which an extensive mass's bone fills its neighbours
SPREAD_MM = 45.0  # an extensive mass grows into a neighbour whose course is this near
SPREAD_DZ = 8.0  # (at the lobe's height, within this)
SPREAD_STEP = 0.65  # its lobe there lies this share of the lobe's breadth towards it
CAPSULE_GAP = 5.0  # mm of muscle between a lesion and the hip capsule
CORTEX_GAP = 4.0  # mm of muscle between a lesion and native cortex, unless bridging
WAVE_FROM = 0.45  # maturity from which a mass's edge under the fascia is lobulated
RIM_MIN = 1.5  # mm: the thinnest a rim along the deep fascia is made
FASCIA_WAVE = 4.0  # mm: how far under the deep fascia a mass's edge there wanders
FASCIA_CELL = 8.0  # mm: the size of that wandering's lobes
CORE_CELL = 5.0  # mm: the size of the lobules of a centre's edge under the fascia
PATCHY_VARY = 1.6  # a maturing (5-month) rim's thickness varies by up to about this share
CLEAR_VARY = 0.5  # how much (times the rim's own variation) the rim along a clearance varies
CLEAR_CELL = 6.0  # mm: the size of its lobules
# a maturing (5-month) centre's edge is scalloped, not only the flank of an ellipse (which
# drew 1b's four-sided centre with straight sides, radiology reviews 4-7); by maturity 0.7
# the inner edge of the cortex is smooth again
SCALLOP = 2.0  # the scallops' share of the rim's variation
SCALLOP_MM = 3.5  # mm: their size
# a mature rim's thickness varies by up to about this share of it round the lobe it lies on
# (scaled by the whole mass's median lobe alone, 0.9 drew an even frame round 3a's extensive
# iliopsoas mass, met at the roofs by its chain's small end lobes, and a 4.4 mm bar at a
# corner of 3b's posterior mass)
RIM_VARY = 1.2
VESSEL_GAP = 3.0  # mm between a lesion's lobe and the femoral vessels
PRESS_LENGTH = 30.0  # mm along the vein of the lobe that presses on it
PRESS_DEPTH = 10.0  # mm: that lobe's half-thickness towards the bone behind the vein
PRESS_BREADTH = 12.0  # mm: its half-breadth across the vein's back wall
SHEATH_MM = 4.0  # the fat round the vessels that bone pressing on the vein takes
# bone with a cortex narrows the vein it lies against (a lobe is laid there); a softer forming
# mass narrows it by its bulk in the muscle around (case 3's thigh), from where it lies
PRESS_MATURITY = 0.6
CAPSULE_OUTER = 6.5  # the capsule's outer surface from the femur (body.build._joint)


def near_capsule(side, x: Array, y: Array, z: Array, margin: float) -> Array:
    """Points within ``margin`` mm beyond the region the hip capsule wraps: the head and
    the neck to its base (as body.build._joint draws it)."""
    c, n, rh = side.acetabulum, side.neck_axis, side.head_r
    length = float(np.dot(side["neck_base"] - c, n)) + 6.0
    dx, dy, dz = x - c[0], y - c[1], z - c[2]
    t = dx * n[0] + dy * n[1] + dz * n[2]
    d2 = dx * dx + dy * dy + dz * dz
    reach = 0.62 * rh + 9.0 + CAPSULE_OUTER + margin
    return (d2 < (rh + 8.0 + CAPSULE_OUTER + margin) ** 2) | (
        (t > 0.2 * rh) & (t < length + margin) & (d2 - t * t < reach * reach))


def _outside_joints(b: Body, lesion: Lesion) -> _Clear:
    keep_out = []
    for key in "RL":
        side = b.landmarks[key]
        c, r = side.acetabulum, side.head_r
        clear = _keep_clear(b, key, lesion.bridging, CAPSULE_GAP,
                            _pressed_heights(b, key, lesion))

        def out(x: Array, y: Array, z: Array, extra: float = 0.0, c: Array = c,
                r: float = r, clear: list = clear) -> Array:
            gone = (x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2 < (r + 4.0 + extra) ** 2
            for dist, need in clear:
                gone = gone | (dist(x, y, z) < need(x, y, z) + extra)
            return gone

        keep_out.append(out)
    return _Clear(lobes(b, lesion), keep_out)


def _focus(b: Body, lesion: Lesion, mass: Lobes) -> Solid:
    """An active, unmineralised, vascular focus on the lesion's superficial side (never in
    the acoustic shadow of its mineral), at the lesion's own level when it names one (a
    bridging lesion's chain reaches far beyond it), else midway along the chain."""
    k = len(mass.c) // 2
    if lesion.level is not None:
        z = level_z(b, lesion.level)
        k = int(np.argmin([abs(float(c[2]) - z) for c in mass.c]))
    c, frame, r = mass.c[k], mass.ax[k], mass.r[k]
    centre = c - frame[2] * (r[2] + 4.0)
    return Ellipsoid(centre, [max(7.0, 0.5 * r[0]), max(6.0, 0.5 * r[1]), 5.0], frame)


def lesion_label(lesion: Lesion) -> str:
    """Human label of a lesion region, e.g. 'right iliopsoas NHO'."""
    what = "haematoma" if lesion.kind == "haematoma" else "NHO"
    return f"{lesion.side} {sites.resolve(lesion.site).label} {what}"
