"""One body in painting order: skin and fat, muscles, the pelvic cavity, joint, organs,
vessels and bones (later solids paint over earlier ones).

The skeleton, skin and organs are the measured meshes (as distance fields); the rest is
modelled around them from their landmarks. A ``Habitus`` carries what differs between
patients: sex (which measured body), and the disuse of a paralysed limb (muscle atrophy with
fatty infiltration, osteopenia).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import ndimage

from builder.illustrate import noise3d
from builder.illustrate.anatomy import fieldset, meshes, store, voxelise
from builder.illustrate.anatomy.fields import Depth, Field
from builder.illustrate.anatomy.fieldset import body_fields
from builder.illustrate.anatomy.landmarks import SIDES, Landmarks, Side, landmarks
from builder.illustrate.body import muscles as mus
from builder.illustrate.body.strands import Packed
from builder.illustrate.solids import (
    Difference,
    Ellipsoid,
    HalfSpace,
    Intersection,
    Resting,
    Solid,
    Sweep,
    Tube,
    Union,
    Where,
)
from builder.illustrate.tissues import MUSCLES, T

Array = np.ndarray
HIP_BONES = ("ilium", "ischium", "pubis")


@dataclass(frozen=True)
class Habitus:
    """sex: 'female' or 'male'; atrophy and osteopenia: 0 (none) … 1 (severe, chronic)."""

    sex: str = "female"
    atrophy: float = 0.0
    osteopenia: float = 0.0


@dataclass(frozen=True)
class Body:
    """A body ready to paint: its solids in order, its landmarks and its fields."""

    habitus: Habitus
    solids: tuple[Solid, ...]
    landmarks: Landmarks
    fields: dict[str, Field]
    femur_shift: dict[str, np.ndarray]
    couch_y: float
    muscles: tuple[mus.Muscle, ...]
    deep: Solid  # the deep compartment (under the subcutaneous fat) less its fat pads
    cavity: Solid  # the abdominopelvic cavity
    inset: Callable[[Depth], Solid]  # the deep compartment t mm (or t(x, y, z)) in from
    # the fascia
    planes: tuple[Solid, ...] = ()  # fat planes between muscles that a forming mass crosses


def _fat_depth(sex: str):
    """Subcutaneous fat thickness (mm) by region: thicker over the buttocks, hips and lower
    abdomen, and in women."""
    base, hips, belly = (11.0, 12.0, 12.0) if sex == "female" else (7.0, 6.0, 10.0)

    def depth(x: Array, y: Array, z: Array) -> Array:
        buttock = np.clip((-y - 20) / 60, 0, 1) * np.clip(1 - np.abs(z + 30) / 110, 0, 1)
        lateral = np.clip((np.abs(x) - 120) / 50, 0, 1) * np.clip(1 - np.abs(z) / 140, 0, 1)
        abdomen = np.clip((z - 40) / 80, 0, 1) * np.clip(y / 60, 0, 1)
        return base + hips * np.maximum(buttock, lateral) + belly * abdomen + 2.0

    return depth


def _surfaces(skin: Solid) -> dict[str, object]:
    """Points on the skin for muscles that lie under it (abdominal wall, back)."""
    ys = np.arange(220.0, -260.0, -1.0, dtype=np.float32)
    xs = np.arange(0.0, 300.0, 1.0, dtype=np.float32)

    def front(s: float, lat: float, z: float, depth: float) -> Array:
        x = s * lat
        hit = skin.inside(np.full_like(ys, x), ys, np.full_like(ys, z))
        return np.array([x, ys[np.argmax(hit)] - depth, z])

    def back(s: float, lat: float, z: float, depth: float) -> Array:
        x = s * lat
        hit = skin.inside(np.full_like(ys, x), ys, np.full_like(ys, z))
        return np.array([x, ys[len(ys) - 1 - np.argmax(hit[::-1])] + depth, z])

    def side(s: float, lat: float, z: float, depth: float) -> Array:
        hit = skin.inside(s * xs, np.full_like(xs, -20.0), np.full_like(xs, z))
        edge = xs[len(xs) - 1 - np.argmax(hit[::-1])]
        return np.array([s * (edge - depth), -20.0 + lat, z])

    return {"front": front, "back": back, "side": side}


def _cavity(lm: Landmarks) -> Solid:
    """The abdominopelvic cavity inside the pelvic walls: its fat holds the organs, and only
    the muscles of the pelvis itself (iliacus, psoas, obturator internus, piriformis,
    levator ani) are packed inside it."""
    r, p = lm["L"], lm.points
    obt, ac, fossa = abs(r["obturator"][0]), abs(r.acetabulum[0]), abs(r["iliac_fossa"][0])
    sym, prom = r["symphysis"][1], p["promontory"]
    z = [-28, -5, 20, 45, 75, 110, 150, 260]
    a = [obt - 30, obt - 18, ac - 34, ac - 22, fossa - 4, fossa + 14, fossa + 24, fossa + 26]
    cy = [sym - 55, sym - 55, sym - 62, sym - 60, -30, -22, -10, -6]
    b = [26, 42, 55, 58, 58, 62, 72, 82]
    del prom
    return Sweep(z, 0, cy, a, b, 0, 2.3, (14.0, 0.0))


SI_GAP = 3.0  # mm: the sacroiliac joint space
SACRAL_CORTEX = 1.8  # mm: the sacrum's cortex, and the rims of its foramina (arcuate lines)


def _distance(others: list[Field], x: Array, y: Array, z: Array) -> Array:
    return np.minimum.reduce([f.distance(x, y, z) for f in others])


def _apart(others: list[Field]):
    """How far (mm) a bone's surface recedes where it meets ``others``, so that two bones
    whose measured surfaces touch meet across a joint space of SI_GAP."""
    def depth(x: Array, y: Array, z: Array) -> Array:
        return np.clip(SI_GAP - _distance(others, x, y, z), 0.0, None)

    return depth


def _subchondral(others: list[Field], mm: float):
    """Extra cortex (mm) where a bone faces ``others`` across a joint: the dense
    subchondral plates that outline the sacroiliac joint space on a frontal film."""
    def depth(x: Array, y: Array, z: Array) -> Array:
        return mm * np.clip((8.0 - _distance(others, x, y, z)) / 5.0, 0.0, 1.0)

    return depth


def _canals(sex: str, sacrum: Field) -> Field:
    """The sacral canal and foramina: what closing the sacrum's holes (up to 6 mm in
    radius) fills, as a field whose distance is 0 inside them (cached on disk)."""
    def make() -> dict[str, np.ndarray]:
        step, inside = sacrum.grid.step, sacrum.sdf <= 0
        grown = ndimage.distance_transform_edt(~inside, sampling=step) <= 6.0
        closed = ndimage.distance_transform_edt(grown, sampling=step) > 6.0
        hole = closed & ~inside
        return {"d": ndimage.distance_transform_edt(~hole, sampling=step).astype(np.float32)}

    key = f"sacral-canals-{sex}-{meshes.digest(sex)}-" + store.source_hash(
        fieldset, voxelise, sys.modules[__name__])  # (made again when the sacrum's field
    # or this rule changes, not only when the mesh does)
    d = store.cached(key, make)["d"]
    return Field(d, sacrum.grid, 0.0, (sacrum.lo, sacrum.hi))


def _foraminal(canals: Field, mm: float):
    """Extra cortex (mm) lining the sacral foramina and canal: their roofs, seen edge-on by
    the beam, are the arcuate lines of a frontal film."""
    def depth(x: Array, y: Array, z: Array) -> Array:
        return mm * np.clip((4.0 - canals.distance(x, y, z)) / 2.0, 0.0, 1.0)

    return depth


def _bones(fields: dict[str, Field], lm: Landmarks, hab: Habitus,
           shift: dict[str, np.ndarray]) -> list[Solid]:
    thin = 1.0 - 0.3 * hab.osteopenia
    sacrum, hips = fields["sacrum"], [fields[f"hip_{k}"] for k in "RL"]
    # the sacroiliac joints: the measured sacrum and ilia touch, so both recede to leave a
    # joint space of cartilage between them (the lucent line of a frontal film)
    out: list[Solid] = [Intersection(sacrum.shrunk(-SI_GAP), Union(
        *(h.shrunk(-SI_GAP) for h in hips))).painted(T.CARTILAGE)]
    sacrum = sacrum.shrunk(_apart(hips))
    core = sacrum.shrunk(SACRAL_CORTEX * thin).shrunk(_subchondral(hips, 0.5)).shrunk(
        _foraminal(_canals(hab.sex, fields["sacrum"]), 1.2 * thin))
    out += [sacrum.painted(T.CORTICAL), core.painted(T.TRABECULAR)]
    coccyx = fields["coccyx"]
    out += [coccyx.painted(T.CORTICAL), coccyx.shrunk(1.2 * thin).painted(T.TRABECULAR)]
    for key in "RL":
        # the library's compact and spongy meshes share one surface, so the cortex is
        # modelled: 1.4 mm, thicker under the acetabular roof (the weight-bearing sourcil)
        side = lm[key]
        c, ra = side.acetabulum, side.acetabulum_r

        def hip_cortex(x: Array, y: Array, z: Array, c: Array = c, ra: float = ra) -> Array:
            d = np.sqrt((x - c[0]) ** 2 + (y - c[1]) ** 2 + (z - c[2]) ** 2) - ra
            roof = np.clip((z - c[2]) / ra, 0, 1) * np.clip(1 - np.abs(d) / 9, 0, 1)
            return (1.4 + 1.8 * roof) * thin

        whole = fields[f"hip_{key}"].shrunk(_apart([fields["sacrum"]]))
        out += [whole.painted(T.CORTICAL), whole.shrunk(hip_cortex).shrunk(
            _subchondral([fields["sacrum"]], 0.8)).painted(T.TRABECULAR)]
    for key in "RL":
        side = lm[key]
        f = _shifted(fields[f"femur_{key}"], shift[key])
        lt, kz = float(side["lesser_trochanter"][2]), float(side["knee"][2])

        def cortex(x: Array, y: Array, z: Array, lt: float = lt, kz: float = kz) -> Array:
            # thick along the shaft, thin again over the distal metaphysis and condyles
            shaft = np.clip((lt - 25 - z) / 60, 0, 1) * np.clip((z - kz - 60) / 70, 0, 1)
            return (1.4 + 4.3 * shaft) * thin

        out += [f.painted(T.CORTICAL), f.shrunk(cortex).painted(T.TRABECULAR)]
        axis_p, axis_d = side.shaft_axis
        axis_p = axis_p + shift[key]

        def canal(x: Array, y: Array, z: Array, lt: float = lt, kz: float = kz,
                  p: Array = axis_p, d: Array = axis_d) -> Array:
            # the medullary canal opens as a funnel below the proximal metaphysis and closes
            # as one above the distal metaphysis (trabecular bone at both ends), so that a
            # radiograph shows the trabeculae fading down the shaft, not ending at a line
            wobble = 8 * noise3d.noise(x, y, z, 25.0, 5)
            t = (z - p[2]) / d[2]
            r = np.hypot(x - p[0] - d[0] * t, y - p[1] - d[1] * t)
            open_ = np.minimum(np.clip((lt - 40 - z + wobble) / 50, 0, 1),
                               np.clip((z - kz - 80 - wobble) / 50, 0, 1))
            return r < 18 * open_

        out.append(Where(f.shrunk(cortex), canal).painted(T.MARROW, frozenset({T.TRABECULAR})))
        out += _lesser_trochanter(side, shift[key])
        # below the femur: patella, tibia and fibula (moved with the femur they articulate
        # with), cortex thickest along the tibial shaft
        knee = float(side["knee"][2])
        for name in ("patella", "tibia", "fibula"):
            g = _shifted(fields[f"{name}_{key}"], shift[key])

            def shin(x: Array, y: Array, z: Array, knee: float = knee) -> Array:
                return (1.2 + 2.5 * np.clip((knee - 60 - z) / 60, 0, 1)) * thin

            out += [g.painted(T.CORTICAL), g.shrunk(shin).painted(T.TRABECULAR)]
    return out


LT_MM = (10.0, 10.0, 14.0)  # the lesser trochanter: half-widths across and its height


def _lesser_trochanter(side: Side, shift: Array) -> list[Solid]:
    """The lesser trochanter as a knob of bone on the posteromedial femur at its measured
    point (the library's smoothed mesh leaves only a corner there, so an axial slice at
    the lesser trochanters showed none): corticated, its cancellous core open to the
    femur's."""
    s = side.s
    out = np.array([-s * 0.6, -0.8])  # posteromedial
    c = side["lesser_trochanter"] + shift - np.array([out[0], out[1], 0.0]) * 3.0  # broad base
    knob = Ellipsoid(c, LT_MM)
    soft = frozenset(range(256)) - {T.CORTICAL, T.TRABECULAR, T.MARROW}
    return [knob.painted(T.CORTICAL, soft),
            knob.shrunk(1.6).painted(T.TRABECULAR, frozenset({T.CORTICAL}))]


