"""Helpers for the illustration tests: scenes, unmarked frames and region masks."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from builder.illustrate.measure import mask_of
from builder.illustrate.render import render_frame
from builder.illustrate.scene import Lesion, Scene

WIDTH = 768  # the smallest allowed width keeps the suite fast
ROOT = Path(__file__).resolve().parents[2]


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


def authored(case: str, figure: str) -> Scene:
    """The scene of a case's figure as its case file authors it (``case``: the file's stem)."""
    data = yaml.safe_load((ROOT / "cases" / f"{case}.yaml").read_text(encoding="utf-8"))
    return Scene.model_validate(next(f["scene"] for s in data["studies"]
                                     for f in s.get("figures", []) if f["id"] == figure))


def differential(row: int, side: str) -> Scene:
    """The scene of one side of a row of the differential page, as authored."""
    data = yaml.safe_load((ROOT / "content" / "data" / "differential.yaml").read_text(
        encoding="utf-8"))
    return Scene.model_validate(data["rows"][row][side]["scene"])
