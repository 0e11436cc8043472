"""Bony landmarks read off the meshes by their anatomical definitions.

Muscles, vessels, the hip joint and the lesion sites are placed relative to these points, so
they follow the measured skeleton of each body (a woman's wider pelvis, a man's longer femur)
instead of numbers typed for one body. Each point is found by a rule a radiologist would use:
the anterior superior iliac spine is the most anterior point of the iliac crest region, the
ischial tuberosity the lowest point of the ischium, and so on. Millimetres, patient
coordinates; per-side values are keyed 'R' and 'L'.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from builder.illustrate.anatomy import meshes

SIDES = {"R": -1.0, "L": 1.0}


def fit_sphere(points: np.ndarray) -> tuple[np.ndarray, float]:
    a = np.c_[2 * points, np.ones(len(points))]
    c, *_ = np.linalg.lstsq(a, (points ** 2).sum(1), rcond=None)
    return c[:3], float(np.sqrt(c[3] + (c[:3] ** 2).sum()))


def _refine(points: np.ndarray, c: np.ndarray, r: float, band: tuple[float, float],
            rounds: int = 6) -> tuple[np.ndarray, float]:
    for _ in range(rounds):
        d = np.linalg.norm(points - c, axis=1)
        sel = points[(d > r + band[0]) & (d < r + band[1])]
        c, r = fit_sphere(sel)
    return c, r


@dataclass
class Side:
    """Landmarks of one side (mm). ``s`` is −1 on the right, +1 on the left."""

    s: float
    head: np.ndarray = field(default_factory=lambda: np.zeros(3))
    head_r: float = 0.0
    acetabulum: np.ndarray = field(default_factory=lambda: np.zeros(3))
    acetabulum_r: float = 0.0
    rim_normal: np.ndarray = field(default_factory=lambda: np.zeros(3))
    points: dict[str, np.ndarray] = field(default_factory=dict)
    shaft_axis: tuple[np.ndarray, np.ndarray] = (np.zeros(3), np.zeros(3))
    neck_axis: np.ndarray = field(default_factory=lambda: np.zeros(3))

    def __getitem__(self, name: str) -> np.ndarray:
        return self.points[name]

    def shaft(self, z: float) -> np.ndarray:
        """Point on the femoral shaft axis at height z."""
        p, d = self.shaft_axis
        return p + d * (z - p[2]) / d[2]


@dataclass
class Landmarks:
    sides: dict[str, Side]
    points: dict[str, np.ndarray]

    def __getitem__(self, side: str) -> Side:
        return self.sides[side]


def _femur(side: Side, v: np.ndarray) -> None:
    top = v[v[:, 2] > v[:, 2].max() - 45]
    medial = np.abs(top[:, 0]) < np.percentile(np.abs(top[:, 0]), 45)
    c, r = _refine(v, *fit_sphere(top[medial]), (-0.15 * 25, 0.15 * 25))
    side.head, side.head_r = c, r
    s = side.s
    lateral = v[(s * (v[:, 0] - c[0]) > 30) & (v[:, 2] > c[2] - 60)]
    side.points["greater_trochanter"] = lateral[np.argmax(lateral[:, 2])]
    side.points["trochanter_lateral"] = lateral[np.argmax(s * lateral[:, 0])]
    band = v[(v[:, 2] < c[2] - 35) & (v[:, 2] > c[2] - 80)]
    score = -s * band[:, 0] * 0.6 - band[:, 1] * 0.8  # posteromedial prominence
    side.points["lesser_trochanter"] = band[np.argmax(score)]
    lt = side.points["lesser_trochanter"][2]
    cents = []
    for z in np.arange(lt - 40, v[:, 2].min() + 20, -10.0):
        ring = v[np.abs(v[:, 2] - z) < 2.5]
        if len(ring) > 10:
            cents.append(ring.mean(axis=0))
    cents = np.array(cents)
    mean = cents.mean(axis=0)
    d = np.linalg.svd(cents - mean)[2][0]
    side.shaft_axis = (mean, d if d[2] > 0 else -d)
    neck = v[(np.linalg.norm(v - c, axis=1) > r + 8) & (np.linalg.norm(v - c, axis=1) < r + 22)
             & (s * (v[:, 0] - c[0]) > 0)]
    axis = neck.mean(axis=0) - c
    side.neck_axis = axis / np.linalg.norm(axis)
    side.points["neck_base"] = c + side.neck_axis * (r + 28)
    side.points["shaft_top"] = side.shaft(lt - 10)


def _knee(side: Side, femur: np.ndarray, tibia: np.ndarray, patella: np.ndarray,
          fibula: np.ndarray) -> None:
    """The knee: the joint centre midway between the lowest femoral condyle and the tibial
    plateau (the plateau's upper rim, not the spines), the condyles, the patella, the
    tibial tuberosity and the fibular head."""
    s = side.s
    low = femur[femur[:, 2] < femur[:, 2].min() + 30]
    plateau = float(np.percentile(tibia[:, 2], 97))
    line = (femur[:, 2].min() + plateau) / 2
    centre = low.mean(axis=0)
    side.points["knee"] = np.array([centre[0], centre[1], line])
    side.points["medial_condyle"] = low[np.argmin(s * low[:, 0])]
    side.points["lateral_condyle"] = low[np.argmax(s * low[:, 0])]
    side.points["patella"] = patella.mean(axis=0)
    band = tibia[(tibia[:, 2] < line - 25) & (tibia[:, 2] > line - 45)]
    side.points["tibial_tuberosity"] = band[np.argmax(band[:, 1])]
    side.points["fibular_head"] = fibula[np.argmax(fibula[:, 2])]


def _hip_bone(side: Side, ilium: np.ndarray, ischium: np.ndarray, pubis: np.ndarray) -> None:
    s, c0 = side.s, side.head
    bone = np.concatenate([ilium, ischium, pubis])
    c, r = _refine(bone, c0, side.head_r + 4, (-4, 4))
    side.acetabulum, side.acetabulum_r = c, r
    cup = bone[np.abs(np.linalg.norm(bone - c, axis=1) - r) < 3]
    opening = c - cup.mean(axis=0)
    side.rim_normal = opening / np.linalg.norm(opening)
    p = side.points
    upper = ilium[ilium[:, 2] > c[2] + 40]
    p["asis"] = upper[np.argmax(upper[:, 1])]
    p["psis"] = upper[np.argmin(upper[:, 1])]
    p["crest_top"] = ilium[np.argmax(ilium[:, 2])]
    crest = ilium[ilium[:, 2] > p["crest_top"][2] - 30]
    p["iliac_tubercle"] = crest[np.argmax(s * crest[:, 0])]
    low = ilium[(ilium[:, 2] > c[2] + 12) & (ilium[:, 2] < c[2] + 40)
                & (s * (ilium[:, 0] - c[0]) > -25)]
    p["aiis"] = low[np.argmax(low[:, 1])]
    p["ischial_tuberosity"] = ischium[np.argmin(ischium[:, 2] + 0.3 * ischium[:, 1])]
    mid = ischium[(ischium[:, 2] > c[2] - 15) & (ischium[:, 2] < c[2] + 15)]
    p["ischial_spine"] = mid[np.argmin(s * mid[:, 0] + 0.3 * mid[:, 1])]
    near = pubis[s * pubis[:, 0] < 35]
    p["pubic_tubercle"] = near[np.argmax(near[:, 1])]
    p["symphysis"] = near[np.argmin(s * near[:, 0])]
    p["iliopubic_eminence"] = c + np.array([-s * 0.35, 0.75, 0.55]) * (r + 6)
    # obturator foramen: the empty space between pubis and ischium, below the acetabulum
    rami = np.concatenate([ischium, pubis])
    cand = c + np.array([-s * 22.0, 8.0, -42.0])
    for _ in range(8):
        d = np.linalg.norm((rami - cand)[:, 1:], axis=1)
        close = rami[np.argsort(d)[:60]]
        cand = cand + 0.5 * (cand - close.mean(axis=0)) * np.array([0, 1, 1])
    p["obturator"] = cand
    wing = ilium[(ilium[:, 2] > c[2] + 50) & (ilium[:, 2] < c[2] + 90)]
    p["iliac_fossa"] = wing.mean(axis=0)
    p["gluteal_surface"] = wing[np.argmax(s * wing[:, 0] - wing[:, 1] * 0.3)]


@lru_cache(maxsize=2)
def landmarks(sex: str) -> Landmarks:
    """Every landmark of one body."""
    m = meshes.load(sex)
    sides: dict[str, Side] = {}
    for key, s in SIDES.items():
        side = Side(s)
        _femur(side, m[f"femur_{key}"][0])
        _knee(side, m[f"femur_{key}"][0], m[f"tibia_{key}"][0], m[f"patella_{key}"][0],
              m[f"fibula_{key}"][0])
        _hip_bone(side, m[f"ilium_{key}"][0], m[f"ischium_{key}"][0], m[f"pubis_{key}"][0])
        sides[key] = side
    sac = m["sacrum"][0]
    top = sac[sac[:, 2] > sac[:, 2].max() - 20]
    pts = {
        "promontory": top[np.argmax(top[:, 1])],
        "s1_top": top.mean(axis=0),
        "sacral_apex": sac[np.argmin(sac[:, 2])],
        "coccyx_tip": m["coccyx"][0][np.argmin(m["coccyx"][0][:, 2])],
    }
    pts["sacral_ala_R"] = top[np.argmin(top[:, 0])]
    pts["sacral_ala_L"] = top[np.argmax(top[:, 0])]
    return Landmarks(sides, pts)