class Moved(Field):
    """A field moved by ``shift`` and scaled by ``k`` about ``centre`` (a femur seated in
    its acetabulum; a young woman's uterus from an older one's)."""

    def __init__(self, base: Field, shift: Array, k: float = 1.0,
                 centre: Array | None = None) -> None:
        c = np.zeros(3) if centre is None else np.asarray(centre, float)
        lo, hi = c + (base.lo - c) * k + shift, c + (base.hi - c) * k + shift
        super().__init__(base.sdf, base.grid, base.depth, (lo, hi))
        self.base, self.shift, self.k, self.centre = base, np.asarray(shift, float), k, c

    def distance(self, x: Array, y: Array, z: Array) -> Array:
        s, c, k = self.shift.tolist(), self.centre.tolist(), self.k
        return self.base.distance(c[0] + (x - s[0] - c[0]) / k, c[1] + (y - s[1] - c[1]) / k,
                                  c[2] + (z - s[2] - c[2]) / k) * k

    def shrunk(self, t) -> Field:
        inner = self.base.shrunk(t / self.k if not callable(t) else t)
        return Moved(inner, self.shift, self.k, self.centre)


def _shifted(f: Field, shift: np.ndarray) -> Field:
    return Moved(f, shift) if np.any(shift) else f


def _joint(fields: dict[str, Field], lm: Landmarks, shift: dict[str, np.ndarray]) -> list[Solid]:
    """Hip joints: fluid, capsule around the neck, cartilage on both surfaces, labrum."""
    out: list[Solid] = []
    soft = frozenset({T.FAT, *MUSCLES})
    for key in "RL":
        side = lm[key]
        c, ra, rh = side.acetabulum, side.acetabulum_r, side.head_r
        n = side.neck_axis
        length = float(np.dot(side["neck_base"] - c, n)) + 6.0
        femur = _shifted(fields[f"femur_{key}"], shift[key])

        def neck(x: Array, y: Array, z: Array, c: Array = c, n: Array = n,
                 length: float = length, reach: float = 0.62 * rh + 9.0,
                 rh: float = rh) -> Array:
            dx, dy, dz = x - c[0], y - c[1], z - c[2]
            t = dx * n[0] + dy * n[1] + dz * n[2]
            perp2 = dx * dx + dy * dy + dz * dz - t * t
            head = dx * dx + dy * dy + dz * dz < (rh + 8.0) ** 2
            return ((t > 0.2 * rh) & (t < length) & (perp2 < reach * reach)) | head

        # capsule (3 mm) over a thin layer of fluid and synovium (3.5 mm) around the neck:
        # the anterior recess of 6–8 mm that ultrasound shows
        out.append(Where(femur.shrunk(-6.5), neck).painted(T.CAPSULE, soft))
        out.append(Where(femur.shrunk(-3.5), neck).painted(T.JOINT, frozenset({T.CAPSULE})))
        cup = [fields[f"hip_{key}"].shrunk(-4.5)]
        for hb in cup:
            out.append(Intersection(Ellipsoid(c, [ra + 0.5] * 3), hb).painted(T.JOINT))
        out.append(Intersection(femur.shrunk(-2.0), Ellipsoid(c, [rh + 2.6] * 3)).painted(
            T.CARTILAGE))
        for hb in (fields[f"hip_{key}"],):
            out.append(Intersection(hb.shrunk(-2.0), Ellipsoid(c, [ra + 0.6] * 3)).painted(
                T.CARTILAGE, frozenset({T.JOINT, T.FAT, *MUSCLES})))
            rim = side.rim_normal
            ring = Intersection(hb.shrunk(-5.5), Ellipsoid(c, [ra + 6.0] * 3),
                                HalfSpace(c + rim * (0.08 * ra), rim))
            out.append(ring.painted(T.LABRUM, soft | {T.JOINT, T.CAPSULE}))
    return out


