"""Radiograph: Beer–Lambert line integrals of attenuation through the phantom, AP projection.

Each detector pixel sees exp(−∫μ dl) along an antero-posterior ray. The display shows the line
integral (log of the detected intensity) so that bone is white, after the unsharp equalisation
that digital radiography applies to pelvic films. Unmineralised tissue has almost the same μ as
muscle, which is why early heterotopic ossification is invisible on a radiograph.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from builder.illustrate import phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, outline, resize, to_u8, value_noise
from builder.illustrate.scene import Lesion, Scene
from builder.illustrate.tissues import CORE, LESION_FIRST, ZONES, T, zone_mix

MU_SOFT, MU_FAT, MU_CORTEX, MU_TRAB = 0.0210, 0.0199, 0.0570, 0.0300  # per mm (~60 keV)
MU = {T.AIR: 0.0, T.SKIN: MU_SOFT, T.FAT: MU_FAT, T.URINE: 0.0206, T.BOWEL: 0.0200,
      T.ARTERY: 0.0212, T.VEIN: 0.0212, T.CARTILAGE: 0.0220, T.CORTICAL: MU_CORTEX,
      T.TRABECULAR: MU_TRAB, T.MARROW: 0.0190, T.DISC: 0.0220, T.CAPSULE: 0.0215, T.GAS: 0.0}
Z_TOP, Z_BOTTOM = 200.0, -160.0  # film from above the iliac crests to the proximal femora
EQUALISE, EQ_SIGMA_MM = 0.5, 50.0


def mu_tables(lesions: tuple[Lesion, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per-code μ (per mm) and per-code trabecular μ excess (modulated by a texture)."""
    mu = np.full(256, MU_SOFT, np.float32)
    trab = np.zeros(256, np.float32)
    for code, v in MU.items():
        mu[code] = v
    trab[T.TRABECULAR] = MU_TRAB - MU_SOFT
    for i, les in enumerate(lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            soft = MU_SOFT - 0.0005 * mix.water
            code = LESION_FIRST + ZONES * i + zone
            mu[code] = (1 - mix.mineral) * soft + mix.mineral * MU_CORTEX
            if zone == CORE:
                trab[code] = mix.trabecular * (mu[code] - MU_SOFT)
    return mu, trab


def _rows(vol: phantom.Volume) -> slice:
    k0 = int(np.searchsorted(vol.zs, Z_BOTTOM))
    k1 = int(np.searchsorted(vol.zs, Z_TOP))
    return slice(k0, k1)


def projections(lesions: tuple[Lesion, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Line integral, trabecular part and per-lesion footprints (rows: top = cranial)."""
    vol = phantom.volume(lesions)
    lab = vol.labels[_rows(vol)]
    mu, trab = mu_tables(lesions)
    dy = float(vol.ys[1] - vol.ys[0])
    line = np.take(mu, lab).sum(axis=1, dtype=np.float32) * dy
    tline = (lab == T.TRABECULAR).sum(axis=1).astype(np.float32) * (trab[T.TRABECULAR] * dy)
    footprint = np.zeros((len(lesions), lab.shape[0], lab.shape[2]), bool)
    if lesions:  # lesions are small: work on their voxels only
        sel = lab >= LESION_FIRST
        k, _, i = np.nonzero(sel)
        codes = lab[sel]
        which = (codes - LESION_FIRST) // ZONES
        footprint[which, k, i] = True
        np.add.at(tline, (k, i), trab[codes] * dy)
        for n, les in enumerate(lesions):  # immature mineral is amorphous: an ill-defined cloud
            sigma = float(np.interp(les.maturity, [0.2, 0.6, 0.9], [3.0, 1.2, 0.0])) / 1.5
            on = which == n
            if sigma <= 0 or not on.any():
                continue
            excess = np.zeros_like(line)
            np.add.at(excess, (k[on], i[on]), (mu[codes[on]] - MU_SOFT) * dy)
            mottle = 1.0 + 0.5 * value_noise(excess.shape, 3.0, np.random.default_rng(n + 5))
            line += blur(excess * mottle, sigma) - excess
    return line[::-1], tline[::-1], footprint[:, ::-1]


DISPLAY_RANGE = (0.6696403622627258, 3.457538065671918, 3.892500400543213)
"""What ``display_range()`` derives, stored because deriving it takes 0.3 s that every
rendering process would pay again; a test keeps the two equal."""


def display_range() -> tuple[float, float, float]:
    """Window of the equalised line integral (low, high, median), fixed by the normal phantom
    so that every radiograph (with or without lesions) uses the same grey scale."""
    line, _, _ = projections(())
    eq = line - EQUALISE * blur(line, EQ_SIGMA_MM / 1.5)
    body = line > 0.5
    lo, hi = np.percentile(eq[body], [6, 99.7])
    return float(lo), float(hi), float(np.percentile(line[body], 50))


def render_xray(scene: Scene, width: int) -> Frame:
    lesions = tuple(scene.lesions)
    line, tline, footprint = projections(lesions)
    height = int(round(width * line.shape[0] / line.shape[1]))
    eq = line - EQUALISE * blur(line, EQ_SIGMA_MM / 1.5)
    big = resize(eq, (width, height))
    tbig = resize(tline, (width, height))
    lbig = resize(line, (width, height))
    mm = (phantom.GRID_X[1] - phantom.GRID_X[0]) / width
    tex = 1.0 - np.abs(value_noise(big.shape, 0.9 / mm, np.random.default_rng(77)))
    big += 0.5 * tbig * (tex - 0.5)
    lo, hi, mid = DISPLAY_RANGE
    rng = np.random.default_rng(scene.seed)
    quantum = blur(rng.standard_normal(big.shape).astype(np.float32), 0.8)
    quantum *= 0.012 * (hi - lo) / max(float(quantum.std()), 1e-6)
    big += quantum * np.exp(0.35 * (lbig - mid)).clip(0.3, 2.5) * (lbig > 0.05)
    g = np.clip((big - lo) / (hi - lo), 0, 1) ** 1.4
    img = Image.fromarray(to_u8(g)).convert("RGB")
    outlines = [outline(f) for f in footprint]
    return Frame(img, outlines, ("R", "L"), mm, "Radiograph AP pelvis")
