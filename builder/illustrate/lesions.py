"""Lesions as solids: where each site sits around the hip, and its zones at a maturity.

A lesion is a lobulated mass in the muscles of its site. Its zones (tissues.py) are a halo of
oedema around the mass, a peripheral rim (where mineral appears first, the "zone phenomenon")
and a core; a vascular focus sits inside the core when the lesion is marked vascular. The mass
replaces only soft tissue, so a large lesion abuts bone, and an extensive one bridges the joint.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from builder.illustrate.scene import Extent, Lesion, Site
from builder.illustrate.solids import Ellipsoid, Solid, Tube, Union
from builder.illustrate.tissues import (
    CORE,
    FOCUS,
    HALO,
    MAX_LESIONS,
    RIM,
    SOFT,
    halo_thickness,
    lesion_code,
    rim_thickness,
)

SCALE = {Extent.SMALL: 0.65, Extent.MODERATE: 1.0, Extent.EXTENSIVE: 1.3}

# Left-side geometry (x mirrored for the right): lobes as (centre, radii), bridge as a tube that
# joins the two bones across the joint when the lesion is extensive.
_SITES: dict[Site, dict] = {
    Site.ANTERIOR: dict(
        lobes=[((90, 36, -6), (21, 12, 32)), ((104, 34, 18), (14, 10, 18))],
        bridge=([(106, 30, 42), (112, 30, 10), (122, 16, -40)], 9)),
    Site.LATERAL: dict(
        lobes=[((152, -6, 22), (11, 22, 30)), ((146, 6, 0), (9, 14, 18))],
        bridge=([(132, -12, 58), (150, -10, 24), (150, -10, 0)], 8)),
    Site.POSTERIOR: dict(
        lobes=[((104, -56, -8), (24, 13, 30)), ((126, -48, -22), (14, 11, 18))],
        bridge=([(92, -40, 14), (112, -46, -8), (134, -34, -30)], 8)),
    Site.MEDIAL: dict(
        lobes=[((62, 12, -40), (14, 17, 26)), ((76, 2, -56), (12, 12, 16))],
        bridge=([(50, 12, -52), (78, 0, -58), (106, -14, -60)], 8)),
    Site.SUPERIOR: dict(
        lobes=[((130, -2, 50), (15, 24, 22)), ((140, -10, 26), (10, 16, 14))],
        bridge=([(124, -8, 70), (140, -8, 36), (142, -10, 2)], 8)),
    Site.FEMORAL_SHAFT: dict(
        lobes=[((126, 22, -112), (15, 11, 40)), ((138, 12, -96), (10, 12, 24))],
        bridge=([(122, 20, -70), (126, 22, -112), (124, 16, -150)], 8)),
}


def site_centre(lesion: Lesion) -> np.ndarray:
    """Centre of the lesion's main lobe (patient coordinates, mm)."""
    s = 1.0 if lesion.side == "left" else -1.0
    c = np.array(_SITES[lesion.site]["lobes"][0][0], float)
    return c * np.array([s, 1, 1])


def _mass(lesion: Lesion, grow: float) -> Solid:
    s = 1.0 if lesion.side == "left" else -1.0
    spec, k = _SITES[lesion.site], SCALE[lesion.extent]
    parts: list[Solid] = []
    for centre, radii in spec["lobes"]:
        parts.append(Ellipsoid([s * centre[0], centre[1], centre[2]],
                               [r * k + grow for r in radii]))
    if lesion.extent == Extent.EXTENSIVE:
        pts, r = spec["bridge"]
        parts.append(Tube([[s * p[0], p[1], p[2]] for p in pts], [r + grow] * len(pts)))
    return Union(*parts)


def _focus(lesion: Lesion) -> Solid:
    s = 1.0 if lesion.side == "left" else -1.0
    (cx, cy, cz), (rx, ry, rz) = _SITES[lesion.site]["lobes"][0]
    k = SCALE[lesion.extent]
    return Ellipsoid([s * cx, cy + 0.25 * ry * k, cz], [0.45 * rx * k, 0.4 * ry * k, 0.45 * rz * k])


def lesion_solids(lesions: Sequence[Lesion]) -> list[Solid]:
    """Solids of every lesion, in painting order (halos first so masses win over halos)."""
    if len(lesions) > MAX_LESIONS:
        raise ValueError(f"at most {MAX_LESIONS} lesions per scene")
    halos = frozenset(lesion_code(i, HALO) for i in range(len(lesions)))
    out: list[Solid] = []
    for i, les in enumerate(lesions):
        h = halo_thickness(les.maturity)
        if h > 0:
            out.append(_mass(les, h).painted(lesion_code(i, HALO), SOFT))
    for i, les in enumerate(lesions):
        t = rim_thickness(les.maturity)
        outer = RIM if t > 0 else CORE
        out.append(_mass(les, 0.0).painted(lesion_code(i, outer), SOFT | halos))
        if t > 0:
            out.append(_mass(les, -t).painted(lesion_code(i, CORE),
                                              frozenset({lesion_code(i, RIM)})))
        if les.vascular:
            out.append(_focus(les).painted(lesion_code(i, FOCUS),
                                           frozenset({lesion_code(i, CORE)})))
    return out


def lesion_label(lesion: Lesion) -> str:
    """Human label of a lesion region, e.g. 'right anterior NHO'."""
    return f"{lesion.side} {str(lesion.site).replace('-', ' ')} NHO"