def _knees(fields: dict[str, Field], lm: Landmarks, shift: dict[str, np.ndarray]
           ) -> list[Solid]:
    """Knee joints: a thin layer of fluid and synovium round the femoral condyles and under
    the patella (inside the capsule), the measured articular cartilage and menisci (drawn
    as fibrocartilage, like the labrum), all painted before the bones."""
    out: list[Solid] = []
    soft = frozenset({T.FAT, *MUSCLES})
    for key in "RL":
        side = lm[key]
        k = side["knee"]
        femur = _shifted(fields[f"femur_{key}"], shift[key])
        box = Ellipsoid(k + shift[key] + np.array([0, 8, 18]), [48, 46, 58])
        out.append(Intersection(femur.shrunk(-3.0), box).painted(T.JOINT, soft))
        for bone in ("femur", "tibia", "patella"):  # articular cartilage, 2 mm
            g = _shifted(fields[f"{bone}_{key}"], shift[key])
            out.append(Intersection(g.shrunk(-2.0), box).painted(T.CARTILAGE, soft | {T.JOINT}))
        out.append(_shifted(fields[f"meniscus_{key}"], shift[key]).painted(
            T.LABRUM, soft | {T.JOINT}))
    return out


def _organs(fields: dict[str, Field], sex: str) -> list[Solid]:
    out: list[Solid] = []
    bowel = ("small_bowel", "colon", "sigmoid", "rectum")
    for name in bowel:
        if name not in fields:
            continue
        f = fields[name]
        seed = bowel.index(name) + 11
        lumen = f.shrunk(2.5)
        out.append(f.painted(T.WALL))
        fill = T.BOWEL if name == "small_bowel" else T.FECES
        out.append(lumen.painted(fill))
        cell, cut = (9.0, 0.45) if name == "small_bowel" else (6.0, 0.55)  # a few bubbles

        def gas(x: Array, y: Array, z: Array, seed: int = seed, cell: float = cell,
                cut: float = cut) -> Array:
            return noise3d.noise(x, y, z, cell, seed) > cut

        out.append(Where(lumen.shrunk(1.0), gas).painted(T.GAS))
    if "rectum" in fields:  # the measured rectum stops above the pelvic floor: its lower
        # part and the collapsed anal canal, bending forward and down through the levators
        r = fields["rectum"]
        x0, low = float((r.lo[0] + r.hi[0]) / 2), float(r.lo[2])
        path = [[x0, -63.0, low + 12], [x0, -52.0, low - 15], [x0, -42.0, low - 45]]
        canal = Tube(path, [14.0, 11.0, 9.0])
        out.append(canal.painted(T.WALL, frozenset({T.FAT})))
        out.append(Tube(path[:2], [10.0, 6.0]).painted(T.FECES, frozenset({T.WALL})))
    # a moderately filled bladder rising from the measured (empty) one's base to the level
    # of the acetabular roofs
    vb, _ = meshes.load(sex)["bladder"]
    lo, hi = vb.min(axis=0), vb.max(axis=0)
    base = np.array([(lo[0] + hi[0]) / 2, (lo[1] + hi[1]) / 2 + 6, lo[2] + 8])
    bladder = Ellipsoid(base + np.array([0, 4, 30]), [40, 30, 36])
    out.append(bladder.painted(T.WALL))
    out.append(bladder.shrunk(2.5).painted(T.URINE))
    if "uterus" in fields:  # the library's uterus is small and post-menopausal: a young
        # woman's (about 8 × 5 × 4 cm), anteverted over the bladder's dome, behind it
        u = fields["uterus"]
        c = (u.lo + u.hi) / 2
        tilt = np.radians(50)  # the long axis leans forward from the vertical
        axes = np.array([[1.0, 0.0, 0.0], [0.0, np.cos(tilt), -np.sin(tilt)],
                         [0.0, np.sin(tilt), np.cos(tilt)]])
        body = Ellipsoid(np.array([c[0], base[1] - 26, base[2] + 62]), [26, 19, 40], axes)
        out.append(body.painted(T.UTERUS, frozenset({T.FAT})))
        # the vagina, a collapsed flat tube between the bladder base and the rectum
        vagina = Ellipsoid(np.array([c[0], base[1] - 52, base[2] - 8]), [18, 8, 30],
                           axes)
        out.append(vagina.painted(T.WALL, frozenset({T.FAT})))
    return out


