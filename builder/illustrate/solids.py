"""Analytic solids: shapes whose inside test is a formula.

Every modality samples the same formulas at the resolution it needs (a fine plane for CT and
ultrasound, a voxel grid for projections), so all four pictures show exactly one body.
Coordinates are millimetres: patient's left = +x, anterior = +y, cranial = +z. ``inside``
takes broadcastable x, y, z arrays, so a solid is evaluated on a grid block without building
the full coordinate arrays first.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

Array = np.ndarray
_BIG = 1e6


class Solid:
    """A region of space painted with one tissue code (later solids overwrite earlier ones)."""

    tissue: int | None = 0  # None: the solid classifies points itself (``classify``)
    replaces: frozenset[int] | None = None  # paint only over these codes (None: over anything)
    lo: Array
    hi: Array

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        raise NotImplementedError

    def shrunk(self, t: float) -> Solid:
        """The same shape with its surface moved inwards by about ``t`` mm (cortex → medulla)."""
        raise NotImplementedError

    def painted(self, tissue: int, replaces: frozenset[int] | None = None) -> Solid:
        self.tissue, self.replaces = tissue, replaces
        return self


class Ellipsoid(Solid):
    """An ellipsoid, optionally rotated (rows of ``axes`` are its local unit axes)."""

    def __init__(self, centre: Sequence[float], radii: Sequence[float],
                 axes: Array | None = None) -> None:
        self.c = np.asarray(centre, float)
        self.r = np.maximum(np.asarray(radii, float), 0.1)
        self.axes = None if axes is None else np.asarray(axes, float)
        rot = np.eye(3) if self.axes is None else self.axes
        half = np.sqrt(((rot * self.r[:, None]) ** 2).sum(axis=0))
        self.lo, self.hi = self.c - half, self.c + half

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        c, r = self.c.tolist(), self.r.tolist()  # Python floats keep float32 inputs float32
        d = (x - c[0], y - c[1], z - c[2])
        if self.axes is None:
            return (d[0] / r[0]) ** 2 + (d[1] / r[1]) ** 2 + (d[2] / r[2]) ** 2 <= 1.0
        ax = self.axes.tolist()
        acc = 0.0
        for k in range(3):
            u = ax[k][0] * d[0] + ax[k][1] * d[1] + ax[k][2] * d[2]
            acc = acc + (u / r[k]) ** 2
        return acc <= 1.0

    def shrunk(self, t: float) -> Ellipsoid:
        return Ellipsoid(self.c, self.r - t, self.axes)


class Tube(Solid):
    """A swept circle along a polyline with radius varying linearly (rounded joints)."""

    def __init__(self, points: Sequence[Sequence[float]], radii: Sequence[float]) -> None:
        self.p = np.asarray(points, float)
        self.r = np.maximum(np.asarray(radii, float), 0.1)
        self.lo = (self.p - self.r[:, None]).min(axis=0)
        self.hi = (self.p + self.r[:, None]).max(axis=0)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        out = None
        pts, rad = self.p.tolist(), self.r.tolist()
        for i in range(len(pts) - 1):
            a, b = pts[i], pts[i + 1]
            ab = [b[k] - a[k] for k in range(3)]
            px, py, pz = x - a[0], y - a[1], z - a[2]
            inv = 1.0 / (ab[0] ** 2 + ab[1] ** 2 + ab[2] ** 2)
            t = np.clip((px * ab[0] + py * ab[1] + pz * ab[2]) * inv, 0.0, 1.0)
            r = rad[i] + t * (rad[i + 1] - rad[i])
            d2 = (px - t * ab[0]) ** 2 + (py - t * ab[1]) ** 2 + (pz - t * ab[2]) ** 2
            hit = d2 <= r * r
            out = hit if out is None else (out | hit)
        return out

    def shrunk(self, t: float) -> Tube:
        return Tube(self.p, self.r - t)


class Sweep(Solid):
    """An elliptical (or superelliptical) cross-section whose centre, semi-axes and rotation
    vary linearly with z between knots: the natural shape of limbs, muscles and bones that run
    roughly cranio-caudally."""

    def __init__(self, z: Sequence[float], cx: Sequence[float] | float, cy: Sequence[float] | float,
                 a: Sequence[float] | float, b: Sequence[float] | float,
                 theta: Sequence[float] | float = 0.0, power: float = 2.0,
                 caps: tuple[float, float] = (0.0, 0.0)) -> None:
        self.z = np.asarray(z, float)
        self.caps = caps
        n = len(self.z)

        def col(v: Sequence[float] | float) -> Array:
            arr = np.asarray(v, float)
            return np.full(n, float(arr)) if arr.ndim == 0 else arr

        self.cx, self.cy, self.a, self.b = col(cx), col(cy), col(a), col(b)
        self.theta = np.radians(col(theta))
        self.power = power
        order = np.argsort(self.z)
        for name in ("z", "cx", "cy", "a", "b", "theta"):
            setattr(self, name, getattr(self, name)[order])
        self.rotated = bool(np.any(self.theta != 0))
        reach = np.maximum(self.a, self.b)
        self.lo = np.array([(self.cx - reach).min(), (self.cy - reach).min(),
                            self.z[0] - caps[0]])
        self.hi = np.array([(self.cx + reach).max(), (self.cy + reach).max(),
                            self.z[-1] + caps[1]])

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        z = np.asarray(z, np.float32)
        flat = z.reshape(-1)

        def at(v: Array) -> Array:
            return np.interp(flat, self.z, v).astype(np.float32).reshape(z.shape)

        cx, cy, a, b, th = (at(v) for v in (self.cx, self.cy, self.a, self.b, self.theta))
        z0, z1 = self.z[0], self.z[-1]
        if self.caps[0] > 0 or self.caps[1] > 0:  # rounded (ellipsoidal) ends
            below = np.clip((z0 - z) / max(self.caps[0], 1e-6), 0, 1)
            above = np.clip((z - z1) / max(self.caps[1], 1e-6), 0, 1)
            k = np.sqrt(np.clip(1 - np.maximum(below, above) ** 2, 0, 1))
            a, b = a * k, b * k
            z0, z1 = z0 - self.caps[0], z1 + self.caps[1]
        # outside the z range, push |u| beyond 1 (cheaper than a full-size z mask; pushing
        # u itself brought back points 2a to one side of the axis beyond the ends)
        off = np.where((z >= float(z0)) & (z <= float(z1)), 0, 2).astype(np.float32)
        a, b = np.maximum(a, 0.1), np.maximum(b, 0.1)
        dx, dy = x - cx, y - cy
        if not self.rotated:  # axis-aligned: terms stay small until the final sum
            u, v = np.abs(dx / a) + off, dy / b
        else:
            c, s = np.cos(th), np.sin(th)
            u = np.abs((dx * c + dy * s) / a) + off
            v = (dy * c - dx * s) / b
        if self.power == 2.0:
            return u * u + v * v <= 1.0
        return np.abs(u) ** self.power + np.abs(v) ** self.power <= 1.0

    def shrunk(self, t: float) -> Sweep:
        caps = (max(self.caps[0] - t, 0.0), max(self.caps[1] - t, 0.0))
        return Sweep(self.z, self.cx, self.cy, self.a - t, self.b - t, np.degrees(self.theta),
                     self.power, caps)


class HalfSpace(Solid):
    """Points on the side of a plane that ``normal`` points to (used only as a cut)."""

    def __init__(self, point: Sequence[float], normal: Sequence[float]) -> None:
        n = np.asarray(normal, float)
        self.n = n / np.linalg.norm(n)
        self.p = np.asarray(point, float)
        self.lo, self.hi = np.full(3, -_BIG), np.full(3, _BIG)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        p, n = self.p.tolist(), self.n.tolist()
        return ((x - p[0]) * n[0] + (y - p[1]) * n[1] + (z - p[2]) * n[2]) >= 0.0

    def shrunk(self, t: float) -> HalfSpace:
        return HalfSpace(self.p - self.n * t, self.n)  # shrinking the kept part grows the cut


class Difference(Solid):
    """``base`` minus every cut: an acetabular cup is a spherical shell minus its opening."""

    def __init__(self, base: Solid, *cuts: Solid) -> None:
        self.base, self.cuts = base, cuts
        self.lo, self.hi = base.lo, base.hi

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        out = self.base.inside(x, y, z)
        if separable(x, y, z):  # (a grid keeps the fast paths of the cuts it tests)
            for cut in self.cuts:
                out = out & ~cut.inside(x, y, z)
            return out
        # points: each cut tested only where it can still take something away (inside its
        # box, and not yet cut), as a mass's compartment cuts a dozen small fat pads
        x, y, z = np.broadcast_arrays(x, y, z)
        out = np.array(out, bool)
        for cut in self.cuts:
            near = np.flatnonzero(out & in_box(cut, x, y, z))
            if near.size:
                idx = np.unravel_index(near, out.shape)
                out[idx] = ~cut.inside(x[idx], y[idx], z[idx])
        return out

    def shrunk(self, t: float) -> Difference:
        grown = [c.shrunk(-t) for c in self.cuts]
        return Difference(self.base.shrunk(t), *grown)


class Union(Solid):
    """Several parts painted as one (a lobulated lesion)."""

    def __init__(self, *parts: Solid) -> None:
        self.parts = parts
        self.lo = np.min([p.lo for p in parts], axis=0)
        self.hi = np.max([p.hi for p in parts], axis=0)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        out = self.parts[0].inside(x, y, z)
        for p in self.parts[1:]:
            out = out | p.inside(x, y, z)
        return out

    def shrunk(self, t: float) -> Union:
        return Union(*(p.shrunk(t) for p in self.parts))


def _lut(codes: frozenset[int]) -> Array:
    table = np.zeros(256, bool)
    table[list(codes)] = True
    return table


def in_box(s: Solid, x: Array, y: Array, z: Array) -> Array:
    """Points within a solid's box: the only ones that can be inside it."""
    return ((x >= s.lo[0]) & (x <= s.hi[0]) & (y >= s.lo[1]) & (y <= s.hi[1])
            & (z >= s.lo[2]) & (z <= s.hi[2]))


