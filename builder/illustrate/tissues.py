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


MUSCLE_FIRST, MUSCLE_LAST = 16, 40  # one code per muscle group (see phantom.MUSCLES)
LESION_FIRST = 64
ZONES = 4  # per lesion: halo, rim, core, vascular focus
HALO, RIM, CORE, FOCUS = range(ZONES)
MAX_LESIONS = (256 - LESION_FIRST) // ZONES

SOFT = frozenset({T.FAT, T.SKIN, T.CAPSULE, *range(MUSCLE_FIRST, MUSCLE_LAST + 1)})
BONE = frozenset({T.CORTICAL, T.TRABECULAR, T.MARROW})


def lesion_code(index: int, zone: int) -> int:
    return LESION_FIRST + ZONES * index + zone


def is_muscle(codes: np.ndarray) -> np.ndarray:
    return (codes >= MUSCLE_FIRST) & (codes <= MUSCLE_LAST)


def lesion_index(codes: np.ndarray) -> np.ndarray:
    """Lesion number of each code, −1 where the code is not a lesion."""
    idx = (codes.astype(np.int32) - LESION_FIRST) // ZONES
    return np.where(codes >= LESION_FIRST, idx, -1)


@dataclass(frozen=True)
class Mix:
    """What one lesion zone is made of, in modality-neutral terms.

    mineral: fraction of cortical-bone mineral density (0 none, 1 cortical bone);
    water: oedema (0 normal soft tissue, 1 fully oedematous);
    trabecular: strength of a trabecular texture (0..1);
    uptake: bone-tracer activity relative to normal cortical bone;
    perfusion: contrast enhancement relative to normal muscle.
    """

    mineral: float
    water: float
    trabecular: float
    uptake: float
    perfusion: float


def _at(m: float, xs: list[float], ys: list[float]) -> float:
    return float(np.interp(m, xs, ys))


def uptake(m: float) -> float:
    """Tracer uptake of forming bone: positive from the start (blood pool, early osteoblastic
    activity), peak while mineralising, falling to that of normal bone when mature."""
    return _at(m, [0, 0.1, 0.35, 0.6, 0.8, 1.0], [2.2, 3.6, 4.2, 3.6, 2.2, 1.1])


def rim_thickness(m: float) -> float:
    """Millimetres of peripheral mineral (0 before mineralisation starts)."""
    return _at(m, [0, 0.12, 0.2, 0.3, 0.6, 1.0], [0, 0, 1.8, 2.6, 3.2, 3.6])


def halo_thickness(m: float) -> float:
    """Millimetres of surrounding oedema, which resolves as the lesion matures."""
    return _at(m, [0, 0.3, 0.6, 0.85, 1.0], [7, 5, 2, 0, 0])


def zone_mix(zone: int, m: float) -> Mix:
    """Tissue mix of one zone of a lesion at maturity ``m`` (0 oedema … 1 mature bone)."""
    u = uptake(m)
    if zone == HALO:
        return Mix(0.0, _at(m, [0, 1], [1.0, 0.4]), 0.0, 0.35 * u * (1 - m), 0.2)
    if zone == RIM:
        mineral = _at(m, [0, 0.12, 0.3, 0.6, 1.0], [0, 0, 0.4, 0.72, 1.0])
        water = _at(m, [0, 0.3, 0.6, 1.0], [1, 0.6, 0.2, 0])
        return Mix(mineral, water, 0.0, u, 0.25)
    if zone == CORE:
        mineral = _at(m, [0, 0.35, 0.5, 0.75, 1.0], [0, 0.02, 0.09, 0.2, 0.26])
        water = _at(m, [0, 0.35, 0.6, 1.0], [1, 0.9, 0.4, 0])
        trab = _at(m, [0, 0.45, 0.8, 1.0], [0, 0, 0.7, 1.0])
        return Mix(mineral, water, trab, 0.85 * u, 0.2)
    # vascular focus: active, hyperaemic, unmineralised tissue inside the lesion
    return Mix(0.0, 0.8, 0.0, 1.1 * u, 1.3)