def _ileal_loops(lm: Landmarks) -> list[Solid]:
    """Loops of ileum hanging into the pelvis above the bladder (the measured small bowel
    lies higher): fluid-filled with a little gas, painted into pelvic fat only."""
    c = (lm["R"].acetabulum + lm["L"].acetabulum) / 2
    out: list[Solid] = []
    loops = ([[-40, -10, 62], [-20, -26, 50], [0, -36, 42], [18, -30, 48], [30, -12, 62]],
             [[36, -50, 72], [20, -58, 60], [-4, -54, 52], [-26, -46, 58], [-40, -38, 70]])
    for k, pts in enumerate(loops):
        path = [c + np.array(p, float) for p in pts]
        tube = Tube(path, [11.0] * len(path))
        out.append(tube.painted(T.WALL, frozenset({T.FAT})))
        out.append(tube.shrunk(2.0).painted(T.BOWEL, frozenset({T.WALL})))

        def gas(x: Array, y: Array, z: Array, k: int = k) -> Array:
            return noise3d.noise(x, y, z, 8.0, 40 + k) > 0.5

        out.append(Where(tube.shrunk(3.5), gas).painted(T.GAS, frozenset({T.BOWEL})))
    return out


FASCIA_MM = 3.0  # the fascia lata (and muscle edge) between femoral and subcutaneous fat
BOWEL = frozenset({T.WALL, T.BOWEL, T.FECES, T.GAS})  # what a vessel pushes aside
ARTERY_RADII = (5, 4.5, 4.3, 4, 3.6, 3.3, 3.3, 3.2, 3.0)  # mm at the knots of artery_course


def artery_course(lm: Landmarks, key: str) -> list[Array]:
    """Knots of the external iliac → common femoral → femoral artery of one side."""
    s, side, prom = SIDES[key], lm[key], lm.points["promontory"]
    h, r = side.head, side.head_r
    inguinal = (side["asis"] + side["pubic_tubercle"]) / 2
    return [np.array([s * 28, prom[1] + 18, prom[2] + 10]),
            np.array([s * 48, prom[1] + 28, prom[2] - 50]),
            inguinal + np.array([-s * 2, -14, 6]),
            h + np.array([-s * 14, r + 22, -28]),
            side.shaft(-150) + np.array([-s * 30, 30, 0]),
            side.shaft(-300) + np.array([-s * 24, 4, 0]),
            side.shaft(min(side["knee"][2] + 90, -340.0)) + np.array([-s * 14, -22, 0]),
            # (the adductor hiatus)
            side["knee"] + np.array([s * 2, -34, 25]),  # popliteal fossa
            side["knee"] + np.array([s * 4, -32, -80])]


def at_height(knots: Array, radii: Array, z):
    """(x, y, radius) of a vessel whose knots descend monotonically, at height(s) z."""
    zs = knots[::-1, 2]
    return (np.interp(z, zs, knots[::-1, 0]), np.interp(z, zs, knots[::-1, 1]),
            np.interp(z, zs, radii[::-1]))


def vein_course(lm: Landmarks, key: str) -> tuple[list[Array], list[float]]:
    """Knots and radii (mm) of the vein beside the artery, medial and a little deep to it:
    0 the iliac confluence, 2 the inguinal ligament, 3 the femoral triangle, 5 the lowest
    point (the segments of builder.illustrate.veins are stretches between knots)."""
    s, prom = SIDES[key], lm.points["promontory"]
    art = artery_course(lm, key)
    vein = [p + np.array([-s * 11, -5, 0]) for p in art[:6]]
    vein += [p + np.array([s * 2, -7, 0]) for p in art[6:]]  # behind the popliteal artery
    vein[0] = np.array([s * 22, prom[1] + 10, prom[2] + 4])
    return vein, [7.5, 7.5, 7, 6.5, 5.5, 5, 5, 5, 4.5]


def saphenous_course(lm: Landmarks, key: str) -> list[Array]:
    """The great saphenous vein: from the saphenofemoral junction in the groin down the
    medial thigh in the subcutaneous fat, behind the medial condyle at the knee."""
    s, side = SIDES[key], lm[key]
    junction = vein_course(lm, key)[0][3]
    return [junction + np.array([-s * 6, 4, 0]),
            side.shaft(-150) + np.array([-s * 62, 12, 0]),
            side.shaft(side["knee"][2] + 120) + np.array([-s * 66, -8, 0]),
            side["medial_condyle"] + np.array([-s * 22, -16, 0]),
            side["knee"] + np.array([-s * 50, -10, -90])]