def separable(x: Array, y: Array, z: Array) -> bool:
    """True for coordinates of an axis-aligned grid as ``paint_grid`` passes them:
    x (1, 1, nx), y (1, ny, 1), z (nz, 1, 1)."""
    return (np.ndim(x) == 3 and np.ndim(y) == 3 and np.ndim(z) == 3
            and np.shape(x)[:2] == (1, 1) and np.shape(y)[0] == 1 and np.shape(y)[2] == 1
            and np.shape(z)[1:] == (1, 1))


def _span(axis: Array, lo: float, hi: float) -> tuple[int, int]:
    """The indices [start, stop) of an ascending grid axis's values within [lo, hi]."""
    return int(np.searchsorted(axis, lo)), int(np.searchsorted(axis, hi, "right"))


def grid_box(solids: Sequence[Solid], xs: Array, ys: Array, zs: Array
             ) -> tuple[slice, slice, slice]:
    """The part of a grid (z, y, x) that ``paint_grid`` may paint these solids into."""
    lo, hi = np.min([s.lo for s in solids], axis=0), np.max([s.hi for s in solids], axis=0)
    return tuple(slice(*_span(v, lo[a], hi[a])) for a, v in ((2, zs), (1, ys), (0, xs)))


def paint_grid(labels: Array, solids: Sequence[Solid], xs: Array, ys: Array, zs: Array,
               z_chunk: int = 24) -> None:
    """Paint solids in order into ``labels`` (shape nz, ny, nx) sampled at axis coordinates."""
    for z0 in range(0, len(zs), z_chunk):
        zc = zs[z0:z0 + z_chunk]
        for s in solids:
            if s.hi[2] < zc[0] or s.lo[2] > zc[-1]:
                continue
            (k0, k1), (j0, j1), (i0, i1) = (_span(v, s.lo[a], s.hi[a])
                                            for a, v in ((2, zc), (1, ys), (0, xs)))
            if k0 >= k1 or j0 >= j1 or i0 >= i1:
                continue
            block = labels[z0 + k0:z0 + k1, j0:j1, i0:i1]
            px, py, pz = xs[None, None, i0:i1], ys[None, j0:j1, None], zc[k0:k1, None, None]
            codes = None
            if s.tissue is None:  # a packing: classify on every 2nd voxel, then repeat
                f = getattr(s, "coarse", 1)
                codes = s.classify(px[..., ::f], py[:, ::f], pz[::f])
                for axis in range(3):
                    codes = np.repeat(codes, f, axis=axis)
                codes = codes[:block.shape[0], :block.shape[1], :block.shape[2]]
            mask = codes > 0 if codes is not None else s.inside(px, py, pz)
            if s.replaces is not None:
                mask &= _lut(s.replaces)[block]
            block[mask] = s.tissue if codes is None else codes[mask]


