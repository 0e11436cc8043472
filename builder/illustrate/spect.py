"""Bone SPECT (Tc-99m diphosphonate): tracer activity by tissue and lesion maturity, a slab of
it, blurred by the camera's resolution, with Poisson counting noise, in a heat colour map.

Uptake follows osteoblastic activity and blood flow: a forming lesion is hot before it holds
any mineral, hottest while it mineralises, and falls back to normal bone as it matures.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from builder.illustrate import phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, box_down, outline, resize
from builder.illustrate.scene import Lesion, Scene, View
from builder.illustrate.tissues import LESION_FIRST, ZONES, T, zone_mix

ACTIVITY = {T.AIR: 0.0, T.SKIN: 0.03, T.FAT: 0.015, T.URINE: 7.0, T.BOWEL: 0.06, T.ARTERY: 0.2,
            T.VEIN: 0.2, T.CARTILAGE: 0.1, T.CORTICAL: 1.0, T.TRABECULAR: 1.25, T.MARROW: 0.3,
            T.DISC: 0.1, T.CAPSULE: 0.1, T.GAS: 0.0}
SOFT_ACTIVITY = 0.045
FWHM_MM = 10.0
CORONAL_DEPTH_MM, AXIAL_SLAB_MM = 50.0, 9.0  # projection normalised to a 50 mm slab
COUNTS_PER_UNIT = 60.0  # counts per pixel for normal bone activity
DISPLAY_MAX = {View.SPECT_CORONAL: 3.6, View.SPECT_AXIAL: 1.8}  # white (fixed: stages compare)
POOL = 2  # 1.5 mm grid pooled to 3 mm pixels


def activity_table(lesions: tuple[Lesion, ...]) -> np.ndarray:
    act = np.full(256, SOFT_ACTIVITY, np.float32)
    for code, v in ACTIVITY.items():
        act[code] = v
    for i, les in enumerate(lesions):
        for zone in range(ZONES):
            act[LESION_FIRST + ZONES * i + zone] = zone_mix(zone, les.maturity).uptake
    return act


def heat(v: np.ndarray) -> np.ndarray:
    """Black → red → yellow → white colour map of values in [0, 1]."""
    xs = [0.0, 0.35, 0.7, 1.0]
    rgb = np.stack([np.interp(v, xs, [0, 1, 1, 1]), np.interp(v, xs, [0, 0, 1, 1]),
                    np.interp(v, xs, [0, 0, 0, 1])], axis=-1)
    return np.clip(np.rint(rgb * 255), 0, 255).astype(np.uint8)


def slab(scene: Scene) -> tuple[np.ndarray, np.ndarray, float]:
    """Activity of the summed coronal slices or of one axial slab (rows: top = cranial or
    anterior), the lesion footprints, and millimetres per pixel."""
    lesions = tuple(scene.lesions)
    vol = phantom.volume(lesions)
    if scene.view == View.SPECT_CORONAL:  # all coronal slices summed: lesions at any depth
        lab, axis = vol.labels, 1
        scale = float(vol.ys[1] - vol.ys[0]) / CORONAL_DEPTH_MM
    else:
        zc = phantom.LEVEL_Z[str(scene.level)]
        lab, axis = vol.labels[np.abs(vol.zs - zc) <= AXIAL_SLAB_MM / 2], 0
        scale = 1.0 / lab.shape[0]
    act = np.take(activity_table(lesions), lab).sum(axis=axis, dtype=np.float32) * scale
    codes_any = np.zeros((len(lesions), *act.shape), bool)
    if lesions:
        where = np.nonzero(lab >= LESION_FIRST)
        codes = lab[where]
        keep = [w for k, w in enumerate(where) if k != axis]
        codes_any[((codes - LESION_FIRST) // ZONES, *keep)] = True
    # orient: coronal rows = z descending; axial rows = y descending (anterior up)
    act, codes_any = act[::-1], codes_any[:, ::-1]
    mm = float(vol.xs[1] - vol.xs[0])
    return act, codes_any, mm


def render_spect(scene: Scene, width: int) -> Frame:
    act, footprints, mm = slab(scene)
    pooled = box_down(act, POOL)
    px_mm = mm * POOL
    sigma = FWHM_MM / 2.3548 / px_mm
    img = blur(pooled, sigma)
    rng = np.random.default_rng(scene.seed)
    counts = rng.poisson(np.clip(img, 0, None) * COUNTS_PER_UNIT).astype(np.float32)
    img = blur(counts / COUNTS_PER_UNIT, 0.6)
    height = int(round(width * act.shape[0] / act.shape[1]))
    big = resize(img, (width, height))
    rgb = heat(np.clip(big / DISPLAY_MAX[scene.view], 0, 1))
    outlines = [outline(f) for f in footprints]
    if scene.view == View.SPECT_CORONAL:
        caption = "Bone SPECT coronal, summed (Tc-99m MDP)"
    else:
        caption = f"Bone SPECT axial, {scene.level} level (Tc-99m MDP)"
    scale = mm * act.shape[1] / width
    return Frame(Image.fromarray(rgb), outlines, ("R", "L"), scale, caption)