def _vessels(lm: Landmarks) -> list[Solid]:
    """External iliac → common femoral → superficial femoral artery and vein, the profunda
    femoris, and the great saphenous vein in the fat of the medial thigh."""
    out: list[Solid] = []
    for key in "RL":
        s, side = SIDES[key], lm[key]
        art = artery_course(lm, key)
        vein, radii = vein_course(lm, key)
        out.append(Tube(vein, radii).painted(T.VEIN))
        out.append(Tube(art, ARTERY_RADII).painted(T.ARTERY))
        out.append(Tube(saphenous_course(lm, key), [3.0, 2.6, 2.4, 2.2, 2.0]).painted(
            T.VEIN, frozenset({T.FAT})))
        prof = [art[3] + np.array([0, -4, -22]), side.shaft(-120) + np.array([-s * 18, -6, 0]),
                side.shaft(-250) + np.array([-s * 14, -16, 0])]
        out.append(Tube(prof, [3.2, 2.8, 2.3]).painted(T.ARTERY))
        out.append(Tube([p + np.array([-s * 6, -3, 0]) for p in prof], [3.6, 3.2, 2.8]
                        ).painted(T.VEIN))
        nerve = sciatic_course(lm, key)
        out.append(_flattened(nerve, [8, 8, 7, 6], 3.5).painted(T.NERVE, MUSCLES | {T.FAT}))
    return out


def sciatic_course(lm: Landmarks, key: str) -> list[Array]:
    """Knots of the sciatic nerve: behind the hip on the short external rotators, then down
    the back of the thigh under the hamstrings."""
    s, side = SIDES[key], lm[key]
    h, r = side.head, side.head_r
    return [h + np.array([s * 2, -r - 26, 40]), h + np.array([s * 4, -r - 30, 0]),
            side.shaft(-150) + np.array([-s * 4, -38, 0]),
            side.shaft(-330) + np.array([0, -36, 0])]


def _flattened(knots: list[Array], radii: list[float], half: float,
               shift: Sequence[float] = (0.0, 0.0)) -> Solid:
    """A tube along ``knots`` flattened front to back to ``half`` mm either side of its
    centre line (moved by ``shift`` (x, y) mm), with an elliptical section: the broad, flat
    section of a large nerve, or of the fat plane that holds it."""
    return _Flat(np.array(knots, float) + np.array([shift[0], shift[1], 0.0]), radii, half)


class _Flat(Solid):
    """A ``Tube`` squashed in y about its centre line (see ``_flattened``)."""

    def __init__(self, pts: Array, radii: list[float], half: float) -> None:
        self.tube = Tube(pts, radii)
        self.zs, self.ys = pts[::-1, 2], pts[::-1, 1]
        self.k = max(radii) / half
        self.lo, self.hi = self.tube.lo, self.tube.hi

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        yc = np.interp(z, self.zs, self.ys).astype(np.float32)
        return self.tube.inside(x, yc + (y - yc) * self.k, z)

    def shrunk(self, t: float) -> Solid:
        raise NotImplementedError("a flattened tube is painted whole")


def _fat_pads(lm: Landmarks, fields: dict[str, Field]) -> tuple[list[Solid], list[Solid]]:
    """Fat that no muscle of the limb claims, as (pads, planes): the ischioanal fossae and
    the space behind the rectum, and the planes of the sciatic nerves between the gluteal
    muscles (which a mass forming in those muscles fills, as it does the planes between
    them, rather than being lined along them by its rim)."""
    out: list[Solid] = []
    planes: list[Solid] = []
    for key in "RL":
        s, side = SIDES[key], lm[key]
        it = side["ischial_tuberosity"]
        out.append(Ellipsoid(it + np.array([-s * 24, -8, 16]), [16, 22, 26]).painted(
            T.FAT, MUSCLES))
        # the sciatic nerve lies in the fat plane between gluteus maximus and the rotators:
        # a soft-tissue oval at one end of a thin band of fat of uneven outline (a ring round
        # it, or a smooth spindle, would read as a target)
        nerve = sciatic_course(lm, key)[:3]
        planes.append(Where(_flattened(nerve, [22, 22, 18], 5.5, (s * 15, -1.0)),
                            _ragged(nerve, 5.5, -1.0, 63 + (key == "L"))).painted(T.FAT,
                                                                                MUSCLES))
    out.append(_retrorectal(fields))
    return out, planes


PAD_KNOTS = 5  # a pad of fat beside each vessel from the iliac confluence to the thigh
RIND_MM = 2.0  # how far out from a vessel its pad is kept from forming bone
# where the fat lies beside the vessels, knot by knot: (medial, anterior) parts of a
# direction, how far (mm) the pad of fat reaches beyond the vessel that way and how far
# (mm) it tucks round the vessel's sides (the more, the more of the edge it covers). In the
# pelvis the extraperitoneal fat of the sidewall is medial and in front (psoas behind and
# lateral); in the femoral triangle the fat is in front and medial (iliopsoas and pectineus
# behind). Below, the adductor canal has its own fat (``_canal_fat``)
FAT_SIDE = ((0.8, 0.6, 8.0, 1.5), (0.8, 0.6, 8.0, 1.5), (0.7, 0.7, 7.0, 2.5),
            (0.35, 0.95, 6.0, 2.5), (0.6, 0.6, 4.0, 1.5))


def _fat_pad(key: str, pts: Sequence[Array], radii: Sequence[float], seed: int):
    """Where the pad of fat beside a vessel is, (x, y, z) -> bool: a lobulated blob on the
    vessel's fatty side (``FAT_SIDE``), centred beyond its edge, so that the round vessel
    sits at the pad's edge with fat over about half its edge and muscle touching the rest.
    (A thin even arc of fat round a disc reads as a bowel loop, a full ring as a target, a
    smooth dome as a gas bubble.)"""
    s = SIDES[key]
    k = np.array(pts, float)[::-1]
    zs, rr = k[:, 2], np.array(radii, float)[::-1]
    side = np.array(FAT_SIDE[:len(pts)], float)[::-1]
    n = np.hypot(side[:, 0], side[:, 1])
    mx, my = -s * side[:, 0] / n, side[:, 1] / n  # medial is towards the midline
    grow, tuck = side[:, 2], side[:, 3]

    def test(x: Array, y: Array, z: Array) -> Array:
        r, g = np.interp(z, zs, rr), np.interp(z, zs, grow)
        off = r + g - np.interp(z, zs, tuck)  # the pad's centre from the vessel's
        cx = np.interp(z, zs, k[:, 0]) + np.interp(z, zs, mx) * off
        cy = np.interp(z, zs, k[:, 1]) + np.interp(z, zs, my) * off
        lobes = 1 + 0.12 * noise3d.noise(x, y, z, 5.0, seed) \
            + 0.1 * noise3d.noise(x, y, z, 2.5, seed + 7)
        return np.hypot(x - cx, y - cy) <= (r + g) * lobes

    return test


