"""The phantom: pelvis and proximal thighs as ordered analytic solids, and their sampling.

One body for every modality (the Shepp–Logan idea applied to teaching). Solids are painted in
order, later over earlier: skin, fat, muscles, vessels and organs, then bones (all cortices of
a bone group before its interiors, so fused parts have no internal cortex), then lesions, which
replace only soft tissue. Millimetres; patient's left = +x, anterior = +y, cranial = +z; the
femoral head centres are at (±85, 0, 0).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from builder.illustrate.lesions import lesion_solids
from builder.illustrate.scene import Lesion
from builder.illustrate.solids import (
    Difference,
    Ellipsoid,
    HalfSpace,
    Solid,
    Sweep,
    Tube,
    paint_grid,
    paint_points,
)
from builder.illustrate.tissues import T

HEAD_X, HEAD_R = 85.0, 23.0
NECK_DIR = np.array([0.74, -0.17, -0.65]) / np.linalg.norm([0.74, -0.17, -0.65])
MUSCLES = frozenset(range(16, 41))  # named muscles are drawn only within the deep compartment
LEVEL_Z = {"superior": 30.0, "inferior": -10.0, "thigh": -100.0}


class M:
    """Muscle-group codes (one per group; same physics, distinct fascial boundaries)."""

    ILIOPSOAS, GLUT_MAX, GLUT_MED, TFL, SARTORIUS, RECTUS_FEM, VASTI, ADDUCTORS = range(16, 24)
    HAMSTRINGS, OBT_INT, PECTINEUS, RECTUS_ABD, OBLIQUES, PARASPINAL, PIRIFORMIS = range(24, 31)
    OBT_EXT, GRACILIS, LEVATOR, GLUT_MIN, QUAD_FEM, GEMELLI, FILL = range(31, 38)


def shaft_centre(s: float, z: float) -> tuple[float, float]:
    """Femoral shaft axis at height z (anatomical axis runs medially towards the knee)."""
    x = float(np.interp(z, [-300, -55], [100, 124]))
    return s * x, float(np.interp(z, [-300, -55], [2, -4]))


def head_centre(s: float) -> np.ndarray:
    return np.array([s * HEAD_X, 0.0, 0.0])


def neck_axis(s: float) -> np.ndarray:
    return NECK_DIR * np.array([s, 1.0, 1.0])


def _mx(s: float, pts: Sequence[Sequence[float]]) -> list[list[float]]:
    return [[s * p[0], p[1], p[2]] for p in pts]


def _sweep(s: float, z, cx, cy, a, b, theta=0.0, power=2.0, caps=(6.0, 6.0)) -> Sweep:
    """A sweep on side ``s`` (x and rotation mirrored), rounded at both ends by default."""
    cxs = [s * v for v in (cx if isinstance(cx, (list, tuple)) else [cx] * len(z))]
    ths = [s * v for v in (theta if isinstance(theta, (list, tuple)) else [theta] * len(z))]
    return Sweep(z, cxs, cy, a, b, ths, power, caps)


def _outline(s_list: Sequence[float] = (-1, 1)) -> list[Solid]:
    """Skin and subcutaneous fat, then the deep compartments: generic muscle (the groups
    below are drawn over it and meet it at fascial planes), the pelvic cavity's fat and, above
    the pelvis, the abdominal contents."""
    z, cy = [-72, -60, -20, 0, 60, 130, 240], [-34, -32, -30, -30, -28, -25, -20]
    a, b = [140, 165, 182, 180, 172, 162, 158], [80, 92, 100, 100, 106, 110, 112]
    trunk = Sweep(z, 0, cy, a, b, 0, 2.2, (26.0, 0.0))
    shapes: list[Solid] = [trunk]
    thighs = []
    for s in s_list:
        thighs.append(_sweep(s, [-330, -100, -55, -20], [86, 100, 104, 106],
                             [-12, -16, -22, -25], [70, 86, 90, 74], [70, 86, 92, 80],
                             caps=(0.0, 24.0)))
        shapes.append(thighs[-1])
        shapes.append(Ellipsoid([s * 72, -88, -22], [80, 52, 72]))  # buttock
    out = [sh.painted(T.SKIN) for sh in shapes] + [sh.shrunk(2.0).painted(T.FAT) for sh in shapes]
    deep = Sweep(z, 0, [v + 6 for v in cy], [v - 20 for v in a], [v - 24 for v in b], 0, 2.2,
                 (8.0, 0.0))
    out.append(deep.painted(M.FILL, frozenset({T.FAT})))
    out += [th.shrunk(14.0).painted(M.FILL) for th in thighs]
    out += [b.shrunk(26.0).painted(M.FILL) for b in shapes[2::2]]  # under the buttocks
    return out


def _cavities() -> list[Solid]:
    """Pelvic fat and abdominal contents, carved out of the generic muscle only (painted after
    the named muscles, so those inside the pelvis stay)."""
    fill = frozenset({M.FILL})
    return [
        Sweep([85, 240], 0, [-22, -15], [140, 136], [76, 82], 0, 2.2, (30.0, 0.0)
              ).painted(T.BOWEL, fill),
        Sweep([-62, -40, -10, 20, 50, 75], 0, [-52, -48, -26, -20, -20, -22],
              [34, 42, 46, 50, 56, 60], [26, 32, 52, 56, 56, 50], 0, 2.0, (10.0, 20.0)
              ).painted(T.FAT, fill),
    ]


def _muscles(s: float) -> list[Solid]:
    """Muscle groups of one side; neighbours overlap so that they meet at fascial planes."""
    sw = _sweep
    parts = [
        (M.VASTI, sw(s, [-330, -160, -100, -60, -42], [104, 112, 120, 124, 128],
                     [8, 6, 6, 0, -4], [38, 44, 44, 38, 24], [38, 42, 42, 36, 22])),
        (M.ADDUCTORS, sw(s, [-300, -160, -100, -60, -36], [76, 66, 60, 52, 42],
                         [-20, -16, -12, 0, 10], [28, 38, 38, 30, 18], [34, 44, 42, 28, 14])),
        (M.GRACILIS, sw(s, [-300, -100, -45], [40, 30, 26], [-26, -12, 6], 8, [14, 13, 9])),
        (M.HAMSTRINGS, sw(s, [-330, -160, -100, -68], [92, 96, 98, 74], [-52, -60, -62, -52],
                          [34, 34, 32, 16], [28, 26, 24, 14])),
        (M.QUAD_FEM, Tube(_mx(s, [[62, -50, -52], [118, -32, -50]]), [10, 10])),
        (M.OBT_EXT, sw(s, [-45, -25, -10], [62, 72, 84], [6, 4, 0], [16, 20, 12], [9, 10, 7])),
        (M.PECTINEUS, sw(s, [-80, -40, -8], [62, 50, 40], [18, 28, 32], [10, 14, 14], [9, 9, 8],
                         -30)),
        (M.ILIOPSOAS, sw(s, [-60, -35, -10, 10, 30, 60, 100, 140, 200, 240],
                         [104, 95, 85, 84, 84, 80, 86, 74, 48, 42],
                         [-10, 14, 38, 38, 32, 4, -2, -8, -28, -28],
                         [10, 16, 24, 24, 24, 32, 44, 40, 22, 20],
                         [10, 13, 14, 15, 16, 16, 16, 18, 20, 20],
                         [0, 10, 10, 10, 15, 50, 48, 40, 10, 0])),
        (M.SARTORIUS, sw(s, [-330, -200, -100, -30, 20, 80], [58, 62, 72, 108, 124, 136],
                         [0, 22, 40, 46, 44, 38], [12, 13, 14, 12, 10, 6], [8, 8, 8, 7, 7, 5],
                         -30)),
        (M.RECTUS_FEM, sw(s, [-330, -200, -100, -40, 0, 40], [100, 104, 106, 110, 110, 108],
                          [30, 42, 46, 42, 34, 28], [16, 20, 20, 14, 10, 7],
                          [9, 12, 13, 10, 9, 6])),
        (M.TFL, sw(s, [-170, -110, -50, 0, 50, 90], [150, 160, 162, 152, 145, 136],
                   [-6, 4, 14, 28, 32, 34], [6, 8, 10, 11, 11, 7], [12, 17, 18, 16, 10, 7],
                   [-60, -60, -50, -35, -30, -30])),
        (M.GLUT_MED, sw(s, [-25, -10, 10, 30, 70, 110, 145], [160, 160, 152, 140, 138, 138, 128],
                        [-16, -18, -24, -30, -30, -22, -16], [16, 24, 34, 36, 46, 50, 36],
                        [8, 10, 15, 16, 20, 16, 12], [90, 90, 70, 62, 54, 48, 45])),
        (M.GLUT_MIN, sw(s, [-18, 5, 30, 70, 100], [150, 142, 122, 114, 120], [-2, 2, -14, -10, -4],
                        [14, 18, 30, 40, 30], [7, 8, 9, 9, 8], [90, 80, 58, 52, 48])),
        (M.GLUT_MAX, sw(s, [-115, -80, -40, -10, 30, 70, 110, 140],
                        [138, 132, 114, 102, 92, 75, 55, 40],
                        [-46, -60, -90, -102, -104, -102, -100, -98],
                        [22, 34, 58, 70, 64, 52, 36, 22], [12, 18, 26, 26, 24, 22, 18, 12],
                        [50, 45, 30, 28, 25, 20, 12, 5])),
        (M.PIRIFORMIS, Tube(_mx(s, [[28, -78, 70], [70, -64, 40], [118, -34, 10], [138, -20, 0]]),
                            [14, 12, 9, 6])),
        (M.OBT_INT, sw(s, [-30, -10, 15, 40], [50, 48, 50, 54], [-24, -14, -8, -4],
                       [5, 6, 7, 5], [20, 28, 30, 24])),
        (M.GEMELLI, Tube(_mx(s, [[50, -42, -8], [88, -50, -12], [128, -30, -16]]), [6, 7, 6])),
        (M.LEVATOR, sw(s, [-45, -25, 0], [22, 30, 40], [-38, -42, -46], [18, 16, 8], [5, 5, 5],
                       [-30, -35, -40])),
        (M.RECTUS_ABD, sw(s, [-25, 30, 120, 240], [14, 28, 38, 42], [48, 52, 58, 64],
                          [10, 22, 28, 30], [6, 7, 8, 8])),
        (M.OBLIQUES, sw(s, [60, 120, 240], [140, 150, 148], [10, 0, -12], [40, 55, 62], [5, 8, 9],
                        [-60, -62, -65])),
        (M.PARASPINAL, sw(s, [80, 130, 240], [28, 32, 36], [-112, -108, -105], [14, 26, 30],
                          [10, 16, 22])),
    ]
    return [solid.painted(code, MUSCLES) for code, solid in parts]


def _organs() -> list[Solid]:
    out: list[Solid] = [
        Ellipsoid([0, 22, 14], [48, 32, 36]).painted(T.URINE),
        Sweep([-40, 0, 40, 80], 0, [-62, -68, -74, -72], [14, 16, 17, 15], [14, 16, 17, 15]
              ).painted(T.BOWEL),
        Ellipsoid([2, -70, 30], [9, 8, 22]).painted(T.GAS),
        Ellipsoid([-30, 10, 125], [45, 30, 25]).painted(T.BOWEL),  # sigmoid / small bowel loops
        Ellipsoid([-28, 12, 128], [16, 12, 10]).painted(T.GAS),
        Ellipsoid([40, 30, 150], [38, 26, 30]).painted(T.BOWEL),
        Ellipsoid([46, 32, 152], [14, 10, 10]).painted(T.GAS),
    ]
    for s in (-1, 1):
        art = _mx(s, [[42, -18, 150], [58, -8, 90], [64, 22, 40], [60, 44, 0], [64, 42, -40],
                      [72, 28, -110], [70, 8, -220], [68, -5, -330]])
        vein = _mx(s, [[28, -24, 150], [48, -14, 90], [54, 18, 40], [48, 40, 0], [54, 38, -40],
                       [64, 22, -110], [62, 0, -220], [60, -12, -330]])
        out.append(Tube(vein, [8] * 3 + [6.5] * 3 + [5] * 2).painted(T.VEIN))
        out.append(Tube(art, [5.5] * 3 + [4.5] * 3 + [4] * 2).painted(T.ARTERY))
    return out


def _bones_pelvis() -> list[Solid]:
    """Hip bones, sacrum and the lowest lumbar vertebrae (cortex first, then interiors)."""
    cortex: list[tuple[Solid, float]] = []
    for s in (-1, 1):
        h = head_centre(s)
        opening = np.array([0.70 * s, 0.30, -0.65])
        cup = Difference(Ellipsoid(h, [37, 37, 37]), Ellipsoid(h, [25.5] * 3),
                         HalfSpace(h - 2 * opening / np.linalg.norm(opening), opening))
        wing = _sweep(s, [22, 40, 70, 100, 120, 132, 140, 146],
                      [86, 88, 95, 104, 110, 114, 116, 114],
                      [-22, -24, -24, -20, -16, -13, -12, -12], [46, 54, 62, 66, 64, 56, 44, 24],
                      [16, 10, 6, 4.5, 4.5, 5, 5, 4], [52, 52, 52, 49, 47, 45, 45, 45],
                      caps=(10.0, 5.0))
        cortex += [
            (cup, 2.0), (wing, 1.6),
            (Ellipsoid([s * 88, -10, 28], [18, 22, 14]), 2.0),  # supra-acetabular body
            (Ellipsoid([s * 50, -72, 80], [9, 14, 34]), 2.0),  # posterior ilium at the SI joint
            (_sweep(s, [-66, -40, -10, 22], [60, 64, 68, 72], [-48, -44, -38, -28],  # ischium
                    [15, 11, 12, 14], [16, 20, 20, 22], [0, 20, 30, 30], caps=(12, 0)), 2.5),
            (Ellipsoid([s * 50, -52, 4], [8, 6, 8]), 1.5),  # ischial spine
            (_sweep(s, [-22, 0, 26], [58, 58, 60], [-8, -6, -4], [28, 30, 26], [4, 4, 4], 90,
                    caps=(4, 0)), 1.2),  # quadrilateral plate
            (Tube(_mx(s, [[74, 18, -6], [46, 34, -20], [14, 40, -30]]), [12, 9, 10]),
             2.0),  # superior pubic ramus
            (Ellipsoid([s * 14, 36, -40], [11, 9, 17]), 2.0),  # pubic body
            (Tube(_mx(s, [[16, 34, -52], [38, 0, -62], [58, -40, -66]]), [8, 7, 10]),
             2.0),  # inferior pubic ramus
            (Tube(_mx(s, [[46, -62, 66], [62, -36, 40], [62, -4, 22], [48, 22, 2], [26, 38, -16]]),
                  [6, 6, 6, 6, 5]), 2.0),  # pelvic brim (arcuate / iliopectineal line)
        ]
    sacrum = Sweep([-14, 10, 40, 80, 120, 150], 0, [-100, -102, -98, -88, -70, -58],
                   [6, 12, 24, 40, 48, 50], [5, 8, 12, 17, 20, 22], 0, 2.0, (6.0, 0.0))
    cortex.append((sacrum, 2.0))
    for z0, z1 in ((158, 184), (192, 220)):  # L5, L4 bodies and posterior elements
        cortex.append((Sweep([z0, z1], 0, -42, 26, 19), 2.0))
        cortex.append((Tube([[0, -66, z0 + 6], [0, -96, z0]], [7, 6]), 2.0))
        cortex.append((Tube([[-48, -52, z0 + 10], [48, -52, z0 + 10]], [6, 6]), 2.0))
    out = [c.painted(T.CORTICAL) for c, _ in cortex]
    out += [c.shrunk(t).painted(T.TRABECULAR) for c, t in cortex]
    out.append(Sweep([-58, -22], 0, 36, 2.0, 10).painted(  # pubic symphysis
        T.DISC, frozenset({T.CORTICAL, T.TRABECULAR})))
    for z0 in (150, 185):
        out.append(Sweep([z0, z0 + 7], 0, -42, 26, 19).painted(T.DISC))
    bone = frozenset({T.CORTICAL, T.TRABECULAR})
    for k, z in enumerate((132, 110, 88, 68)):  # sacral foramina (nerve roots in fat)
        for s in (-1, 1):
            x = s * (24 - 2.5 * k)
            out.append(Tube([[x, -120, z], [x, -40, z + 10]], [5.5 - 0.6 * k] * 2).painted(
                T.FAT, bone))
    for z0 in (158, 192):  # pedicles, seen end-on in a frontal view
        for s in (-1, 1):
            out += [Tube([[s * 17, -58, z0 + 14], [s * 17, -72, z0 + 14]], [7, 7]).painted(
                T.CORTICAL), Tube([[s * 17, -55, z0 + 14], [s * 17, -75, z0 + 14]], [4.5, 4.5]
                                  ).painted(T.TRABECULAR, frozenset({T.CORTICAL}))]
    return out


def _bones_femur(s: float) -> list[Solid]:
    h, u = head_centre(s), neck_axis(s)
    base = h + 52 * u
    sx, sy = shaft_centre(s, -80)
    parts: list[tuple[Solid, float]] = [
        (Ellipsoid(h, [HEAD_R] * 3), 1.5),
        (Tube([h + 12 * u, h + 34 * u, base], [16, 14.5, 19]), 2.5),
        (Ellipsoid([s * 138, -12, -26], [16, 22, 27]), 2.0),  # greater trochanter
        (Ellipsoid([s * 124, -8, -48], [20, 18, 24]), 2.5),  # intertrochanteric region
        (Ellipsoid([s * 108, -18, -60], [9, 8, 10]), 2.0),  # lesser trochanter
        (_sweep(s, [-300, -80, -55], [100, abs(sx), 124], [2, sy, -4], 15, 15), 5.5),
    ]
    out = [Ellipsoid(h, [HEAD_R + 2.2] * 3).painted(T.CARTILAGE)]
    out.append(Tube([h + 14 * u, base - 6 * u], [21, 24]).painted(T.CAPSULE, frozenset(
        {T.CARTILAGE, *range(16, 41), T.FAT})))
    out += [p.painted(T.CORTICAL) for p, _ in parts]
    out += [p.shrunk(t).painted(T.TRABECULAR) for p, t in parts]
    out.append(_sweep(s, [-300, -75], [100, 125], [2, -4], 8.5, 8.5).painted(T.MARROW))
    return out


@lru_cache(maxsize=1)
def anatomy() -> tuple[Solid, ...]:
    """The normal phantom, in painting order."""
    out = _outline()
    for s in (-1, 1):
        out += _muscles(s)
    out += _cavities()
    out += _organs()
    out += _bones_pelvis()
    for s in (-1, 1):
        out += _bones_femur(s)
    return tuple(out)


def solids(lesions: Sequence[Lesion]) -> list[Solid]:
    return list(anatomy()) + lesion_solids(lesions)


def sample_points(lesions: Sequence[Lesion], x: np.ndarray, y: np.ndarray,
                  z: np.ndarray) -> np.ndarray:
    """Tissue codes at arbitrary points (any shape; x, y, z broadcast together)."""
    x, y, z = np.broadcast_arrays(*(np.asarray(v, np.float32) for v in (x, y, z)))
    labels = np.zeros(x.size, np.uint8)
    paint_points(labels, solids(lesions), x.ravel(), y.ravel(), z.ravel())
    return labels.reshape(x.shape)


def sample_axial(lesions: Sequence[Lesion], z: float, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Tissue codes on an axial plane: rows follow ``ys``, columns ``xs``."""
    labels = np.zeros((1, len(ys), len(xs)), np.uint8)
    order = np.argsort(ys)
    paint_grid(labels, solids(lesions), np.asarray(xs, np.float32),
               np.asarray(ys, np.float32)[order], np.array([z], np.float32))
    out = np.empty_like(labels[0])
    out[order] = labels[0]
    return out


