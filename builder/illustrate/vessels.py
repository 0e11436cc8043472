"""The deep vein of each side as geometry the vein pictures share: its course, its section
at any height, and what the scene does to it there (a thrombus filling it, a lesion pressing
on it). CT venography, compression ultrasound and the venogram all draw the vein from here,
so the same scene shows the same vein on every modality.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from builder.illustrate import phantom, veins
from builder.illustrate.body.build import Body, at_height, vein_course
from builder.illustrate.scene import Kind, Scene

Array = np.ndarray
TAPER_MM = 30.0  # a compression eases off over a few centimetres above and below the mass


@dataclass(frozen=True)
class Section:
    """The vein at one height: centre (x, y) mm, radius mm, ``clot`` ('' | 'acute' |
    'chronic'), ``squeeze`` 0 (open) … 1 (most narrowed by a lesion), and ``push``: unit
    (x, y) direction from the pressing lesion towards the vein."""

    x: float
    y: float
    r: float
    clot: str = ""
    squeeze: float = 0.0
    push: tuple[float, float] = (0.0, 0.0)
    lesion: int = -1  # which lesion presses (scene order), −1 none


def course(b: Body, key: str) -> tuple[Array, Array]:
    """Knots (x, y, z) mm and radii (mm) of the deep vein of side ``key``."""
    return _course_of(b.habitus, key)


@lru_cache(maxsize=8)
def _course_of(hab: object, key: str) -> tuple[Array, Array]:
    from builder.illustrate.body.build import build

    pts, radii = vein_course(build(hab).landmarks, key)
    return np.array(pts, float), np.array(radii, float)


def knot_z(b: Body, key: str, t: float) -> float:
    """Height of position ``t`` (knots) along the vein."""
    pts, _ = course(b, key)
    return float(np.interp(t, np.arange(len(pts)), pts[:, 2]))


def segment_z(b: Body, key: str, word: str) -> tuple[float, float]:
    """(top, bottom) heights of a named segment."""
    return veins.heights(course(b, key)[0][:, 2], word)


def reach(b: Body, key: str) -> tuple[float, float]:
    """(top, bottom) heights the vein spans."""
    pts, _ = course(b, key)
    return float(pts[0, 2]), float(pts[-1, 2])


def centre(b: Body, key: str, z: float) -> tuple[float, float, float]:
    """(x, y, radius) of the vein's centreline at height z (knots descend monotonically)."""
    x, y, r = at_height(*course(b, key), z)
    return float(x), float(y), float(r)


def _pressing(scene: Scene, b: Body, key: str, z: float) -> tuple[float, tuple[float, float], int]:
    from builder.illustrate.lesions import lobes, side_key

    x, y, _ = centre(b, key, z)
    best = (0.0, (0.0, 0.0), -1)
    for i, les in enumerate(scene.lesions):
        if les.compresses is None or side_key(les) != key:
            continue
        top, bottom = segment_z(b, key, les.compresses)
        mass = lobes(b, les)
        lo = float((mass.c[:, 2] - mass.r.max(axis=1)).min())
        hi = float((mass.c[:, 2] + mass.r.max(axis=1)).max())
        if min(hi, top) <= max(lo, bottom):  # the mass does not reach the named vein
            continue
        out = max(lo - z, z - hi, 0.0)
        k = float(np.clip(1 - out / TAPER_MM, 0, 1))
        k = 0.5 - 0.5 * np.cos(np.pi * k)
        if k <= best[0]:
            continue
        if mass.presses is not None:  # the lobe laid behind the vein flattens it on itself
            d = -np.asarray(mass.ax[mass.presses][2][:2], float)
        else:  # one direction per lesion: the mass as a whole pushes the vein aside
            near = mass.c.mean(axis=0)
            d = np.array([x - near[0], y - near[1]])
        n = float(np.hypot(*d))
        d = d / n if n > 1e-6 else np.array([0.0, -1.0])
        best = (k, (float(d[0]), float(d[1])), i)
    return best


def section(scene: Scene, key: str, z: float) -> Section | None:
    """The vein of side ``key`` at height z with what the scene does to it there, or None
    where the vein does not run."""
    b = phantom.body(scene.body)
    top, bottom = reach(b, key)
    if not bottom <= z <= top:
        return None
    x, y, r = centre(b, key, z)
    clot = ""
    for th in scene.thrombi:
        if ("L" if th.side == "left" else "R") != key:
            continue
        t0, t1 = segment_z(b, key, th.vein)
        if t1 <= z <= t0:
            clot = str(th.age)
    squeeze, push, which = _pressing(scene, b, key, z)
    return Section(x, y, r, clot, squeeze, push, which)


def masks(sec: Section, xx: Array, yy: Array, probe_press: float = 0.0
          ) -> tuple[Array, Array, Array]:
    """(vein, lumen, thrombus) masks of a section on a grid of millimetre coordinates.

    An acute thrombus distends the vein and fills it but for a thin rim; a chronic one is
    smaller and eccentric around a narrow channel. A pressing lesion flattens the vein along
    its push and moves it away; the probe (``probe_press`` 0…1) flattens it from the front
    unless thrombus holds it open.
    """
    r = sec.r * {"": 1.0, "acute": 1.3, "chronic": 0.85}[sec.clot]
    dx, dy = np.asarray(sec.push, float)
    # semi-axis along the push: at most halved, so the pressed vein stays an opacified oval
    # about 2:1 and half its area, flattened against the mass, not a sliver
    k = 1.0 - 0.5 * sec.squeeze
    cx = sec.x + dx * sec.r * 0.5 * sec.squeeze
    cy = sec.y + dy * sec.r * 0.5 * sec.squeeze
    u = (xx - cx) * dx + (yy - cy) * dy
    v = -(xx - cx) * dy + (yy - cy) * dx
    if sec.squeeze <= 0:
        u, v = xx - cx, yy - cy
        k = 1.0
    a_u, a_v = r * k, r * (1 + 0.35 * (1 - k))
    if probe_press > 0:  # flattened from the front (y) by the probe
        hold = {"": 0.0, "acute": 1.0, "chronic": 0.85}[sec.clot]
        fy = 1.0 - probe_press * 0.9 * (1 - hold)
        yy2 = cy + (yy - cy) / fy
        xx2 = cx + (xx - cx) / (1 + 0.25 * (1 - fy))
        ex, ey = (dx, dy) if sec.squeeze > 0 else (1.0, 0.0)
        u = (xx2 - cx) * ex + (yy2 - cy) * ey
        v = -(xx2 - cx) * ey + (yy2 - cy) * ex
    vein = (u / a_u) ** 2 + (v / a_v) ** 2 <= 1.0
    if sec.clot == "acute":
        inner = (u / max(a_u - 1.2, 0.5)) ** 2 + (v / max(a_v - 1.2, 0.5)) ** 2 <= 1.0
        return vein, vein & ~inner, inner
    if sec.clot == "chronic":
        chan = ((u - 0.45 * a_u) / (0.3 * a_u)) ** 2 + (v / (0.3 * a_v)) ** 2 <= 1.0
        return vein, vein & chan, vein & ~chan
    return vein, vein, np.zeros_like(vein)


def label(scene: Scene, key: str, z: float) -> str:
    """The vein's name at a height, for captions ('common femoral vein')."""
    b = phantom.body(scene.body)
    for word, seg in veins.SEGMENTS.items():
        top, bottom = segment_z(b, key, word)
        if bottom <= z <= top:
            return seg.label
    return "vein"


def has_haematoma(scene: Scene) -> bool:
    return any(les.kind == Kind.HAEMATOMA for les in scene.lesions)