def _ragged(knots: list[Array], half: float, dy: float, seed: int):
    """Where a flat band of fat along ``knots`` (``half`` mm either side of its centre
    line, moved ``dy`` mm) is present: whole near its middle, its edges wandering in and
    out over about a centimetre, so it is one plain band of uneven thickness (holes and
    separate blobs would read as shapes, even as letters)."""
    pts = np.array(knots, float)
    zs, ys = pts[::-1, 2], pts[::-1, 1] + dy

    def test(x: Array, y: Array, z: Array) -> Array:
        off = np.abs(y - np.interp(z, zs, ys).astype(np.float32)) / half
        return off < 0.55 + 0.4 * noise3d.noise(x, y, z, 10.0, seed)

    return test


def _lobulated(knots: list[Array], radii: list[float], seed: int):
    """Where a tube of fat along ``knots`` is present: its outline wanders in and out in
    lobules a few millimetres across (a smooth tube of fat in front of the vessels reads as
    a dome, even a gas bubble, on CT)."""
    pts = np.array(knots, float)[::-1]
    zs, rr = pts[:, 2], np.array(radii, float)[::-1]

    def test(x: Array, y: Array, z: Array) -> Array:
        d = np.hypot(x - np.interp(z, zs, pts[:, 0]), y - np.interp(z, zs, pts[:, 1]))
        edge = 0.8 + 0.15 * noise3d.noise(x, y, z, 5.0, seed) \
            + 0.3 * noise3d.noise(x, y, z, 9.0, seed + 1)
        return d < np.interp(z, zs, rr) * edge

    return test


def _canal_fat(lm: Landmarks, key: str) -> Solid:
    """The fat of the adductor canal round the superficial femoral artery and vein, under
    sartorius: a small lobulated pad behind the pair, towards the adductors, wrapping about
    the back half of each vessel, with a notch of it between them; their front rests on
    vastus medialis and sartorius. (A thin arc of fat round a vessel of muscle density
    reads as a bowel loop; fat all round the pair, as a target.)"""
    art, (vein, radii) = artery_course(lm, key), vein_course(lm, key)
    a, v = np.array(art[3:7], float)[::-1], np.array(vein[3:7], float)[::-1]
    ra, rv = np.array(ARTERY_RADII[3:7], float)[::-1], np.array(radii[3:7], float)[::-1]
    zs = a[:, 2]
    seed = 66 + (key == "L")

    def test(x: Array, y: Array, z: Array) -> Array:
        ax, ay = np.interp(z, zs, a[:, 0]), np.interp(z, zs, a[:, 1])
        ex, ey = np.interp(z, zs, v[:, 0]) - ax, np.interp(z, zs, v[:, 1]) - ay
        t = np.clip(((x - ax) * ex + (y - ay) * ey) / np.maximum(ex * ex + ey * ey, 1e-6),
                    0, 1)
        d = np.hypot(x - ax - t * ex, y - ay - t * ey)
        r = np.interp(z, zs, ra) * (1 - t) + np.interp(z, zs, rv) * t
        n = np.hypot(ex, ey) + 1e-6
        nx, ny = ey / n, -ex / n  # normal to the pair's line, turned to point backwards
        flip = np.where(ny > 0, -1.0, 1.0)
        behind = ((x - ax) * nx + (y - ay) * ny) * flip
        lobes, edge = noise3d.noise(x, y, z, 6.0, seed), noise3d.noise(x, y, z, 5.0, seed + 2)
        deep = (d <= r + 5.5 + 1.5 * lobes) & (behind > -0.8 + 1.6 * edge)
        # round their sides a thin, uneven film (up to 2.5 mm), so each vessel shows as a
        # dot on its own fat, not a crown below it; sartorius rests on their fronts
        film = d <= r + np.where(behind > -r * 0.6, 1.3, 0.2) \
            + 1.0 * noise3d.noise(x, y, z, 3.5, seed + 4)
        return deep | film

    reach = [max(p, q) + 14.0 for p, q in zip(ARTERY_RADII[3:7], radii[3:7], strict=True)]
    mid = [(p + q) / 2 for p, q in zip(art[3:7], vein[3:7], strict=True)]
    return Where(Tube(mid, reach), test).painted(T.FAT, MUSCLES)


def _neurovascular_fat(lm: Landmarks, under_fascia: Solid) -> tuple[list[Solid], list[Solid]]:
    """The fat the iliac and femoral vessels run in, painted after the pelvic muscles and
    the bowel (a loop lies beside the vessels, never round them), as (rinds, the rest): a
    pad on the fatty side of each vessel (``_fat_pad``); in the pelvis the extraperitoneal
    fat on the medial side of psoas, open to the pelvic fat; in the groin the lobulated fat
    of the femoral triangle in front of and medial to them, under the fascia lata (a thin
    layer short of the subcutaneous fat); in the thigh the fat of the adductor canal. Only
    the rinds (the pads' first ``RIND_MM``, the canal's fat) are kept from swollen muscle
    and forming bone; the rest gives way to them."""
    rinds: list[Solid] = []
    rest: list[Solid] = []
    # below the inguinal ligament iliopsoas keeps its bulk: the artery lies on it, the fat
    # in front does not eat into it
    softer = MUSCLES - {mus.code(n, k) for n in ("iliacus", "psoas") for k in "RL"}
    for key in "RL":
        s = SIDES[key]
        art = artery_course(lm, key)
        vein, radii = vein_course(lm, key)
        medial = [p + np.array([-s * 14, 2, 0]) for p in vein[:3]]
        rest.append(Tube(medial, [14, 14, 6]).painted(T.FAT, MUSCLES))
        # in the femoral triangle nothing but fat and the fascia lata lies in front of them
        # (up to the fascia lata in front, a thin line under the subcutaneous fat: a pocket
        # closed all round by muscle reads as a dome)
        mid = [(a + v) / 2 + np.array([-s * 3, 11, 0]) for a, v in zip(art[2:5], vein[2:5],
                                                                        strict=True)]
        front = [0.6 * mid[0] + 0.4 * mid[1], mid[1], mid[2]]  # below the inguinal ligament
        rest.append(Intersection(Where(Tube(front, [12, 14, 10]), _lobulated(
            front, [10, 12, 8], 64 + (key == "L"))), under_fascia).painted(T.FAT, softer))
        n = PAD_KNOTS
        for pts, rr, seed, eats in ((art[:n], ARTERY_RADII[:n], 61, softer),
                                    (vein[:n], radii[:n], 62, MUSCLES)):
            reach = [q + 2 * g for q, (_, _, g, _) in zip(rr, FAT_SIDE, strict=False)]
            pad = _fat_pad(key, pts, rr, seed)
            # (in the pelvis the sidewall fat lies on psoas; below the inguinal ligament)
            for part, what in ((slice(0, 3), MUSCLES), (slice(2, n), eats)):
                rest.append(Intersection(Where(Tube(pts[part], reach[part]), pad),
                                         under_fascia).painted(T.FAT, what))
            # next to the vessel the pad is kept from forming bone (the rest gives way)
            rinds.append(Intersection(Where(Tube(pts, [q + RIND_MM for q in rr]), pad),
                                      under_fascia).painted(T.FAT, MUSCLES))
            # a loop of bowel on the fatty side is held off the vessel by a line of fat
            rinds.append(Where(Tube(pts, [q + 2.5 for q in rr]), pad).painted(T.FAT, BOWEL))
        rinds.append(_canal_fat(lm, key))
    return rinds, rest