def paint_points(labels: Array, solids: Sequence[Solid], x: Array, y: Array, z: Array) -> None:
    """Paint solids in order into ``labels`` at arbitrary points (1-D arrays, same length)."""
    lo = np.array([x.min(), y.min(), z.min()]) if x.size else np.zeros(3)
    hi = np.array([x.max(), y.max(), z.max()]) if x.size else np.zeros(3)
    for s in solids:
        if np.any(s.lo > hi) or np.any(s.hi < lo):
            continue
        idx = np.flatnonzero(in_box(s, x, y, z))
        if idx.size == 0:
            continue
        codes = s.classify(x[idx], y[idx], z[idx]) if s.tissue is None else None
        hit = codes > 0 if codes is not None else s.inside(x[idx], y[idx], z[idx])
        if s.replaces is not None:
            hit &= _lut(s.replaces)[labels[idx]]
        labels[idx[hit]] = s.tissue if codes is None else codes[hit]


class Intersection(Solid):
    """Points inside every part (bounded by the first part's box)."""

    def __init__(self, *parts: Solid) -> None:
        self.parts = parts
        self.lo = np.max([p.lo for p in parts], axis=0)
        self.hi = np.min([p.hi for p in parts], axis=0)

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        out = self.parts[0].inside(x, y, z)
        for p in self.parts[1:]:
            out = out & p.inside(x, y, z)
        return out

    def shrunk(self, t: float) -> Intersection:
        return Intersection(self.parts[0].shrunk(t), *self.parts[1:])


