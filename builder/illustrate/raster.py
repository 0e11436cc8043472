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


COARSE_SIGMA = 8.0  # px: from here on a blur is worked out on a grid this many times coarser / 4


def blur(img: np.ndarray, sigma: float | tuple[float, float]) -> np.ndarray:
    """Gaussian blur of a 2-D array (edges extended); ``sigma`` in pixels (rows, cols) or
    both. A wide blur is worked out on a coarser grid (box-averaged, then scaled back
    bilinearly): what it keeps is smooth on that grid, and it costs a fraction of the time
    (the wide blurs of the renderers were a third of all blurring; make bench)."""
    sy, sx = (sigma, sigma) if np.isscalar(sigma) else sigma
    sy, sx = max(sy, 0), max(sx, 0)
    img = img.astype(np.float32)
    f = int(min(sy, sx, 4 * COARSE_SIGMA) // (COARSE_SIGMA / 2))
    if f < 2 or img.ndim != 2 or min(img.shape) < 4 * f:
        return ndimage.gaussian_filter(img, (sy, sx), mode="nearest", truncate=3.0)
    h, w = img.shape
    padded = np.pad(img, ((0, -h % f), (0, -w % f)), mode="edge")
    # the box average has already blurred by a variance of (f² - 1) / 12 px²
    box = (f * f - 1) / 12
    small = ndimage.gaussian_filter(
        box_down(padded, f), (np.sqrt(sy * sy - box) / f, np.sqrt(sx * sx - box) / f),
        mode="nearest", truncate=3.0)
    return resize(small, (padded.shape[1], padded.shape[0]), Image.Resampling.BILINEAR)[:h, :w]


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


# Moore neighbourhood, clockwise on screen (rows down) from the west neighbour
_RING = ((0, -1), (-1, -1), (-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1))


def _connected(mask: np.ndarray) -> np.ndarray:
    """The mask with small gaps closed and every other piece joined to the largest by a
    one-pixel bridge, so that one boundary goes round all of it."""
    m = mask | ndimage.binary_closing(mask, iterations=2)
    lab, n = ndimage.label(m, structure=np.ones((3, 3)))
    if n <= 1:
        return m
    sizes = ndimage.sum(m, lab, range(1, n + 1))
    main = int(np.argmax(sizes)) + 1
    my, mx = np.nonzero(lab == main)
    for k in range(1, n + 1):
        if k == main:
            continue
        py, px = np.nonzero(lab == k)
        cy, cx = py.mean(), px.mean()
        j = int(np.argmin((my - cy) ** 2 + (mx - cx) ** 2))
        i = int(np.argmin((py - my[j]) ** 2 + (px - mx[j]) ** 2))
        steps = int(max(abs(py[i] - my[j]), abs(px[i] - mx[j]))) + 1
        t = np.linspace(0, 1, steps + 1)
        m[np.rint(py[i] + t * (my[j] - py[i])).astype(int),
          np.rint(px[i] + t * (mx[j] - px[i])).astype(int)] = True
    return m


def _trace(m: np.ndarray) -> list[tuple[int, int]]:
    """The outer boundary pixels of a connected mask, in order (Moore neighbour tracing,
    stopping when the start is left the same way a second time)."""
    p = np.pad(m, 1)
    ys, xs = np.nonzero(p)
    start = (int(ys[0]), int(xs[0]))  # topmost, then leftmost: its west neighbour is empty
    out = [start]
    cur, back = start, 0  # index in _RING of the empty neighbour to start looking from
    for _ in range(4 * int(p.sum()) + 8):
        for k in range(8):
            d = (back + k) % 8
            nxt = (cur[0] + _RING[d][0], cur[1] + _RING[d][1])
            if p[nxt]:
                break
        else:
            break  # a single pixel
        if cur == start and len(out) > 2 and nxt == out[1]:
            out.pop()  # back at the start: it is already the first vertex
            break
        back = (d + 6) % 8  # restart beside the empty pixel we came past
        cur = nxt
        out.append(cur)
    return [(y - 1, x - 1) for y, x in out]


def _simplify(pts: np.ndarray, tol: float) -> np.ndarray:
    """Douglas–Peucker simplification of an open polyline."""
    if len(pts) < 3:
        return pts
    a, b = pts[0], pts[-1]
    ab = b - a
    n = float(np.hypot(*ab))
    rel = pts - a
    d = np.abs(ab[0] * rel[:, 1] - ab[1] * rel[:, 0]) / n if n > 0 else np.hypot(*rel.T)
    i = int(np.argmax(d))
    if d[i] <= tol:
        return np.array([a, b])
    return np.concatenate([_simplify(pts[:i + 1], tol)[:-1], _simplify(pts[i:], tol)])


def outline(mask: np.ndarray, most: int = 96) -> list[tuple[float, float]]:
    """A polygon round a mask's outer boundary (its pieces joined), simplified to at most
    ``most`` vertices, in fractions of the mask's width and height. It follows a lobulated
    or curved lesion closely and never spans a structure the lesion wraps round. Empty
    mask: empty list."""
    if not mask.any():
        return []
    h, w = mask.shape
    ring = np.array(_trace(_connected(mask)), float)[:, ::-1] + 0.5  # (x, y) pixel centres
    if len(ring) < 3:
        x, y = ring[0]
        ring = np.array([[x - 0.5, y - 0.5], [x + 0.5, y - 0.5], [x + 0.5, y + 0.5],
                         [x - 0.5, y + 0.5]])
    tol = 0.7
    pts = _simplify(np.vstack([ring, ring[:1]]), tol)[:-1]
    while len(pts) > most:
        tol *= 1.5
        pts = _simplify(np.vstack([ring, ring[:1]]), tol)[:-1]
    return [(round(float(np.clip(x / w, 0, 1)), 4), round(float(np.clip(y / h, 0, 1)), 4))
            for x, y in pts]


def index_map(index: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """An integer map (−1 = none) resized to (width, height) by nearest neighbour."""
    im = Image.fromarray((index.astype(np.int32) + 1).astype(np.uint8)).resize(
        size, Image.Resampling.NEAREST)
    return np.asarray(im, np.int16) - 1


def disjoint(masks: np.ndarray, weight: np.ndarray | None = None) -> np.ndarray:
    """Per-lesion footprints (n, h, w), which may touch or (in a projection) overlap, made
    disjoint: a contested pixel belongs to the lesion with the most projected ``weight``
    there, and each footprint keeps two pixels clear of the others, so that hotspot regions
    (polygons simplified round the footprints) never share a point."""
    if len(masks) < 2:
        return masks
    weight = np.ones(masks.shape, np.float32) if weight is None else weight
    owner = np.where(masks.any(axis=0), np.argmax(np.where(masks, weight, -np.inf), axis=0),
                     -1)
    out = np.empty_like(masks)
    for i in range(len(masks)):
        other = (owner >= 0) & (owner != i)
        out[i] = (owner == i) & ~ndimage.binary_dilation(other, iterations=2)
    return out


def stack_map(masks: np.ndarray) -> np.ndarray:
    """Per-lesion boolean masks (n, h, w) → one index map (later lesions on top)."""
    out = np.full(masks.shape[1:], -1, np.int16)
    for i, m in enumerate(masks):
        out[m] = i
    return out


def box_round(mask: np.ndarray, pad: int = 0) -> tuple[slice, slice]:
    """The rows and columns round what ``mask`` holds (it holds something), ``pad`` wider."""
    rows, cols = np.nonzero(mask)
    return np.s_[max(rows.min() - pad, 0):rows.max() + pad + 1,
                 max(cols.min() - pad, 0):cols.max() + pad + 1]