BED_MM = 8.0  # how far from a femoral vessel its fat is made partial


def _vessel_beds(lm: Landmarks, limb: Sequence, deep: Solid, cavity: Solid) -> list[Solid]:
    """Below the pelvic brim, off the pad of fat beside each vessel (``_fat_pad``), the nearest
    limb muscle reaches the vessel from behind and the sides: what no muscle claimed round
    the vessels was fat all round them, a dark ring on CT. In front of them the fat of the
    femoral triangle stays (nothing but fat and the fascia lata lies there). Only under the
    deep fascia and outside the pelvic cavity."""
    out: list[Solid] = []
    for key in "RL":
        art = artery_course(lm, key)
        vein, radii = vein_course(lm, key)
        for pts, rr, seed in ((art[:5], ARTERY_RADII[:5], 61), (vein[:5], radii[:5], 62)):
            zs, ys = np.array(pts)[::-1, 2], np.array(pts)[::-1, 1]
            fatty = _fat_pad(key, pts, rr, seed)

            def bare(x: Array, y: Array, z: Array, fatty=fatty, zs: Array = zs,
                     ys: Array = ys) -> Array:
                behind = y < np.interp(z, zs, ys) + 1.0
                return behind & ~fatty(x, y, z) & deep.inside(x, y, z) \
                    & ~cavity.inside(x, y, z)

            bed = Where(Tube(pts, [q + BED_MM for q in rr]), bare)
            pk = Packed(limb, bed, 1e3, frozenset({T.FAT}))
            pk.lo, pk.hi = bed.lo, bed.hi
            out.append(pk)
    return out


def _retrorectal(fields: dict[str, Field]) -> Solid:
    """Fat, not muscle, between the rectum and the sacrum and coccyx (the presacral space)
    and, below the coccyx, between the two buttocks (the anococcygeal and intergluteal fat):
    gluteus maximus arises lateral to the coccyx and never crosses in front of it. The
    measured bones' front is found along the midline, height by height."""
    bone = [fields["sacrum"], fields["coccyx"]]
    lo = float(fields["coccyx"].lo[2])
    zs = np.arange(lo - 60.0, lo + 75.0, 5.0)
    ys = np.arange(-20.0, -200.0, -1.0)
    yy, zz = np.meshgrid(ys, zs)
    hit = _distance(bone, np.zeros_like(yy), yy, zz) <= 0
    front = np.where(hit.any(axis=1), ys[np.argmax(hit, axis=1)], np.nan)
    back = np.where(np.isnan(front), -200.0, front)
    wide = np.where(np.isnan(front), 13.0, 24.0)
    return Union(Sweep(zs, 0.0, (back - 20.0) / 2, wide, (-20.0 - back) / 2),
                 Sweep(zs, 0.0, -110.0, 9.0, 90.0)).painted(T.FAT, MUSCLES)


