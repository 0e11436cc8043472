"""Closed triangle meshes → inside/outside grids → signed distance fields.

A mesh is voxelised once (then cached on disk, see ``store``): rays run along the grid's first
axis through every column centre, each crossing of the surface flips inside/outside (parity),
and Euclidean distance transforms of the result give a signed distance in millimetres
(negative inside). Renderers sample the distance field with trilinear interpolation, so the
surface is smooth at any resolution, and "the same shape, t mm inside its surface" (cortex,
fat under the skin) is simply ``sdf < -t``.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage, special


@dataclass(frozen=True)
class Grid:
    """A regular grid: ``origin`` is the centre of voxel (0, 0, 0); index order (z, y, x)."""

    origin: tuple[float, float, float]  # (x, y, z) mm
    step: float
    shape: tuple[int, int, int]  # (nz, ny, nx)

    @staticmethod
    def around(lo: np.ndarray, hi: np.ndarray, step: float, pad: float) -> Grid:
        lo = np.floor((np.asarray(lo) - pad) / step) * step
        n = np.ceil((np.asarray(hi) + pad - lo) / step).astype(int) + 1
        return Grid(tuple(float(v) for v in lo), step, (int(n[2]), int(n[1]), int(n[0])))

    def axis(self, k: int) -> np.ndarray:
        """Voxel centres along x (0), y (1) or z (2)."""
        n = self.shape[2 - k]
        return self.origin[k] + self.step * np.arange(n)


def closed(faces: np.ndarray) -> bool:
    """True if every edge is shared by exactly two triangles (a watertight surface)."""
    e = np.sort(np.concatenate([faces[:, [0, 1]], faces[:, [1, 2]], faces[:, [2, 0]]]), axis=1)
    keys = np.sort(e[:, 0].astype(np.int64) * (int(faces.max()) + 1) + e[:, 1])
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1], True])
    return bool((np.diff(starts) == 2).all())


def inside(vertices: np.ndarray, faces: np.ndarray, grid: Grid) -> np.ndarray:
    """Boolean (z, y, x) grid: True for voxel centres inside the mesh.

    Parity along rays is exact for a closed surface; several published meshes have small
    holes, which would leave a streak along the ray, so for those rays are cast along all
    three axes and two votes of three decide.
    """
    if closed(faces):
        return _parity(vertices, faces, grid)
    votes = _parity(vertices, faces, grid).astype(np.uint8)
    for perm in ((2, 1, 0), (0, 2, 1)):  # rays along x, then along y
        g = Grid(tuple(grid.origin[k] for k in perm), grid.step,
                 tuple(grid.shape[2 - k] for k in perm[::-1]))
        m = _parity(vertices[:, list(perm)], faces, g)
        votes += np.transpose(m, {(2, 1, 0): (2, 1, 0), (0, 2, 1): (1, 0, 2)}[perm])
    return votes >= 2


def _parity(vertices: np.ndarray, faces: np.ndarray, grid: Grid) -> np.ndarray:
    """Inside/outside by the parity of surface crossings along rays in the grid's z order."""
    nz, ny, nx = grid.shape
    x0, y0, z0 = grid.origin
    s = grid.step
    # column coordinates in voxel units, nudged so that rays miss vertices and edges
    v = (vertices - np.array([x0, y0, z0])) / s + np.array([1e-4, 2.3e-4, 0.0])
    tri = v[faces]  # (m, 3 corners, 3 coords)
    lo = np.ceil(tri[:, :, :2].min(axis=1)).astype(int)
    hi = np.floor(tri[:, :, :2].max(axis=1)).astype(int)
    lo = np.maximum(lo, 0)
    hi = np.minimum(hi, [nx - 1, ny - 1])
    cx, cy = hi[:, 0] - lo[:, 0] + 1, hi[:, 1] - lo[:, 1] + 1
    keep = (cx > 0) & (cy > 0)
    tri, lo, cx, cy = tri[keep], lo[keep], cx[keep], cy[keep]
    count = cx * cy
    t = np.repeat(np.arange(len(tri)), count)
    first = np.repeat(np.cumsum(count) - count, count)
    k = np.arange(count.sum()) - first
    px = lo[t, 0] + k % cx[t]
    py = lo[t, 1] + k // cx[t]
    a, b, c = tri[t, 0], tri[t, 1], tri[t, 2]
    det = (b[:, 0] - a[:, 0]) * (c[:, 1] - a[:, 1]) - (c[:, 0] - a[:, 0]) * (b[:, 1] - a[:, 1])
    ok = np.abs(det) > 1e-12
    det = np.where(ok, det, 1.0)
    w1 = ((px - a[:, 0]) * (c[:, 1] - a[:, 1]) - (c[:, 0] - a[:, 0]) * (py - a[:, 1])) / det
    w2 = ((b[:, 0] - a[:, 0]) * (py - a[:, 1]) - (px - a[:, 0]) * (b[:, 1] - a[:, 1])) / det
    hit = ok & (w1 >= 0) & (w2 >= 0) & (w1 + w2 <= 1)
    z = (a[:, 2] + w1 * (b[:, 2] - a[:, 2]) + w2 * (c[:, 2] - a[:, 2]))[hit]
    px, py = px[hit], py[hit]
    iz = np.clip(np.ceil(z), 0, nz).astype(int)  # first voxel centre beyond the crossing
    flips = np.zeros((nz + 1, ny, nx), np.uint8)
    np.add.at(flips, (iz, py, px), 1)
    return np.bitwise_xor.accumulate(flips[:nz] & 1, axis=0).astype(bool)


