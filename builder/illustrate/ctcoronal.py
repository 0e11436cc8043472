"""CT coronal reformat: one coronal plane through the hip joints, from above the iliac crests
to below the knees, seen from the front (the patient's right on the left, cranial up).

The plane is sampled from the same body and lesions as the axial slices and turned into
Hounsfield units with the axial renderer's tissue table (builder.illustrate.ct.hu_tables):
oedema lowers the density, mineral raises it, cancellous bone gets a trabecular texture.
"""
from __future__ import annotations

import numpy as np

from builder.illustrate import ct, noise3d, phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import LESION_FIRST, T

STEP = 0.8  # mm
X_HALF = 210.0
TOP = 130.0


def _plane(scene: Scene) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    b = phantom.body(scene.body)
    y = float(np.mean([b.landmarks[k].acetabulum[1] for k in "RL"]))
    bottom = float(min(b.landmarks[k]["knee"][2] for k in "RL")) - 60
    xs = np.arange(-X_HALF + STEP / 2, X_HALF, STEP, dtype=np.float32)
    zs = np.arange(TOP - STEP / 2, bottom, -STEP, dtype=np.float32)
    return xs, zs, np.float32(y), bottom


def hounsfield(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """HU of the coronal plane (rows from the top) and its tissue codes."""
    xs, zs, y, _ = _plane(scene)
    xx, zz = np.meshgrid(xs, zs)
    yy = np.full_like(xx, y)
    name = f"coronal-{float(y):.2f}-{len(xs)}-{len(zs)}-{float(zs[-1]):.1f}"
    labels = phantom.cached_plane(scene, name, xx, yy, zz)
    t = ct.hu_tables(scene)
    hu = t["hu"][labels]
    ridge = 1.0 - np.abs(noise3d.noise(xx, yy, zz, 2.2, 1234))
    net = np.clip((ridge - 0.82) / 0.18, 0, 1) ** 1.2
    sparse = 1.0 - 0.45 * scene.body.osteopenia
    hu = np.where(labels == T.TRABECULAR, 40 + 120 * sparse + 700 * net * sparse, hu)
    lesion = labels >= LESION_FIRST
    mineral = t["mineral"][labels]
    hu = np.where(lesion, hu - t["water"][labels] * (hu - ct.OEDEMA_HU), hu)
    hu = np.where(lesion, hu + mineral * (1150 - hu) + t["trab"][labels] * 400 * net, hu)
    return blur(hu, 0.6), labels


def render_ct_coronal(scene: Scene, width: int) -> Frame:
    hu, labels = hounsfield(scene)
    hu0 = hounsfield(scene.model_copy(update={"lesions": []}))[0] if scene.lesions else hu
    height = int(round(width * hu.shape[0] / hu.shape[1]))
    return ct.framed(scene, hu, hu0, labels, (width, height), 2 * X_HALF / width,
                     "CT coronal reformat through the hip joints"
                     f"{', IV contrast' if scene.contrast else ''}")



