"""A signed distance field on a grid, sampled trilinearly, usable as a paintable solid.

Distances are millimetres, negative inside. ``shrunk(t)`` is the same shape t mm inside its
surface (a cortex of thickness t is ``field`` minus ``field.shrunk(t)``), and t may vary in
space (a callable of x, y, z), so a femur has a thick diaphyseal cortex and a thin one at the
head without any seam between parts.
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np

from builder.illustrate.anatomy.voxelise import Grid
from builder.illustrate.solids import Solid, separable

Array = np.ndarray
Depth = float | Callable[[Array, Array, Array], Array]
FAR = 1e3


class Field(Solid):
    """The region where a sampled signed distance is at most ``-depth``."""

    def __init__(self, sdf: Array, grid: Grid, depth: Depth = 0.0,
                 bounds: tuple[Array, Array] | None = None) -> None:
        self.sdf, self.grid, self.depth = sdf, grid, depth
        if bounds is not None:
            self.lo, self.hi = bounds
            return
        inner = np.nonzero(sdf.min(axis=(1, 2)) <= 0)[0], np.nonzero(sdf.min(axis=(0, 2)) <= 0)[0]
        cols = np.nonzero(sdf.min(axis=(0, 1)) <= 0)[0]
        o, s = np.array(grid.origin), grid.step
        idx_lo = np.array([cols.min(), inner[1].min(), inner[0].min()])
        idx_hi = np.array([cols.max(), inner[1].max(), inner[0].max()])
        self.lo, self.hi = o + s * (idx_lo - 1), o + s * (idx_hi + 1)

    def distance(self, x: Array, y: Array, z: Array) -> Array:
        """Trilinear signed distance (mm); far outside the grid."""
        if separable(x, y, z):
            return self._on_grid(x.reshape(-1), y.reshape(-1), z.reshape(-1)).reshape(
                np.broadcast_shapes(x.shape, y.shape, z.shape))
        x, y, z = np.broadcast_arrays(x, y, z)
        o, s = self.grid.origin, self.grid.step
        nz, ny, nx = self.sdf.shape
        fx, fy, fz = (x - o[0]) / s, (y - o[1]) / s, (z - o[2]) / s
        ok = (fx >= 0) & (fy >= 0) & (fz >= 0) & (fx <= nx - 1) & (fy <= ny - 1) & (fz <= nz - 1)
        i0 = np.clip(fx.astype(np.int32), 0, nx - 2)
        j0 = np.clip(fy.astype(np.int32), 0, ny - 2)
        k0 = np.clip(fz.astype(np.int32), 0, nz - 2)
        tx, ty, tz = (np.clip(fx - i0, 0, 1).astype(np.float32),
                      np.clip(fy - j0, 0, 1).astype(np.float32),
                      np.clip(fz - k0, 0, 1).astype(np.float32))
        flat = self.sdf.reshape(-1)
        base = (k0 * ny + j0) * nx + i0
        out = np.zeros(x.shape, np.float32)
        for dk, wz in ((0, 1 - tz), (1, tz)):
            for dj, wy in ((0, 1 - ty), (1, ty)):
                w = wz * wy
                off = (dk * ny + dj) * nx
                out += w * ((1 - tx) * flat[base + off] + tx * flat[base + off + 1])
        return np.where(ok, out, FAR).astype(np.float32)

    def _on_grid(self, xs: Array, ys: Array, zs: Array) -> Array:
        """Distances on the axis-aligned grid xs × ys × zs (index order z, y, x), by linear
        interpolation along one axis at a time (far faster than per-point trilinear)."""
        o, s = self.grid.origin, self.grid.step
        a = self.sdf
        out_of = np.zeros((len(zs), len(ys), len(xs)), bool)
        for axis, coords, k in ((0, zs, 2), (1, ys, 1), (2, xs, 0)):
            n = a.shape[axis]
            f = (np.asarray(coords, np.float64) - o[k]) / s
            bad = (f < 0) | (f > n - 1)
            i0 = np.clip(np.floor(f).astype(np.int64), 0, n - 2)
            t = np.clip(f - i0, 0, 1).astype(np.float32)
            shape = [1, 1, 1]
            shape[axis] = len(coords)
            t = t.reshape(shape)
            a = np.take(a, i0, axis=axis) * (1 - t) + np.take(a, i0 + 1, axis=axis) * t
            out_of |= bad.reshape(shape)
        return np.where(out_of, FAR, a).astype(np.float32)

    def _depth(self, x: Array, y: Array, z: Array) -> Array | float:
        return self.depth(x, y, z) if callable(self.depth) else self.depth

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        return self.distance(x, y, z) <= -self._depth(x, y, z)

    def shrunk(self, t: Depth) -> Field:
        if callable(t) or callable(self.depth):
            a, b = self.depth, t

            def total(x: Array, y: Array, z: Array) -> Array:
                da = a(x, y, z) if callable(a) else a
                db = b(x, y, z) if callable(b) else b
                return da + db

            return Field(self.sdf, self.grid, total, (self.lo, self.hi))
        grow = max(-float(t), 0.0)  # a grown surface reaches beyond the bone's own box
        return Field(self.sdf, self.grid, self.depth + t, (self.lo - grow, self.hi + grow))