def fill_enclosed(mask: np.ndarray) -> np.ndarray:
    """The mask with every cavity it encloses filled (a bone's compact shell → the bone)."""
    lab, n = ndimage.label(~mask)
    border = np.zeros(n + 1, bool)
    for axis in range(3):
        for end in (0, -1):
            border[np.unique(np.take(lab, end, axis=axis))] = True
    border[0] = True
    return mask | ~border[lab]


def _upsample2(a: np.ndarray, shape: tuple[int, int, int]) -> np.ndarray:
    """Linear interpolation of a grid onto one twice as fine (cell-centred), cropped."""
    for axis in range(3):
        lo = np.concatenate([np.take(a, [0], axis), np.take(a, range(a.shape[axis] - 1), axis)],
                            axis)
        hi = np.concatenate([np.take(a, range(1, a.shape[axis]), axis),
                             np.take(a, [a.shape[axis] - 1], axis)], axis)
        first, second = 0.75 * a + 0.25 * lo, 0.75 * a + 0.25 * hi
        a = np.stack([first, second], axis + 1).reshape(
            *a.shape[:axis], 2 * a.shape[axis], *a.shape[axis + 1:])
    return a[:shape[0], :shape[1], :shape[2]]


def signed_distance(mask: np.ndarray, step: float) -> np.ndarray:
    """Signed distance (mm, negative inside) of a boolean grid, smooth at sub-voxel scale.

    Near the surface (within about two voxels) the distance is read from the blurred mask
    (for a smooth surface the blurred occupancy is a normal CDF of the distance), which has
    no voxel steps; farther away it comes from an exact distance transform on a grid twice
    as coarse (eight times cheaper), and the two are blended.
    """
    sigma = 1.0
    occ = ndimage.gaussian_filter(mask.astype(np.float32), sigma, mode="nearest")
    pad = [(0, n % 2) for n in mask.shape]
    m2 = np.pad(mask, pad, mode="edge")
    nz, ny, nx = (n // 2 for n in m2.shape)
    coarse_mask = m2.reshape(nz, 2, ny, 2, nx, 2).mean(axis=(1, 3, 5)) >= 0.5
    inner = ndimage.distance_transform_edt(coarse_mask)
    outer = ndimage.distance_transform_edt(~coarse_mask)
    coarse = (np.where(coarse_mask, 0.5 - inner, outer - 0.5) * (2 * step)).astype(np.float32)
    out = _upsample2(coarse, mask.shape)
    band = (occ > 0.01) & (occ < 0.99)
    near = -special.ndtri(occ[band]) * (sigma * step)
    w = np.clip((np.abs(near) - 1.4 * step) / (0.8 * step), 0, 1)
    out[band] = (1 - w) * near + w * out[band]
    out[occ >= 0.99] = np.minimum(out[occ >= 0.99], -2.3 * sigma * step)
    out[occ <= 0.01] = np.maximum(out[occ <= 0.01], 2.3 * sigma * step)
    return out.astype(np.float32)


def shell(vertices: np.ndarray, faces: np.ndarray, grid: Grid) -> np.ndarray:
    """Boolean (z, y, x) grid: voxels the surface passes through (points sampled densely on
    every triangle). Filled, it gives the inside of a mesh whose open or doubled patches
    defeat parity (the distal femur and the tibia of the knee meshes)."""
    tri = vertices[faces]
    edge = np.linalg.norm(tri - np.roll(tri, 1, axis=1), axis=2).max(axis=1)
    out = np.zeros(grid.shape, bool)
    origin = np.array(grid.origin)
    for n in np.unique(np.clip(np.ceil(2 * edge / grid.step), 1, 40).astype(int)):
        sel = tri[np.clip(np.ceil(2 * edge / grid.step), 1, 40).astype(int) == n]
        u, v = np.meshgrid(np.linspace(0, 1, n + 1), np.linspace(0, 1, n + 1))
        keep = u + v <= 1
        u, v = u[keep], v[keep]
        pts = (sel[:, None, 0] * (1 - u - v)[None, :, None] + sel[:, None, 1] * u[None, :, None]
               + sel[:, None, 2] * v[None, :, None]).reshape(-1, 3)
        idx = np.rint((pts - origin) / grid.step).astype(int)
        ok = np.all((idx >= 0) & (idx < np.array(grid.shape[::-1])), axis=1)
        idx = idx[ok]
        out[idx[:, 2], idx[:, 1], idx[:, 0]] = True
    return out