@dataclass(frozen=True)
class Volume:
    """Tissue codes on a grid (index order z, y, x); axes ascending, millimetres."""

    labels: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    zs: np.ndarray


GRID_X = (-216.0, 216.0, 1.5)
GRID_Y = (-150.0, 110.0, 1.5)
GRID_Z = (-165.0, 225.0, 1.5)


def _axis(spec: tuple[float, float, float]) -> np.ndarray:
    lo, hi, step = spec
    return np.arange(lo + step / 2, hi, step, dtype=np.float32)


@lru_cache(maxsize=1)
def _base_volume() -> Volume:
    xs, ys, zs = _axis(GRID_X), _axis(GRID_Y), _axis(GRID_Z)
    labels = np.zeros((len(zs), len(ys), len(xs)), np.uint8)
    paint_grid(labels, anatomy(), xs, ys, zs)
    labels.setflags(write=False)
    return Volume(labels, xs, ys, zs)


@lru_cache(maxsize=4)
def volume(lesions: tuple[Lesion, ...]) -> Volume:
    """The phantom with these lesions on the projection grid (cached: renderers share it)."""
    base = _base_volume()
    if not lesions:
        return base
    labels = base.labels.copy()
    paint_grid(labels, lesion_solids(lesions), base.xs, base.ys, base.zs)
    labels.setflags(write=False)
    return Volume(labels, base.xs, base.ys, base.zs)
