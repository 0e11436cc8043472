"""Helpers for the illustration tests: scenes, unmarked frames and region masks."""
from __future__ import annotations

import numpy as np

from builder.illustrate.measure import mask_of
from builder.illustrate.render import render_frame
from builder.illustrate.scene import Lesion, Scene

WIDTH = 768  # the smallest allowed width keeps the suite fast


def scene(view: str, *lesions: Lesion, **kw) -> Scene:
    return Scene(view=view, lesions=list(lesions), **kw)


def lesion(maturity: float, site: str = "iliopsoas", side: str = "right", **kw) -> Lesion:
    return Lesion(site=site, side=side, maturity=maturity, **kw)


def pixels(sc: Scene) -> np.ndarray:
    """Unmarked image as float RGB (H, W, 3)."""
    return np.asarray(render_frame(sc, WIDTH).image.convert("RGB"), dtype=np.float64)


def grey(sc: Scene) -> np.ndarray:
    return pixels(sc).mean(axis=2)


def region_mask(sc: Scene, index: int = 0) -> np.ndarray:
    """Boolean mask of lesion ``index``'s derived region in the unmarked frame."""
    frame = render_frame(sc, WIDTH)
    poly = frame.outlines[index]
    assert poly, "lesion not in view"
    return mask_of(poly, frame.image.size)


def perimeter_ratio(mask: np.ndarray) -> float:
    """perimeter² / area of a mask (pixel edges), and of the ellipse with its moments."""
    def p2a(m: np.ndarray) -> float:
        edges = (m[:, 1:] != m[:, :-1]).sum() + (m[1:, :] != m[:-1, :]).sum()
        return float(edges) ** 2 / m.sum()

    ys, xs = np.nonzero(mask)
    cov = np.cov(np.vstack([xs, ys]))
    vals, vecs = np.linalg.eigh(cov)
    a, b = 2 * np.sqrt(vals)
    yy, xx = np.mgrid[0:mask.shape[0], 0:mask.shape[1]]
    d = np.stack([xx - xs.mean(), yy - ys.mean()], -1) @ vecs
    ellipse = (d[..., 0] / a) ** 2 + (d[..., 1] / b) ** 2 <= 1
    return p2a(mask) / p2a(ellipse)
