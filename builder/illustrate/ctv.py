"""CT venography: an axial CT slice in the venous phase, the veins full of contrast.

The slice is the CT renderer's (same body, lesions, window and noise); the deep vein of each
side is then drawn from the shared vein geometry (builder.illustrate.vessels): bright with
contrast, a thrombus as a filling defect (acute: filling the distended vein but for a thin
rim of contrast; chronic: eccentric around a narrow channel), and a vein pressed by a lesion
narrowed from outside and moved away from it.
"""
from __future__ import annotations

import numpy as np

from builder.illustrate import ct, phantom, sites, vessels
from builder.illustrate.frame import Frame
from builder.illustrate.heights import slice_z
from builder.illustrate.raster import blur
from builder.illustrate.scene import Scene, View, Window
from builder.illustrate.tissues import LESION_FIRST, T

VENOUS_HU = 190.0  # contrast in the veins (venous phase)
THROMBUS_HU = 48.0  # unenhanced clot
WALL_HU = 70.0


def _draw_veins(scene: Scene, hu: np.ndarray, labels: np.ndarray, z: float,
                squeeze: bool = True) -> np.ndarray:
    xs, ys = ct.axes(z)
    xx, yy = np.meshgrid(xs, ys)
    out = hu.copy()
    for key in "RL":
        sec = vessels.section(scene, key, z)
        if sec is None:
            continue
        if not squeeze:
            sec = vessels.Section(sec.x, sec.y, sec.r, sec.clot)
        d = np.hypot(xx - sec.x, yy - sec.y)
        near = d < sec.r * 2.6 + 4
        # the drawn vein replaces the body's, and the tissue round it fills what the body's
        # vein left (the body's own partial rind of fat stays: no ring of fat is drawn);
        # where a mass has pressed it flat, the tissue pressing on it fills the room it left
        old = near & (labels == T.VEIN)
        if sec.squeeze > 0:
            old |= near & (d < sec.r + 2.5) & (labels != T.ARTERY) & (labels < LESION_FIRST)
        out = np.where(old, _pressing_tissue(out, d, sec.r), out)
        vein, lumen, clot = vessels.masks(sec, xx, yy)
        paint = np.where(lumen, VENOUS_HU, np.where(clot, THROMBUS_HU, WALL_HU))
        ring = blur(vein.astype(np.float32), 0.9)
        layer = np.where(vein, paint, out)
        layer = blur(layer, 0.6)
        out = np.where(near, ring * layer + (1 - ring) * out, out)
    return out


def _pressing_tissue(hu: np.ndarray, d: np.ndarray, r: float) -> float:
    """The soft tissue round a vein (median HU of the ring 3-8 mm beyond it)."""
    ring = hu[(d > r + 3) & (d < r + 8)]
    soft = ring[(ring > -20) & (ring < 130)]
    return float(np.median(soft)) if soft.size else 55.0


def slices(scene: Scene) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(HU with the scene's veins, labels, HU without lesions) before noise."""
    plain = scene.model_copy(update={"view": View.CT_AXIAL, "contrast": True, "seed": 0,
                                     "window": Window.SOFT_TISSUE, "thrombi": []})
    hu, labels = ct._slice(plain.model_dump_json())
    empty = plain.model_copy(update={"lesions": []})
    hu0, labels0 = ct._slice(empty.model_dump_json()) if scene.lesions else (hu, labels)
    z = slice_z(phantom.body(scene.body), scene.level)
    return (_draw_veins(scene, hu, labels, z), labels,
            _draw_veins(scene, hu0, labels0, z, squeeze=False))


def render_ctv(scene: Scene, width: int) -> Frame:
    hu, labels, hu0 = slices(scene)
    where = sites.level(scene.level).label
    z = slice_z(phantom.body(scene.body), scene.level)
    return ct.framed(scene, hu, hu0, labels, (width, width), ct.fov(z) / width,
                     f"CT venography at {where}")