def _strut(a: Sequence[float], b: Sequence[float], height: float, width: float) -> Ellipsoid:
    """An ellipsoid from ``a`` to ``b`` (a pedicle, lamina or process): ``height`` its
    half-extent across it nearest the cranio-caudal axis, ``width`` the third."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    u = (b - a) / np.linalg.norm(b - a)
    up = np.array([0.0, 0.0, 1.0]) - u[2] * u
    up /= np.linalg.norm(up)
    return Ellipsoid((a + b) / 2, [np.linalg.norm(b - a) / 2, height, width],
                     np.array([u, up, np.cross(u, up)]))


@dataclass(frozen=True)
class Vertebra:
    """A lumbar vertebra: its body from ``z0`` (the lower end plate) ``h`` mm high, ``a`` and
    ``b`` its half-width and half-depth about ``cy``; its transverse processes ``tp`` mm in
    half-height, reaching ``reach`` mm beyond the pedicles and climbing ``rise`` mm."""

    z0: float
    h: float
    a: float
    b: float
    cy: float
    tp: float
    reach: float
    rise: float

    def body(self, t: float = 0.0) -> Solid:
        """The body, ``t`` mm inside its surface: waisted, with rounded rims and end plates
        dished towards the nucleus (so that an AP film shows curved end-plate lines)."""
        z0, h, a, b, cy = self.z0, self.h, self.a - t, self.b - t, self.cy
        round_ = max(2.0 - t, 0.2)
        waist = np.array([0.0, 0.75, 1.0, 0.75, 0.0])  # a curved concavity, 4.5 mm deep
        sweep = Sweep(z0 + np.array([2, 0.3 * h, 0.5 * h, 0.7 * h, h - 2]), 0, cy,
                      a - 4.5 * waist, b - 2 * waist, 0, 2.4, (round_, round_))
        dishes = [Ellipsoid([0, cy + 1, z], [0.8 * self.a + t, 0.75 * self.b + t, 3.0 + t])
                  for z in (z0, z0 + h)]
        return Difference(sweep, *dishes)

    def parts(self) -> list[Solid]:
        """Pedicles (elliptic tubes seen end-on: the ovals of an AP film), laminae, spinous,
        transverse and articular processes (ellipsoids), without the body."""
        z0, h = self.z0, self.h
        back = self.cy - self.b  # the posterior wall of the body
        p = 0.64 * self.a  # the pedicles' centres from the midline
        out: list[Solid] = []
        for s in (-1, 1):
            out += [
                Intersection(Ellipsoid([s * p, back, z0 + 0.64 * h], [4.8, 200.0, 7.5]),
                             HalfSpace([0, back + 6, 0], [0, -1, 0]),
                             HalfSpace([0, back - 15, 0], [0, 1, 0])),  # pedicle
                _strut([s * (p + 1), back - 12, z0 + 0.55 * h], [0, back - 24, z0 + 0.3 * h],
                       9.0, 3.2),  # lamina
                _strut([s * (p + 2), back - 6, z0 + 0.6 * h],
                       [s * (p + 2 + self.reach), back - 11, z0 + 0.6 * h + self.rise],
                       self.tp, 6.0),  # transverse process
                _strut([s * (p + 2), back - 13, z0 + 0.7 * h], [s * (p + 4), back - 17, z0 + h + 7],
                       5.0, 4.0),  # superior articular process
                _strut([s * (p - 4), back - 20, z0 + 0.35 * h], [s * (p - 5), back - 23, z0 - 8],
                       5.0, 4.0),  # inferior articular process
            ]
        out.append(_strut([0, back - 18, z0 + 0.45 * h], [0, back - 44, z0 + 0.05 * h], 7.0,
                          5.0))  # spinous process
        return out


def lumbar(lm: Landmarks) -> tuple[Vertebra, Vertebra]:
    """L5 and L4 over the measured sacrum: L5 10 mm above S1 (the disc), L4 11 mm above L5."""
    top, prom = lm.points["s1_top"], lm.points["promontory"]
    cy = float(prom[1]) - 18  # the S1 body is about 36 mm deep
    l5 = Vertebra(float(top[2]) + 10, 27, 26, 17.5, cy, 9.0, 28, 8)
    return l5, Vertebra(l5.z0 + l5.h + 11, 27, 25, 17, cy + 3, 6.0, 30, 3)


def _spine(lm: Landmarks) -> list[Solid]:
    """L5 and L4 above the sacrum (the library's pelvis stops at the sacrum): every part's
    cortex first and then every cancellous core (so the parts merge without seams), the
    discs (filling the end plates' dishes) only where there is no bone."""
    l5, l4 = lumbar(lm)
    not_bone = frozenset(range(256)) - {T.CORTICAL, T.TRABECULAR, T.MARROW}
    out: list[Solid] = [Sweep([v.z0 - d - 2, v.z0 + 2], 0, v.cy, v.a + 0.5, v.b + 0.5).painted(
        T.DISC, not_bone) for v, d in ((l5, 10.0), (l4, 11.0))]
    parts = l5.parts() + l4.parts()
    out += [v.body().painted(T.CORTICAL) for v in (l5, l4)]
    out += [part.painted(T.CORTICAL) for part in parts]
    out += [v.body(1.6).painted(T.TRABECULAR) for v in (l5, l4)]
    out += [part.shrunk(1.4).painted(T.TRABECULAR) for part in parts]
    return out


@lru_cache(maxsize=4)
def build(hab: Habitus) -> Body:
    """The body of ``hab`` in painting order (cached per process)."""
    fields = body_fields(hab.sex)
    lm = landmarks(hab.sex)
    shift = {k: lm[k].acetabulum - lm[k].head for k in "RL"}
    # the head is trimmed where the measured cartilage space is under 3.6 mm
    fields = dict(fields)
    for k in "RL":
        trim = max(0.0, 3.6 - (lm[k].acetabulum_r - lm[k].head_r))
        if trim > 0:
            f = fields[f"femur_{k}"]
            fields[f"femur_{k}"] = Field(f.sdf, f.grid, trim, (f.lo, f.hi))
    skin_f = fields["skin"]
    floor = float(meshes.load(hab.sex)["skin"][0][:, 1].min()) + 6.0  # below the smoothing
    couch = floor + 14.0  # the buttocks pressed flat on the couch
    skin = Resting(skin_f, couch)
    fat = _fat_depth(hab.sex)
    deep = skin.shrunk(lambda x, y, z: fat(x, y, z) + 6.0 * hab.atrophy)  # muscle wasting
    under_fascia = skin.shrunk(lambda x, y, z: fat(x, y, z) + 6.0 * hab.atrophy + FASCIA_MM)
    shrink = 1.0 - 0.2 * hab.atrophy
    scale = {f"{n}_{k}": shrink for n in mus.NAMES for k in "RL"}
    allm = mus.build(lm, _surfaces(skin), scale)
    limb = [m for m in allm if m.name not in mus.PELVIC_ONLY]
    pelvic = [m for m in allm if m.name in mus.CAVITY]
    cavity = _cavity(lm)
    (pads, planes), (rinds, sheaths) = _fat_pads(lm, fields), _neurovascular_fat(lm,
                                                                                 under_fascia)
    # the room of the limb's muscles (and of what swells or forms in them): the deep
    # compartment less the fat that no muscle claims
    room = Difference(deep, *pads, *planes, *rinds)
    solids: list[Solid] = [skin.painted(T.SKIN), skin.shrunk(2.0).painted(T.FAT)]
    # atrophic muscles claim less of the compartment: intermuscular fat widens
    solids.append(Packed(limb, room, 4.0 * (1 - 0.45 * hab.atrophy), frozenset({T.FAT})))
    solids += pads + planes
    solids.append(Intersection(cavity, deep).painted(T.FAT, MUSCLES))
    solids.append(Packed(pelvic, Intersection(cavity, deep), 1.6, frozenset({T.FAT})))
    solids += _organs(fields, hab.sex)
    solids += _ileal_loops(lm)
    solids += sheaths + rinds
    solids += _vessel_beds(lm, limb, deep, cavity)
    solids += _vessels(lm)
    solids += _joint(fields, lm, shift)
    solids += _knees(fields, lm, shift)
    solids += _bones(fields, lm, hab, shift)
    solids += _spine(lm)
    def inset(t: Depth) -> Solid:  # (not less the fat pads: where a forming mass paints
        # over a pad's muscle, its centre must be there too, or its rim is left without one)
        return skin.shrunk(lambda x, y, z: fat(x, y, z) + 6.0 * hab.atrophy
                           + (t(x, y, z) if callable(t) else t))

    return Body(hab, tuple(solids), lm, fields, shift, couch, tuple(allm), room, cavity, inset,
                tuple(planes))
