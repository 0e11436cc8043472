"""Posing the lower limbs: the frog-leg position for a lateral view of both hips.

Each thigh is flexed and abducted about the centre of its femoral head, so the head stays in
its socket. The label volume is resampled through the inverse rotation. Bones move rigidly
(the femur with the thigh, the hip bone not at all); the soft tissues between pelvis and
thigh blend the angle over a band beyond an oblique plane through the hip, so the groin and
buttock bend instead of tearing.
"""
from __future__ import annotations

import numpy as np

from builder.illustrate.anatomy.fields import Field
from builder.illustrate.phantom import Volume

FLEX_DEG, ABDUCT_DEG = 30.0, 50.0
BAND_MM = 30.0


def _rotation(s: float, angle: np.ndarray) -> np.ndarray:
    """Rotations (n, 3, 3) taking a point of the straight limb to the posed limb, for the
    fraction ``angle`` of the full pose: flexion (distal thigh forwards) then abduction
    (distal thigh outwards)."""
    f = np.radians(FLEX_DEG) * angle
    a = np.radians(ABDUCT_DEG) * angle
    cf, sf, ca, sa = np.cos(f), np.sin(f), np.cos(a), np.sin(a)
    one, zero = np.ones_like(angle), np.zeros_like(angle)
    # flexion about x: a point below the hip (−z) moves anteriorly (+y)
    flex = np.stack([np.stack([one, zero, zero], -1), np.stack([zero, cf, -sf], -1),
                     np.stack([zero, sf, cf], -1)], -2)
    # abduction about y: a point below the hip moves laterally (x away from the midline)
    abd = np.stack([np.stack([ca, zero, -s * sa], -1), np.stack([zero, one, zero], -1),
                    np.stack([s * sa, zero, ca], -1)], -2)
    return abd @ flex


def frog_leg(vol: Volume, heads: dict[str, np.ndarray], hips: dict[str, Field],
             femurs: dict[str, Field]) -> Volume:
    """The volume with both thighs in the frog-leg position (same grid)."""
    out = vol.labels.copy()
    step = float(vol.xs[1] - vol.xs[0])
    origin = np.array([vol.xs[0], vol.ys[0], vol.zs[0]])
    nz, ny, nx = vol.labels.shape
    flat = vol.labels.reshape(-1)
    for key, s in (("R", -1.0), ("L", 1.0)):
        c = heads[key]
        n = np.array([0.9 * s, 0.0, -0.45])
        n /= np.linalg.norm(n)
        xs = vol.xs[(vol.xs * s) > 0]
        ii = np.nonzero(np.isin(vol.xs, xs))[0]
        for k0 in range(0, nz, 16):
            zs = vol.zs[k0:k0 + 16]
            zz, yy, xx = np.meshgrid(zs, vol.ys, xs, indexing="ij")
            q = np.stack([xx - c[0], yy - c[1], zz - c[2]], -1).reshape(-1, 3)
            d = q @ n
            t = np.clip(d / BAND_MM, 0, 1)
            t = t * t * (3 - 2 * t)
            p = q + c
            full = _rotation(s, np.ones(1))[0]
            src_full = q @ full + c  # inverse rotation = transpose: row vector times R
            in_femur = femurs[key].inside(src_full[:, 0], src_full[:, 1], src_full[:, 2])
            in_hip = hips[key].shrunk(-1.5).inside(p[:, 0], p[:, 1], p[:, 2])
            near_head = np.linalg.norm(q, axis=1) < 30
            t = np.where(in_femur | (near_head & ~in_hip), 1.0, np.where(in_hip, 0.0, t))
            src = q.copy()
            whole = t >= 1
            src[whole] = src_full[whole] - c
            part = (t > 0) & ~whole
            if part.any():
                r = _rotation(s, t[part])
                src[part] = np.einsum("nj,nji->ni", q[part], r)
            src = src + c
            idx = np.rint((src - origin) / step).astype(np.int64)
            ok = ((idx >= 0) & (idx < np.array([nx, ny, nz]))).all(axis=1)
            vals = np.zeros(len(q), np.uint8)
            vals[ok] = flat[(idx[ok, 2] * ny + idx[ok, 1]) * nx + idx[ok, 0]]
            block = out[k0:k0 + 16][:, :, ii]
            out[k0:k0 + 16, :, ii[0]:ii[-1] + 1] = vals.reshape(block.shape)
    return Volume(out, vol.xs, vol.ys, vol.zs)
