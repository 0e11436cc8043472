"""Contrast venography: an AP projection of one leg's deep veins filled with contrast.

Contrast shows the lumen only: the picture is the thickness of opacified blood along each
ray, over the faint shadow of the bones. The veins are tubes along smooth curves: the deep
vein from the shared geometry (builder.illustrate.vessels), tapering towards the knee, with a
bulge above each valve (its sinus) and thin lucent cusps; the great saphenous and deep
femoral veins joining it in the groin; and a few small muscular tributaries. A thrombus
leaves a filling defect (acute: a column with a rounded head that contrast outlines; chronic:
a narrow, eccentric channel), with small collateral veins beside it; a vein pressed by a
lesion is narrowed and bowed away from the mass over its length, with no defect inside it.
The muscles and the lesion itself are not shown (a venogram shows the veins, not the
muscles).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image

from builder.illustrate import phantom, vessels
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, resize, to_u8
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import T
from builder.illustrate.xray import MU_CORTEX, MU_SOFT, MU_TRAB

FOV = 300.0  # mm wide, centred on the leg
TOP = 125.0  # above the iliac crest; the picture runs down to below the knee
STEP = 0.5  # mm
NOISE = 0.012
SPACING = 0.4  # mm between the points along a vein's centre line
DISPLACE_MM = 24.0  # how far a pressing mass bows the vein aside at its middle
RIM = 1.2  # mm of contrast between an acute thrombus and the vein wall
VALVES = (2.55, 3.45, 3.9, 4.5, 5.2, 5.8, 6.5, 7.3)  # knots of the deep vein's valves
SINUS = 20.0  # mm: the length of a valve's sinus, above its cusps
BULGE = 0.2  # a sinus is this much wider than the vein below it
HEAD = 1.6  # a thrombus' head: a dome this many times as tall as the clot's half-width


@dataclass(frozen=True)
class Tube:
    """A vein seen from the front: centre line (x, z) mm, half-width across the film,
    half-thickness along the ray and the share of full contrast at each point."""

    x: np.ndarray
    z: np.ndarray
    half: np.ndarray
    depth: np.ndarray
    dose: np.ndarray


def _key(scene: Scene) -> str:
    return "L" if scene.side == "left" else "R"


def smooth_curve(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Points every SPACING mm along a centripetal Catmull-Rom curve through ``points``
    ((n, 2) x, z), and each point's position in knots (i + fraction): a vein bends, it has
    no corners."""
    p = np.asarray(points, float)
    ext = np.vstack([2 * p[0] - p[1], p, 2 * p[-1] - p[-2]])
    out, where = [], []
    for i in range(len(p) - 1):
        p0, p1, p2, p3 = ext[i:i + 4]
        t0 = 0.0
        t1 = t0 + max(np.linalg.norm(p1 - p0), 1e-6) ** 0.5
        t2 = t1 + max(np.linalg.norm(p2 - p1), 1e-6) ** 0.5
        t3 = t2 + max(np.linalg.norm(p3 - p2), 1e-6) ** 0.5
        n = max(int(np.linalg.norm(p2 - p1) / SPACING), 2)
        t = np.linspace(t1, t2, n, endpoint=False)[:, None]
        a1 = (t1 - t) / (t1 - t0) * p0 + (t - t0) / (t1 - t0) * p1
        a2 = (t2 - t) / (t2 - t1) * p1 + (t - t1) / (t2 - t1) * p2
        a3 = (t3 - t) / (t3 - t2) * p2 + (t - t2) / (t3 - t2) * p3
        b1 = (t2 - t) / (t2 - t0) * a1 + (t - t0) / (t2 - t0) * a2
        b2 = (t3 - t) / (t3 - t1) * a2 + (t - t1) / (t3 - t1) * a3
        out.append((t2 - t) / (t2 - t1) * b1 + (t - t1) / (t2 - t1) * b2)
        where.append(i + np.arange(n) / n)
    out.append(p[-1:])
    where.append(np.array([len(p) - 1.0]))
    return np.vstack(out), np.concatenate(where)


