"""CT: an axial slice of the phantom in Hounsfield units, with noise and a display window.

Radiological convention: the image is viewed from the feet, so the patient's right is on the
image's left and anterior is up.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from builder.illustrate import phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, edges, outline, resize, to_u8, value_noise
from builder.illustrate.scene import Scene, Window
from builder.illustrate.tissues import (
    CORE,
    LESION_FIRST,
    ZONES,
    T,
    is_muscle,
    lesion_index,
    zone_mix,
)

FOV = 400.0  # mm, square
MATRIX = 512
CENTRE_Y = -35.0
WINDOWS = {Window.SOFT_TISSUE: (400.0, 40.0), Window.BONE: (1800.0, 450.0)}
NOISE_HU = 10.0

BASE_HU = {T.AIR: -1000, T.SKIN: 40, T.FAT: -100, T.URINE: 5, T.BOWEL: 25, T.ARTERY: 40,
           T.VEIN: 40, T.CARTILAGE: 75, T.CORTICAL: 1250, T.TRABECULAR: 260, T.MARROW: -40,
           T.DISC: 80, T.CAPSULE: 65, T.GAS: -950}
MUSCLE_HU, ENHANCE_HU = 50.0, 20.0


def hu_table(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """Per-code HU and per-code trabecular-texture weight for this scene."""
    hu = np.full(256, 50.0, np.float32)
    trab = np.zeros(256, np.float32)
    for code, v in BASE_HU.items():
        hu[code] = v
    hu[16:41] = MUSCLE_HU + (ENHANCE_HU if scene.contrast else 0)
    if scene.contrast:
        hu[T.ARTERY], hu[T.VEIN] = 180, 150
    trab[T.TRABECULAR] = 1.0
    for i, les in enumerate(scene.lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            enhance = ENHANCE_HU * mix.perfusion if scene.contrast else 0.0
            soft = MUSCLE_HU - 32 * mix.water + enhance
            code = LESION_FIRST + ZONES * i + zone
            hu[code] = (1 - mix.mineral) * soft + mix.mineral * BASE_HU[T.CORTICAL]
            if zone == CORE:
                trab[code] = mix.trabecular
    return hu, trab


def axes() -> tuple[np.ndarray, np.ndarray]:
    px = FOV / MATRIX
    xs = -FOV / 2 + px * (np.arange(MATRIX) + 0.5)
    ys = CENTRE_Y + FOV / 2 - px * (np.arange(MATRIX) + 0.5)  # row 0 = anterior
    return xs.astype(np.float32), ys.astype(np.float32)


def hounsfield(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """HU image (MATRIX², before noise) and the label slice it came from."""
    xs, ys = axes()
    z = phantom.LEVEL_Z[str(scene.level)]
    labels = phantom.sample_axial(scene.lesions, z, xs, ys)
    hu_lut, trab_lut = hu_table(scene)
    hu = hu_lut[labels]
    # trabecular bone: a fixed (anatomical, not noise) network of plates and rods
    tex_rng = np.random.default_rng(1234)
    ridge = 1.0 - np.abs(value_noise(hu.shape, 1.7, tex_rng))
    net = np.clip((ridge - 0.55) / 0.45, 0, 1) ** 1.5
    w = trab_lut[labels]
    lesion_core = w > 0
    hu = np.where(labels == T.TRABECULAR, 170 + 330 * net, hu)
    core_hu = hu * (1 - 0.6 * w) + w * (80 + 700 * net)
    hu = np.where(lesion_core & (labels != T.TRABECULAR), core_hu, hu)
    # thin fat planes between muscle groups
    mus = is_muscle(labels)
    planes = edges(np.where(mus, labels, 0)) & mus
    hu = np.where(planes, hu - 80, hu)
    # couch under the patient
    yy = ys[:, None]
    top = -146 + 0.0006 * xs[None, :] ** 2
    couch = (labels == T.AIR) & (yy < top) & (yy > top - 9) & (np.abs(xs[None, :]) < 205)
    hu = np.where(couch, -350.0, hu)
    return blur(hu, 0.6), labels


def render_ct(scene: Scene, width: int) -> Frame:
    hu, labels = hounsfield(scene)
    rng = np.random.default_rng(scene.seed)
    noise = blur(rng.standard_normal(hu.shape).astype(np.float32), 0.7)
    noise *= NOISE_HU / max(float(noise.std()), 1e-6)
    big = resize(hu + noise, (width, width))
    ww, wl = WINDOWS[scene.window]
    grey = to_u8((big - (wl - ww / 2)) / ww)
    img = Image.fromarray(grey).convert("RGB")
    idx = lesion_index(labels)
    outlines = [outline(idx == i) for i in range(len(scene.lesions))]
    level = {"superior": "acetabular roof", "inferior": "femoral heads", "thigh": "proximal thighs"}
    caption = (f"CT axial, {level[str(scene.level)]}{' +C' if scene.contrast else ''}  "
               f"W{ww:.0f} L{wl:.0f}")
    return Frame(img, outlines, ("R", "L"), FOV / width, caption)
