"""Tissue codes of the phantom and the tissue mix of a lesion at a given maturity.

A voxel holds one small integer. Normal tissues have fixed codes; every muscle group has its
own code (same physics) so that the boundaries between groups can be drawn as fat planes on CT
and fascia on ultrasound. Lesion voxels encode which lesion and which zone they belong to; the
physics of a zone depends on the lesion's maturity, so each renderer turns codes into values
through a per-scene lookup table built from :func:`zone_mix`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np


class T(IntEnum):
    """Normal tissue codes."""

    AIR = 0
    SKIN = 1
    FAT = 2
    URINE = 3
    BOWEL = 4
    ARTERY = 5
    VEIN = 6
    CARTILAGE = 7
    CORTICAL = 8
    TRABECULAR = 9
    MARROW = 10
    DISC = 11
    CAPSULE = 12
    GAS = 13
    FECES = 14
    UTERUS = 15
    LABRUM = 16
    JOINT = 17  # synovial fluid and synovium inside the capsule
    NERVE = 18
    WALL = 19  # bladder and bowel wall


MUSCLE_FIRST = 20  # one code per named muscle and side (body.muscles.code)
MUSCLE_LAST = 71
LESION_FIRST = 72
ZONES = 4  # per lesion: halo, rim, core, vascular focus
HALO, RIM, CORE, FOCUS = range(ZONES)
MAX_LESIONS = (256 - LESION_FIRST) // ZONES

MUSCLES = frozenset(range(MUSCLE_FIRST, MUSCLE_LAST + 1))
SOFT = frozenset({T.FAT, *MUSCLES})
BONE = frozenset({T.CORTICAL, T.TRABECULAR, T.MARROW})


def lesion_code(index: int, zone: int) -> int:
    return LESION_FIRST + ZONES * index + zone


def is_muscle(codes: np.ndarray) -> np.ndarray:
    return (codes >= MUSCLE_FIRST) & (codes <= MUSCLE_LAST)


def is_joint(codes: np.ndarray) -> np.ndarray:
    """Joint, cartilage, capsule and labrum: where NHO never is."""
    return np.isin(codes, (T.JOINT, T.CARTILAGE, T.CAPSULE, T.LABRUM))


def lesion_index(codes: np.ndarray) -> np.ndarray:
    """Lesion number of each code, −1 where the code is not a lesion."""
    idx = (codes.astype(np.int32) - LESION_FIRST) // ZONES
    return np.where(codes >= LESION_FIRST, idx, -1)


def lesion_zone(codes: np.ndarray) -> np.ndarray:
    """Zone of each lesion code (HALO, RIM, CORE or FOCUS), −1 where it is not a lesion."""
    return np.where(codes >= LESION_FIRST, (codes.astype(np.int32) - LESION_FIRST) % ZONES, -1)


@dataclass(frozen=True)
class Mix:
    """What one lesion zone is made of, in modality-neutral terms.

    mineral: fraction of cortical-bone mineral density (0 none, 1 cortical bone);
    water: oedema (0 normal soft tissue, 1 fully oedematous);
    trabecular: strength of a trabecular texture (0..1);
    fat: fraction of fatty marrow between the trabeculae (mature bone);
    uptake: bone-tracer activity relative to normal cortical bone (delayed phase);
    perfusion: blood flow and blood volume relative to normal muscle (contrast enhancement,
    flow and blood-pool phases, Doppler).
    """

    mineral: float
    water: float
    trabecular: float
    fat: float
    uptake: float
    perfusion: float


def _at(m: float, xs: list[float], ys: list[float]) -> float:
    return float(np.interp(m, xs, ys))


def oedema(m: float) -> float:
    """How oedematous and swollen the host muscle is (1 at injury, gone by maturity ~0.45)."""
    return _at(m, [0, 0.25, 0.45], [1.0, 0.55, 0.0])


def uptake(m: float) -> float:
    """Delayed-phase tracer uptake of forming bone relative to normal cortex: none before
    mineral forms (the delayed images turn positive at about 24 days, Orzel and Rudd 1985),
    peak while mineralising and still intense while maturing, falling towards normal bone
    only late (Shehab et al 2002); maturity 0.7 is still marked, 0.9 moderate."""
    return _at(m, [0, 0.06, 0.15, 0.35, 0.6, 0.7, 0.8, 0.9, 1.0],
               [0.0, 0.15, 2.4, 3.4, 3.4, 3.2, 2.6, 1.6, 1.15])


def perfusion(m: float) -> float:
    """Hyperaemia (flow and blood-pool phases, Doppler): present from the start, before any
    mineral (about 17 days), fading as the lesion matures."""
    return _at(m, [0, 0.1, 0.35, 0.7, 1.0], [2.2, 2.6, 2.2, 1.3, 1.0])


def rim_thickness(m: float) -> float:
    """Millimetres of peripheral mineral (0 before mineralisation starts)."""
    # the rim thickens while mineralising, then condenses into a thin, dense cortex
    return _at(m, [0, 0.12, 0.2, 0.3, 0.6, 0.8, 1.0], [0, 0, 2.2, 3.4, 4.0, 2.0, 1.6])


def halo_thickness(m: float) -> float:
    """Millimetres of oedema around the mass once the muscle has stopped swelling."""
    return _at(m, [0.45, 0.6, 0.85, 1.0], [3, 2, 0, 0])


def zone_mix(zone: int, m: float) -> Mix:
    """Tissue mix of one zone of a lesion at maturity ``m`` (0 oedema … 1 mature bone)."""
    u, p = uptake(m), perfusion(m)
    if zone == HALO:
        return Mix(0.0, _at(m, [0, 0.45, 1], [1.0, 0.5, 0.3]), 0.0, 0.0, 0.25 * u, 0.8 * p)
    if zone == RIM:
        mineral = _at(m, [0, 0.12, 0.3, 0.6, 0.8, 1.0], [0, 0, 0.5, 0.7, 0.85, 0.95])
        water = _at(m, [0, 0.3, 0.6, 1.0], [1, 0.6, 0.2, 0])
        return Mix(mineral, water, 0.0, 0.0, u, p)
    if zone == CORE:
        mineral = _at(m, [0, 0.3, 0.5, 0.8, 1.0], [0, 0.02, 0.06, 0.17, 0.22])
        water = _at(m, [0, 0.35, 0.6, 1.0], [1, 0.9, 0.4, 0])
        trab = _at(m, [0, 0.45, 0.8, 1.0], [0, 0, 0.7, 1.0])
        fat = _at(m, [0, 0.55, 1.0], [0, 0, 0.6])
        return Mix(mineral, water, trab, fat, 0.8 * u, 0.9 * p)
    # vascular focus: active, hyperaemic, unmineralised tissue at the lesion's edge
    return Mix(0.0, 0.8, 0.0, 0.0, 0.3 * u, 1.6 * p)