class Where(Solid):
    """Points of ``base`` where a predicate of position holds (gas in a bowel lumen, the
    medullary canal below a level): the predicate is any function of x, y, z."""

    def __init__(self, base: Solid, test) -> None:  # test: (x, y, z) -> bool array
        self.base, self.test = base, test
        self.lo, self.hi = base.lo, base.hi

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        out = self.base.inside(x, y, z)
        share = float(np.mean(out)) if out.size else 0.0
        if share == 0.0:
            return out
        if share > 0.5:  # (a whole grid keeps the separable fast paths of what it tests)
            return out & self.test(x, y, z)
        # the test only where the base is: a mass's box is mostly outside the mass
        x, y, z = np.broadcast_arrays(x, y, z)
        at = np.nonzero(out)
        out = out.copy()
        out[at] = self.test(x[at], y[at], z[at])
        return out

    def shrunk(self, t: float) -> Where:
        return Where(self.base.shrunk(t), self.test)


class Resting(Solid):
    """``base`` resting on a flat couch at height ``couch``: what lay below the couch's
    surface is pressed up to it (a supine patient's buttocks flatten; the bones, well above
    the couch, do not move)."""

    def __init__(self, base: Solid, couch: float) -> None:
        self.base, self.couch = base, couch
        self.lo = np.array([base.lo[0], max(couch, base.lo[1]), base.lo[2]])
        self.hi = base.hi

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        return self.base.inside(x, y, z) & (y >= self.couch)

    def shrunk(self, t) -> _Raised:
        """The layer t mm inside the skin follows the couch too (fat is compressed, not
        cut away): the inner surface sits t mm above the couch."""
        return _Raised(self.base, self.couch, t)


class _Raised(Solid):
    """The part of a resting body more than ``t`` mm inside its surface and at least t mm
    above the couch, t a number or a function of position (asked once a point: a fascia
    that wanders with noise costs its noise once)."""

    def __init__(self, body: Solid, couch: float, t) -> None:
        self.body, self.couch, self.t = body, couch, t
        inner = body.shrunk(t)
        self.fixed = None if callable(t) else inner
        self.lo = np.array([inner.lo[0], max(couch, inner.lo[1]), inner.lo[2]])
        self.hi = inner.hi

    def inside(self, x: Array, y: Array, z: Array) -> Array:
        if self.fixed is not None:
            inner, t = self.fixed, self.t
        else:
            t = self.t(x, y, z)
            inner = self.body.shrunk(lambda *_: t)
        return inner.inside(x, y, z) & (y >= self.couch) & (y >= self.couch + t)

    def shrunk(self, t: float) -> _Raised:
        if callable(self.t):
            raise NotImplementedError("a variable layer is not shrunk again")
        return _Raised(self.body, self.couch, self.t + t)