def _arc(x: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Distance (mm) along a centre line from its first point."""
    return np.concatenate([[0.0], np.cumsum(np.hypot(np.diff(x), np.diff(z)))])


def sinus(s: np.ndarray, valves: list[float]) -> np.ndarray:
    """0…1: how far each point (arc length s, increasing downwards) lies in a valve sinus,
    the bulge just above a valve's cusps, steep at the cusps and easing off above them."""
    out = np.zeros_like(s)
    for v in valves:
        u = np.clip((v - s) / SINUS, 0, 1)
        out = np.maximum(out, np.where((u > 0) & (u < 1), np.sin(np.pi * u ** 0.6), 0))
    return out


def _smooth_along(v: np.ndarray, mm: float) -> np.ndarray:
    return np.asarray(blur(v[None, :].astype(np.float32), (0, mm / SPACING))[0], float)


def _ramp(z: np.ndarray, top: float, bottom: float, mm: float) -> np.ndarray:
    """0 outside [bottom, top], rising smoothly to 1 over ``mm`` inside each end."""
    u = np.clip(np.minimum(top - z, z - bottom) / mm, 0, 1)
    return u * u * (3 - 2 * u)


def bow(s: np.ndarray, sq: np.ndarray, px: np.ndarray) -> np.ndarray:
    """How far (× DISPLACE_MM, signed in x) a pressing mass bows the vein at each point:
    a smooth arc over the pressed stretch, deepest at its middle, away from the mass."""
    on = sq > 0.01
    if not on.any():
        return np.zeros_like(s)
    s0, s1 = float(s[on].min()), float(s[on].max())
    u = np.clip((s - s0) / max(s1 - s0, 1e-6), 0, 1)
    return float(np.average(px[on], weights=sq[on])) * _smooth_along(np.sin(np.pi * u), 20.0)


def bowed(x: np.ndarray, s: np.ndarray, sq: np.ndarray, px: np.ndarray) -> np.ndarray:
    """The centre line bowed by a pressing mass: over the pressed stretch the vein leaves
    its own gentle course for the chord between the stretch's ends, and the bow is laid
    on that chord, so the displaced vein is one arc curving the same way all along the
    mass (on the natural course, whose own curve runs the other way, the bow read as a
    straight stretch and a bend)."""
    on = sq > 0.01
    if not on.any():
        return x
    i0, i1 = int(np.argmax(on)), len(on) - 1 - int(np.argmax(on[::-1]))
    u = np.clip((s - s[i0]) / max(s[i1] - s[i0], 1e-6), 0, 1)
    chord = x[i0] + (x[i1] - x[i0]) * u
    w = np.clip(np.minimum(u, 1 - u) / 0.2, 0, 1)
    w = w * w * (3 - 2 * w)
    return x + w * (chord - x) + DISPLACE_MM * bow(s, sq, px)


def _dome(z: np.ndarray, top: float, bottom: float, tall: float) -> np.ndarray:
    """0…1 along a thrombus: 1 in its body, an elongated dome ``tall`` mm high at its head
    (top) and a shorter rounded tail, 0 outside it."""
    up = np.clip((z - (top - tall)) / tall, 0, 1)
    down = np.clip(((bottom + tall / 2) - z) / (tall / 2), 0, 1)
    return np.sqrt((1 - up ** 2) * (1 - down ** 2))


@dataclass(frozen=True)
class Veins:
    """What the venogram draws for one scene: the deep vein and its tributaries (contrast),
    the thrombus columns that exclude it, the valve cusps (thin lucent lines), and the
    deep vein's centre line with the valves' arc lengths (for measuring)."""

    filled: list[Tube]
    clots: list[Tube]
    cusps: list[Tube]
    deep: Tube
    valves: list[float]


def _sections(scene: Scene, key: str, z: np.ndarray, squeeze: bool
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Squeeze and push (x, y) of a pressing lesion at each height (zeros without one)."""
    sq, px, py = (np.zeros_like(z) for _ in range(3))
    if not squeeze or not any(les.compresses for les in scene.lesions):
        return sq, px, py
    for i, h in enumerate(z):
        sec = vessels.section(scene, key, float(h))
        if sec is not None:
            sq[i], (px[i], py[i]) = sec.squeeze, sec.push
    return sq, px, py


def deep_vein(scene: Scene, squeeze: bool = True) -> Veins:
    """The deep vein along its smooth course, tapering towards the knee, with valve
    sinuses; pressed by a lesion it narrows (seen from the front) and bows away from the
    mass, without any defect inside; a thrombus distends it and fills it but for a rim
    (acute, a rounded head) or leaves a narrow eccentric channel (chronic)."""
    key = _key(scene)
    b = phantom.body(scene.body)
    pts, radii = vessels.course(b, key)
    line, knots = smooth_curve(pts[:, [0, 2]])
    x, z = line[:, 0].copy(), line[:, 1]
    s = _arc(x, z)
    r = _smooth_along(np.interp(knots, np.arange(len(radii)), radii), 25.0)
    sq, px, py = _sections(scene, key, z, squeeze)
    k, kv = 1 - 0.7 * sq, 1 + 0.35 * 0.7 * sq
    pressed = sq > 0
    half = np.where(pressed, r * np.hypot(k * px, kv * py), r)
    depth = np.where(pressed, r * np.hypot(k * py, kv * px), r)
    x = bowed(x, s, sq, px)
    clot_g, clots = np.zeros_like(z), []
    for th in scene.thrombi:
        if ("L" if th.side == "left" else "R") != key:
            continue
        top, bottom = vessels.segment_z(b, key, th.vein)
        g = _ramp(z, top, bottom, 25.0)
        clot_g = np.maximum(clot_g, g)
        if str(th.age) == "chronic":  # a narrow channel along one wall
            x += 0.45 * r * g
            half, depth = half * (1 - 0.7 * g), depth * (1 - 0.7 * g)
            continue
        grow = 1 + 0.3 * g  # acute thrombus distends the vein
        half, depth = half * grow, depth * grow
        inner = np.clip(half - RIM, 0.3, None)
        cap = _dome(z, top, bottom, HEAD * float(inner[int(np.argmax(g))]))
        cap *= 1 - 0.3 * np.clip(1 - (top - z) / 40.0, 0, 1)  # a free head, contrast round it
        keep = cap > 0
        clots.append(Tube(x[keep], z[keep], (inner * cap)[keep],
                          (np.clip(depth - RIM, 0.3, None) * cap)[keep], np.ones(int(keep.sum()))))
    at = [float(np.interp(t, knots, s)) for t in VALVES]
    bulge = 1 + BULGE * sinus(s, at) * (1 - sq) * (1 - clot_g)
    deep = Tube(x, z, half * bulge, depth * bulge, np.ones_like(z))
    cusps = _cusps(deep, s, at, sq, clot_g)
    return Veins([deep], clots, cusps, deep, at)


def _cusps(deep: Tube, s: np.ndarray, valves: list[float], sq: np.ndarray,
           clot: np.ndarray) -> list[Tube]:
    """Each valve's two cusps: thin lines from the wall at the base of the sinus converging
    upwards towards the middle of the vein."""
    out = []
    for v in valves:
        i0 = int(np.argmin(np.abs(s - v)))
        i1 = int(np.argmin(np.abs(s - (v - 0.75 * SINUS))))
        if sq[i0] > 0.2 or clot[i0] > 0.2:
            continue
        for side in (-1, 1):
            a = np.array([deep.x[i0] + side * 0.85 * deep.half[i0], deep.z[i0]])
            e = np.array([deep.x[i1] + side * 0.15 * deep.half[i1], deep.z[i1]])
            t = np.linspace(0, 1, 24)[:, None]
            p = a + (e - a) * t + np.array([side * 0.6, 0]) * np.sin(np.pi * t)
            n = len(p)
            out.append(Tube(p[:, 0], p[:, 1], np.full(n, 0.45), np.full(n, 0.45),
                            np.ones(n)))
    return out


def _along(deep: Tube, z: float) -> float:
    """x of the deep vein's centre line at height z."""
    return float(np.interp(z, deep.z[::-1], deep.x[::-1]))


def _branch(points: list, radius: tuple[float, float], dose: tuple[float, float],
            valves: tuple[float, ...] = ()) -> Tube:
    """A tributary along a smooth curve from its confluence (first point) outwards,
    narrowing, and filling less towards its far end."""
    line, _ = smooth_curve(np.array(points, float))
    s = _arc(line[:, 0], line[:, 1])
    u = s / max(s[-1], 1e-6)
    r = (radius[0] + (radius[1] - radius[0]) * u) * (1 + BULGE * sinus(s, list(valves)))
    return Tube(line[:, 0], line[:, 1], r, r, dose[0] + (dose[1] - dose[0]) * u)


def tributaries(scene: Scene, deep: Tube) -> list[Tube]:
    """The great saphenous vein arching into the common femoral vein from the medial
    thigh, the deep femoral vein joining it from the side of the femur below that, and small
    muscular tributaries (thigh) and gastrocnemius veins (knee)."""
    from builder.illustrate.body.build import artery_course, saphenous_course

    key = _key(scene)
    b = phantom.body(scene.body)
    lm, side, lat = b.landmarks, b.landmarks[key], 1.0 if key == "L" else -1.0
    out = []
    gsv = saphenous_course(lm, key)
    zj = float(gsv[0][2])
    crook = [(_along(deep, zj + 25), zj + 25), (gsv[0][0] - lat * 12, zj + 14),
             (gsv[0][0] - lat * 19, zj - 10)]  # the arch of the saphenofemoral junction
    out.append(_branch(crook + [(p[0], p[2]) for p in gsv[1:]], (2.6, 1.9), (0.6, 0.45),
                       (24.0, 140.0)))
    art = artery_course(lm, key)
    zp = float(art[3][2]) - 22
    prof = [side.shaft(-120) + np.array([-lat * 24, 0, 0]),
            side.shaft(-250) + np.array([-lat * 20, 0, 0])]
    out.append(_branch([(_along(deep, zp + 6), zp + 6), (art[3][0] - lat * 4, zp - 16)]
                       + [(p[0], p[2]) for p in prof], (3.6, 1.2), (1.0, 0.3), (30.0, 110.0)))
    knee = float(side["knee"][2])
    for kt, way, length, angle, r in ((4.3, 1, 55, 32, 1.5), (4.95, -1, 45, 38, 1.3),
                                      (5.55, 1, 40, 42, 1.2), (6.6, -1, 35, 45, 1.1)):
        out.append(_twig(deep, vessels.knot_z(b, key, kt), lat * way, length, angle, r))
    for way in (-1, 1):  # the gastrocnemius veins, joining the popliteal vein
        out.append(_twig(deep, knee - 4, lat * way, 70, 14, 2.1))
    return out


def _twig(deep: Tube, z0: float, way: float, length: float, angle: float, r: float) -> Tube:
    """A small vein leaving the deep vein at z0 downwards and outwards (``way`` ±1 in x),
    curving back towards the vertical."""
    a = np.radians(angle)
    p0 = np.array([_along(deep, z0), z0])
    p1 = p0 + length / 2 * np.array([way * np.sin(a), -np.cos(a)])
    p2 = p1 + length / 2 * np.array([way * np.sin(a / 3), -np.cos(a / 3)])
    return _branch([p0, p1, p2], (r, 0.6 * r), (0.9, 0.5))


def collaterals(scene: Scene, deep: Tube) -> list[Tube]:
    """Small winding veins beside a thrombosed stretch, from below it to above its head:
    tortuous and irregular, as collaterals are (a random walk of bends of uneven length
    and depth, and an uneven calibre), not a regular wave."""
    key = _key(scene)
    b = phantom.body(scene.body)
    rng = np.random.default_rng(scene.seed + 77)
    out = []
    for th in scene.thrombi:
        if ("L" if th.side == "left" else "R") != key:
            continue
        top, bottom = vessels.segment_z(b, key, th.vein)
        for way, reach, r in ((1, 17, 1.3), (-1, 15, 1.1)):
            zz = [top + 10]
            while zz[-1] > bottom - 20:  # knots at uneven steps, 4–11 mm apart
                zz.append(zz[-1] - rng.uniform(4.0, 11.0))
            zz = np.array(zz)
            u = np.clip((top + 10 - zz) / (top - bottom + 30), 0, 1)
            walk = np.cumsum(rng.normal(0, 2.2, len(zz)))
            walk -= np.linspace(walk[0], walk[-1], len(zz))  # wanders, comes back
            wind = walk + rng.uniform(-2.0, 2.0, len(zz))
            xx = [_along(deep, h) + way * np.sin(np.pi * w) ** 0.5 * max(reach + c, 3.0)
                  for h, w, c in zip(zz, u, wind, strict=True)]
            line, knots = smooth_curve(np.stack([xx, zz], axis=1))
            calibre = r * np.interp(knots, np.arange(len(zz)), rng.uniform(0.7, 1.3, len(zz)))
            out.append(Tube(line[:, 0], line[:, 1], calibre, calibre,
                            np.full(len(line), 0.85)))
    return out


def paint(tube: Tube, xs: np.ndarray, zs: np.ndarray, out: np.ndarray) -> None:
    """Millimetres of contrast along each AP ray through the tube (rows = heights zs,
    descending; columns = xs), kept where larger than ``out`` already holds: a chain of
    ellipsoids along the centre line, whose envelope is the tube."""
    for x, z, h, d, q in zip(tube.x, tube.z, tube.half, tube.depth, tube.dose, strict=True):
        if h < 0.05:
            continue
        c0 = max(int((x - h - xs[0]) / STEP), 0)
        c1 = min(int((x + h - xs[0]) / STEP) + 2, len(xs))
        r0 = max(int((zs[0] - z - h) / STEP), 0)
        r1 = min(int((zs[0] - z + h) / STEP) + 2, len(zs))
        if c0 >= c1 or r0 >= r1:
            continue
        u = (xs[c0:c1] - x) / h
        w = (zs[r0:r1] - z) / h
        val = 2 * d * q * np.sqrt(np.clip(1 - w[:, None] ** 2 - u[None, :] ** 2, 0, None))
        np.maximum(out[r0:r1, c0:c1], val, out=out[r0:r1, c0:c1])


def layers(scene: Scene, xs: np.ndarray, zs: np.ndarray, squeeze: bool = True
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Millimetres of contrast along each AP ray (rows = heights, columns = xs) that the
    veins would hold, of thrombus in them, and of valve cusps (lucent lines)."""
    v = deep_vein(scene, squeeze)
    out = []
    for tubes in (v.filled + tributaries(scene, v.deep) + collaterals(scene, v.deep),
                  v.clots, v.cusps):
        grid = np.zeros((len(zs), len(xs)), np.float32)
        for t in tubes:
            paint(t, xs, zs, grid)
        out.append(grid)
    return out[0], out[1], out[2]


def _contrast(scene: Scene, xs: np.ndarray, zs: np.ndarray, squeeze: bool) -> np.ndarray:
    """Millimetres of contrast along each AP ray: the veins full of it, less a thrombus'
    column, crossed by the faint lines of the valve cusps."""
    full, clot, cusp = layers(scene, xs, zs, squeeze)
    return np.clip(full - clot, 0, None) * (1 - 0.6 * np.clip(cusp / 0.9, 0, 1))


# millimetres of cortex that absorb as much (above soft tissue) as a millimetre of each
# bone tissue: cortex absorbs about four times as much as trabecular bone (the radiograph's
# μ), so bones show their cortical outlines, and the patella its rim over the femoral
# condyles, instead of flat blobs
BONE_WEIGHT = np.zeros(256, np.float32)
BONE_WEIGHT[[T.CORTICAL, T.TRABECULAR]] = (1.0, (MU_TRAB - MU_SOFT) / (MU_CORTEX - MU_SOFT))


@lru_cache(maxsize=4)
def _bones(spec: BodySpec, key: str) -> tuple[np.ndarray, ...]:
    """Bone and soft-tissue thickness (mm) along AP rays: (z, x) maps and their axes, from
    the pelvis grid above the thigh and the limb's own block below it."""
    from builder.illustrate import limbxray
    from builder.illustrate.scene import View

    out = []
    vol = phantom.base_volume(spec)
    out.append((vol.labels, vol.xs, vol.zs, 1.5))
    block = limbxray._base(spec, View.XRAY_AP_FEMUR, key)
    xs, _, zs = limbxray._axes(spec, View.XRAY_AP_FEMUR, key)
    out.append((block, xs, zs, limbxray.STEP))
    maps = []
    for labels, xs, zs, step in out:
        bone = BONE_WEIGHT[labels].sum(axis=1) * step
        soft = (labels != 0).sum(axis=1) * step
        maps.append((bone.astype(np.float32), soft.astype(np.float32), xs, zs))
    return tuple(maps)


def _background(scene: Scene, xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """Attenuation of bone and soft tissue, interpolated from the pelvis grid (above its
    lowest level) and the limb block (below it), blended over SEAM mm where both reach so
    that no step crosses the femur."""
    (pb, ps, px, pz), (lb, ls, lx, lz) = _bones(scene.body, _key(scene))
    maps = []
    for bone, soft, bx, bz in ((lb, ls, lx, lz), (pb, ps, px, pz)):
        att = 0.024 * bone + 0.0016 * soft
        fx = np.interp(xs, bx, np.arange(len(bx)), left=-1, right=-1)
        fz = np.interp(zs, bz, np.arange(len(bz)), left=-1, right=-1)
        ix, iz = np.clip(np.rint(fx), 0, len(bx) - 1).astype(int), np.clip(
            np.rint(fz), 0, len(bz) - 1).astype(int)
        maps.append(att[np.ix_(iz, ix)] * (fx >= 0)[None, :] * (fz >= 0)[:, None])
    w = np.clip((zs - pz[0] - 5) / SEAM, 0, 1)[:, None]  # 0: the limb block, 1: the pelvis
    return blur((1 - w) * maps[0] + w * maps[1], 1.5)


SEAM = 40.0  # mm over which the pelvis grid gives way to the limb block


OVERLAP = 30.0  # mm the two films share, as overlapping spot films do
GAP = 12  # pixels between the films
MARGIN = 25.0  # mm of normal vein shown above a pressed stretch


def _grid(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    b = phantom.body(scene.body)
    side = b.landmarks[_key(scene)]
    cx = float((side["knee"][0] + side.head[0]) / 2)
    xs = (cx - FOV / 2 + STEP * (np.arange(int(FOV / STEP)) + 0.5)).astype(np.float32)
    bottom = float(side["knee"][2]) - 45
    zs = (TOP - STEP * (np.arange(int((TOP - bottom) / STEP)) + 0.5)).astype(np.float32)
    return xs, zs


def _pressed(scene: Scene, zs: np.ndarray) -> tuple[float, float] | None:
    """(top, bottom) heights of the stretch of deep vein a lesion presses on, if any."""
    if not any(les.compresses for les in scene.lesions):
        return None
    key = _key(scene)
    hit = [float(z) for z in zs[::10]
           if (sec := vessels.section(scene, key, float(z))) is not None and sec.squeeze > 0.01]
    return (max(hit), min(hit)) if hit else None


def _split(scene: Scene, zs: np.ndarray) -> tuple[slice, slice]:
    """Rows of the upper film (pelvis and upper thigh) and the lower (thigh to knee). What
    the lower film is taken for, a stretch of vein pressed by a mass or a thrombosed
    segment, is kept whole on it from MARGIN above its top, so it begins higher, as a spot
    film is centred on what it is taken for (and the films of a thrombus and of a mass
    have much the same shape)."""
    half, extra = len(zs) // 2, int(OVERLAP / 2 / STEP)
    start = half - extra
    key = _key(scene)
    b = phantom.body(scene.body)
    spans = [vessels.segment_z(b, key, th.vein) for th in scene.thrombi
             if ("L" if th.side == "left" else "R") == key]
    stretch = _pressed(scene, zs)
    spans += [stretch] if stretch is not None else []
    for top, bottom in spans:
        if bottom < zs[start]:
            start = min(start, max(int((zs[0] - top - MARGIN) / STEP), 0))
    rows = max(half + extra, len(zs) - start)  # both films the same length
    return slice(0, rows), slice(start, len(zs))


def locate(scene: Scene, x: float, z: float, width: int, lower_film: bool = False
           ) -> tuple[int, int]:
    """Pixel (column, row) where the point (x, z) appears on the venogram drawn at
    ``width`` (on the upper film if it is on both, unless ``lower_film``)."""
    xs, zs = _grid(scene)
    upper, lower = _split(scene, zs)
    film = (width - GAP) // 2
    scale = film / len(xs)  # pixels per grid step, the same on both films
    i = int(np.argmin(np.abs(zs - z)))
    col = int((x - xs[0]) / STEP * scale)
    if i < upper.stop and not (lower_film and i >= lower.start):
        return col, int(i * scale)
    return film + GAP + col, int((i - lower.start) * scale)


def render_venogram(scene: Scene, width: int) -> Frame:
    """Two overlapping films side by side, upper on the left, as a venogram's spot films
    are shown: the whole deep vein from the pelvis to below the knee at a readable size."""
    key = _key(scene)
    xs, zs = _grid(scene)
    back = _background(scene, xs, zs)
    dye, dye0 = (blur(_contrast(scene, xs, zs, s), 0.8) for s in (True, False))
    upper, lower = _split(scene, zs)
    rows = max(upper.stop - upper.start, lower.stop - lower.start)
    film = (width - GAP) // 2
    fh = int(round(film * rows / len(xs)))
    rng = np.random.default_rng(scene.seed)
    noise = [resize(blur(rng.standard_normal((rows, len(xs))).astype(np.float32), 1.0),
                    (film, fh)) * NOISE / 0.28 for _ in range(2)]

    def shown(d: np.ndarray, noisy: bool) -> Image.Image:
        canvas = np.zeros((fh, width), np.uint8)
        for k, part in enumerate((upper, lower)):
            a = back[part] + 0.09 * d[part]  # contrast absorbs far more than soft tissue
            if a.shape[0] < rows:
                a = np.pad(a, ((0, rows - a.shape[0]), (0, 0)))
            v = 0.12 + 0.75 * (1 - np.exp(-resize(a, (film, fh)))) + (noise[k] if noisy else 0)
            left = k * (film + GAP)
            canvas[:, left:left + film] = to_u8(np.clip(v, 0, 1))
        return Image.fromarray(canvas)

    side = "LEFT" if key == "L" else "RIGHT"
    return Frame(shown(dye, True).convert("RGB"), [[] for _ in scene.lesions], ("R", "L"),
                 FOV / film, f"Contrast venogram, {side} leg, AP (two films)",
                 lesion_map=None, without=shown(dye0, True), smooth=shown(dye0, False))
