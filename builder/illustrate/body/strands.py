"""Muscles as bundles of strands, and the packing that lets them fill the space between them.

A strand is a polyline with a radius at each point (and optionally a flattening, for sheet-like
muscles such as the glutei on the iliac wing). Its normalised distance ρ is 1 on its nominal
surface. In a living limb the muscles fill the deep compartment and meet at thin fascial
planes, so every point of the compartment goes to the muscle with the smallest ρ, as long as
that ρ is below a claim limit; beyond it lies intermuscular fat. The boundaries between
muscles are then smooth surfaces (where two ρ are equal), the fat planes that CT shows.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from builder.illustrate import noise3d
from builder.illustrate.solids import Solid

Array = np.ndarray


@dataclass(frozen=True)
class Strand:
    points: Array  # (n, 3) mm
    radii: Array  # (n,) mm
    flat: Array | None = None  # unit normal of the short axis of the cross-section
    ratio: float = 1.0  # short / long semi-axis when flattened

    def rho(self, x: Array, y: Array, z: Array) -> Array:
        """Normalised distance (1 on the strand's surface) at broadcastable points."""
        best = None
        p, r = self.points.tolist(), self.radii.tolist()
        n = None if self.flat is None else self.flat.tolist()
        for i in range(len(p) - 1):
            a, b = p[i], p[i + 1]
            ab = [b[k] - a[k] for k in range(3)]
            dx, dy, dz = x - a[0], y - a[1], z - a[2]
            inv = 1.0 / max(ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2, 1e-9)
            t = np.clip((dx * ab[0] + dy * ab[1] + dz * ab[2]) * inv, 0.0, 1.0)
            ex, ey, ez = dx - t * ab[0], dy - t * ab[1], dz - t * ab[2]
            rad = r[i] + t * (r[i + 1] - r[i])
            d2 = ex * ex + ey * ey + ez * ez
            if n is not None:
                along = ex * n[0] + ey * n[1] + ez * n[2]
                d2 = d2 + along * along * (1.0 / self.ratio ** 2 - 1.0)
            q = d2 / (rad * rad)
            best = q if best is None else np.minimum(best, q)
        return np.sqrt(best)

    def bounds(self, reach: float) -> tuple[Array, Array]:
        r = np.minimum(self.radii * reach, self.radii + 55.0)[:, None]
        return (self.points - r).min(axis=0), (self.points + r).max(axis=0)


@dataclass(frozen=True)
class Muscle:
    """A named muscle of one side: its tissue code and strands; ``scale`` swells (oedema)
    or shrinks (atrophy) it."""

    name: str
    code: int
    strands: tuple[Strand, ...]
    scale: float = 1.0
    swell: tuple[float, float, float] | None = None  # (z top, z bottom, factor): oedema

    def rho(self, x: Array, y: Array, z: Array) -> Array:
        out = None
        for st in self.strands:
            q = st.rho(x, y, z)
            out = q if out is None else np.minimum(out, q)
        if self.swell is not None:
            top, bottom, k = self.swell
            inside = np.clip(np.minimum(top - z, z - bottom) / 15.0 + 1.0, 0.0, 1.0)
            return out / (self.scale * (1.0 + (k - 1.0) * inside))
        return out / self.scale


UNEVEN = ((0.15, 25.0), (0.04, 10.0))  # (share of ρ, mm across): a thigh muscle's bulges
UNEVEN_Z = (-90.0, -130.0)  # from the hips (none) to the thigh (all)
WARP = (5.0, 12.0)  # (mm, mm across): how far and how finely a thigh muscle's section bends


def _uneven(code: int, x: Array, y: Array, z: Array) -> Array | float:
    """A slow wander of a thigh muscle's ρ where it meets its neighbours: the long muscles
    of the thigh are not the perfect ellipses that strands alone give (nor is any muscle,
    but round the hip the strands' shapes are kept as drawn)."""
    z = np.asarray(z, np.float32)
    k = np.clip((UNEVEN_Z[0] - z) / (UNEVEN_Z[0] - UNEVEN_Z[1]), 0.0, 1.0)
    if not np.any(k > 0):
        return 1.0
    return 1.0 + k * sum(a * noise3d.noise(x, y, z, mm, 500 + 7 * i + code)
                         for i, (a, mm) in enumerate(UNEVEN))


def _bent(code: int, x: Array, y: Array, z: Array) -> tuple[Array, Array] | None:
    """Where a thigh muscle's strands are asked for ρ: its section bent by a few millimetres
    of smooth noise, so a small muscle among others (sartorius, gracilis) is lobulated, not
    the ellipse that a scaled ρ keeps whatever the factor (the bend keeps it whole, where a
    fine factor on ρ breaks islands off)."""
    z = np.asarray(z, np.float32)
    k = np.clip((UNEVEN_Z[0] - z) / (UNEVEN_Z[0] - UNEVEN_Z[1]), 0.0, 1.0)
    if not np.any(k > 0):
        return None
    amp, mm = WARP
    return (x + k * amp * noise3d.noise(x, y, z, mm, 700 + code),
            y + k * amp * noise3d.noise(x, y, z, mm, 800 + code))


class Packed(Solid):
    """Paints each point within ``region`` with the code of the muscle of least (uneven) ρ
    among those whose ρ is below ``claim`` (else the point keeps its label: fat)."""

    tissue = None
    coarse = 2  # on a voxel grid, muscles are classified at half resolution (speed)

    def __init__(self, muscles: Sequence[Muscle], region: Solid, claim: float,
                 replaces: frozenset[int] | None = None) -> None:
        self.muscles, self.region, self.claim = tuple(muscles), region, claim
        self.replaces = replaces
        boxes = [st.bounds(claim * m.scale) for m in self.muscles for st in m.strands]
        self.boxes = [[st.bounds(claim * m.scale) for st in m.strands] for m in self.muscles]
        self.lo = np.min([b[0] for b in boxes], axis=0)
        self.hi = np.max([b[1] for b in boxes], axis=0)

    def classify(self, x: Array, y: Array, z: Array) -> Array:
        """Muscle code per point (0 where no muscle claims it); x, y, z broadcast."""
        x, y, z = np.broadcast_arrays(x, y, z)
        shape = x.shape
        x, y, z = (np.ascontiguousarray(v, np.float32).reshape(-1) for v in (x, y, z))
        best = np.full(x.shape, np.inf, np.float32)
        code = np.zeros(x.shape, np.uint8)
        inside = self.region.inside(x, y, z)
        idx_all = np.flatnonzero(inside)
        xs, ys, zs = x[idx_all], y[idx_all], z[idx_all]
        for m, boxes in zip(self.muscles, self.boxes, strict=True):
            lo = np.min([b[0] for b in boxes], axis=0)
            hi = np.max([b[1] for b in boxes], axis=0)
            near = np.flatnonzero((xs >= lo[0]) & (xs <= hi[0]) & (ys >= lo[1]) & (ys <= hi[1])
                                  & (zs >= lo[2]) & (zs <= hi[2]))
            if near.size == 0:
                continue
            q = m.rho(xs[near], ys[near], zs[near])
            tgt = idx_all[near]
            # the claim limit (the compartment's smooth outer surface) is tested on ρ itself;
            # which muscle wins inside it, on its bent, uneven ρ (see _bent, _uneven)
            ok = q < self.claim
            bent = _bent(m.code, xs[near], ys[near], zs[near])
            if bent is not None:
                q = m.rho(*bent, zs[near])
            q = q * _uneven(m.code, xs[near], ys[near], zs[near])
            win = ok & (q < best[tgt])
            best[tgt[win]] = q[win]
            code[tgt[win]] = m.code
        return code.reshape(shape)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        return self.classify(x, y, z) > 0

    def shrunk(self, t: float) -> Packed:
        raise NotImplementedError("a packing has no inner surface")
