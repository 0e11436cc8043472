"""Small numpy/Pillow image helpers shared by the renderers."""
from __future__ import annotations

import numpy as np
from PIL import Image
from scipy import ndimage


def gaussian_kernel(sigma: float) -> np.ndarray:
    r = max(1, int(3 * sigma + 0.5))
    x = np.arange(-r, r + 1, dtype=np.float32)
    k = np.exp(-0.5 * (x / max(sigma, 1e-3)) ** 2)
    return k / k.sum()


def blur_axis(img: np.ndarray, sigma: float, axis: int) -> np.ndarray:
    """1-D Gaussian blur along one axis with edge padding (symmetric taps summed in pairs)."""
    if sigma <= 0:
        return img.astype(np.float32)
    k = gaussian_kernel(sigma)
    r = len(k) // 2
    a = np.moveaxis(img.astype(np.float32), axis, 0)
    n = a.shape[0]
    p = np.concatenate([np.repeat(a[:1], r, 0), a, np.repeat(a[-1:], r, 0)], axis=0)
    out = k[r] * a
    for i in range(1, r + 1):
        out += k[r + i] * (p[r + i:r + i + n] + p[r - i:r - i + n])
    return np.moveaxis(out, 0, axis)


def blur(img: np.ndarray, sigma: float | tuple[float, float]) -> np.ndarray:
    """Gaussian blur of a 2-D array (edges extended); ``sigma`` in pixels (rows, cols) or
    both."""
    sy, sx = (sigma, sigma) if np.isscalar(sigma) else sigma
    return ndimage.gaussian_filter(img.astype(np.float32), (max(sy, 0), max(sx, 0)),
                                   mode="nearest", truncate=3.0)


def box_down(img: np.ndarray, f: int) -> np.ndarray:
    """Average-pool a 2-D array by an integer factor (crop to a multiple)."""
    h, w = (img.shape[0] // f) * f, (img.shape[1] // f) * f
    return img[:h, :w].reshape(h // f, f, w // f, f).mean(axis=(1, 3))


def resize(img: np.ndarray, size: tuple[int, int], resample: int = Image.Resampling.BICUBIC
           ) -> np.ndarray:
    """Resize a float 2-D array to (width, height) through Pillow's float mode."""
    out = Image.fromarray(img.astype(np.float32)).resize(size, resample)
    return np.array(out, dtype=np.float32)


def to_u8(img: np.ndarray) -> np.ndarray:
    return np.clip(np.rint(img * 255.0), 0, 255).astype(np.uint8)


def value_noise(shape: tuple[int, int], cell: float, rng: np.random.Generator) -> np.ndarray:
    """Smooth noise in [-1, 1] with features about ``cell`` pixels wide."""
    gh, gw = int(shape[0] / cell) + 3, int(shape[1] / cell) + 3
    grid = rng.uniform(-1, 1, (gh, gw)).astype(np.float32)
    return resize(grid, (int(gw * cell), int(gh * cell)))[: shape[0], : shape[1]]


def edges(labels: np.ndarray) -> np.ndarray:
    """True where a pixel's label differs from its right or lower neighbour."""
    e = np.zeros(labels.shape, bool)
    e[:, :-1] |= labels[:, :-1] != labels[:, 1:]
    e[:-1, :] |= labels[:-1, :] != labels[1:, :]
    return e


def outline(mask: np.ndarray, bins: int = 48) -> list[tuple[float, float]]:
    """A star-shaped polygon around a mask, in fractions of the mask's width and height.

    For each angle around the centroid it keeps the farthest pixel corner, which follows a
    lobulated lesion closely and never self-intersects. Empty mask: empty list.
    """
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return []
    h, w = mask.shape
    cx, cy = xs.mean() + 0.5, ys.mean() + 0.5
    px = np.concatenate([xs, xs + 1, xs, xs + 1]).astype(np.float64)
    py = np.concatenate([ys, ys, ys + 1, ys + 1]).astype(np.float64)
    ang = np.arctan2(py - cy, px - cx)
    dist = np.hypot(px - cx, py - cy)
    b = ((ang + np.pi) / (2 * np.pi) * bins).astype(int) % bins
    best = np.full(bins, -1.0)
    np.maximum.at(best, b, dist)
    pts: list[tuple[float, float]] = []
    for i in range(bins):
        if best[i] < 0:
            continue
        sel = np.flatnonzero((b == i) & (dist == best[i]))[0]
        pts.append((round(float(np.clip(px[sel] / w, 0, 1)), 4),
                    round(float(np.clip(py[sel] / h, 0, 1)), 4)))
    return pts


def index_map(index: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """An integer map (−1 = none) resized to (width, height) by nearest neighbour."""
    im = Image.fromarray((index.astype(np.int32) + 1).astype(np.uint8)).resize(
        size, Image.Resampling.NEAREST)
    return np.asarray(im, np.int16) - 1


def stack_map(masks: np.ndarray) -> np.ndarray:
    """Per-lesion boolean masks (n, h, w) → one index map (later lesions on top)."""
    out = np.full(masks.shape[1:], -1, np.int16)
    for i, m in enumerate(masks):
        out[m] = i
    return out
