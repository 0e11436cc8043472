"""Deterministic smooth 3-D noise at arbitrary points (lattice values, trilinear blend).

Texture that belongs to the body (lobulation of a lesion, bubbles of gas in the colon) must
be the same wherever and however the body is sampled, so it is a function of position and a
seed, never of the sampling grid.
"""
from __future__ import annotations

import numpy as np

Array = np.ndarray


PRIMES = (73856093, 19349663, 83492791)


def _finish(h: Array) -> Array:
    """A lattice point's value in [-1, 1] from its combined hash."""
    h = (h ^ (h >> 13)) * 1274126177
    h = h ^ (h >> 16)
    return ((h & 0xFFFF).astype(np.float32) / 32767.5) - 1.0


def noise(x: Array, y: Array, z: Array, cell: float, seed: int) -> Array:
    """Smooth noise in [-1, 1] with features about ``cell`` mm across."""
    fx, fy, fz = (np.asarray(v, np.float32) / cell for v in (x, y, z))
    fx, fy, fz = np.broadcast_arrays(fx, fy, fz)
    i, j, k = np.floor(fx), np.floor(fy), np.floor(fz)
    tx, ty, tz = fx - i, fy - j, fz - k
    tx, ty, tz = (t * t * (3 - 2 * t) for t in (tx, ty, tz))  # smoothstep: no creases
    # each axis's hashed lattice coordinate, at the cell's two corners, computed once
    hx, hy, hz = ((a.astype(np.int64) * p, a.astype(np.int64) * p + p)
                  for a, p in zip((i, j, k), PRIMES, strict=True))
    salt = seed * 2654435761
    out = np.zeros(fx.shape, np.float32)
    for di in (0, 1):
        wx = tx if di else 1 - tx
        for dj in (0, 1):
            wxy = wx * (ty if dj else 1 - ty)
            hxy = hx[di] ^ hy[dj]
            for dk in (0, 1):
                wz = tz if dk else 1 - tz
                out += wxy * wz * _finish(hxy ^ hz[dk] ^ salt)
    return out
