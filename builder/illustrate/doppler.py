"""Colour Doppler over the B-mode image: arteries, veins and hyperaemic lesion tissue.

Flow is drawn where a Doppler scanner would find it: in arteries (towards the probe, red;
brighter centrally), veins (away, blue), and, in an active lesion, in tortuous small vessels
at its unmineralised edge (the vascular focus and the oedematous rim of tissue around an
immature lesion), never inside mineral. A colour box frames the sampled area and a colour
bar shows the velocity scale, as on a scanner's screen.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from builder.illustrate.raster import resize, value_noise
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import CORE, FOCUS, HALO, LESION_FIRST, RIM, ZONES, T, zone_mix

SCALE_CM_S = 12


def flow(scene: Scene, lab: np.ndarray) -> np.ndarray:
    """Signed flow in [-1, 1] where colour Doppler detects it (0 elsewhere)."""
    out = np.zeros(lab.shape, np.float32)
    rng = np.random.default_rng(scene.seed + 17)
    active = np.zeros(lab.shape, bool)
    for i, les in enumerate(scene.lesions):
        base = LESION_FIRST + ZONES * i
        if les.vascular:
            active |= lab == base + FOCUS
        if zone_mix(HALO, les.maturity).perfusion > 1.4:  # hyperaemic edge of the mass
            mass = (lab == base + RIM) | (lab == base + CORE)
            near = ndimage.gaussian_filter(mass.astype(np.float32), (30, 15)) > 0.05
            active |= (lab == base + HALO) & near
    vessels = value_noise(lab.shape, 24, rng)
    tortuous = np.abs(vessels) < 0.05
    sign = np.sign(value_noise(lab.shape, 70, rng) + 1e-3)
    speed = 0.3 + 0.6 * np.clip(1 - np.abs(vessels) / 0.08, 0, 1)
    out = np.where(active & tortuous, sign * speed, out)
    for code, v in ((T.ARTERY, 0.85), (T.VEIN, -0.45)):
        m = lab == code
        if m.any():
            out = np.where(m, v, out)
    return out


def overlay(scene: Scene, lab: np.ndarray, size: tuple[int, int]
            ) -> tuple[np.ndarray, np.ndarray] | None:
    """Colour pixels (RGB) and where they go, at display size."""
    f = resize(flow(scene, lab), size, Image.Resampling.NEAREST)
    on = np.abs(f) > 0.05
    red = np.stack([150 + 105 * f, 40 + 170 * np.clip(f - 0.6, 0, 1), np.zeros_like(f)], -1)
    blue = np.stack([np.zeros_like(f), 60 * -f, 130 - 125 * f], -1)
    rgb = np.clip(np.where((f > 0)[..., None], red, blue), 0, 255).astype(np.uint8)
    return rgb, on


def decorate(draw: ImageDraw.ImageDraw, field: tuple[int, int, int, int], width: int,
             target: tuple[float, float, float, float] | None = None) -> None:
    """Colour box around the sampled area (the lesions, given as fractions of the field,
    or the upper two thirds) and the velocity colour bar beside the image."""
    left, t, r, b = field
    fw, fh = r - left, b - t
    if target is None:
        box = [left + 2, t + 2, r - 2, b - fh // 3]
    else:
        x0, y0, x1, y1 = target
        box = [max(left + 2, left + x0 * fw - 40), max(t + 2, t + y0 * fh - 40),
               min(r - 2, left + x1 * fw + 40), min(b - 2, t + y1 * fh + 40)]
    draw.rectangle(box, outline=(220, 220, 220), width=2)
    x0 = r + int(0.045 * width)
    h = (b - t) // 3
    for k in range(h):
        v = 1 - 2 * k / max(h - 1, 1)
        col = (int(150 + 105 * v), int(40 + 170 * max(v - 0.6, 0)), 0) if v > 0 else \
            (0, int(60 * -v), int(130 - 125 * v))
        draw.line([x0, t + k, x0 + 14, t + k], fill=col)
    font = ImageFont.load_default(size=max(12, width // 64))
    draw.text((x0 + 7, t - 4), f"+{SCALE_CM_S}", fill=(230, 230, 230), font=font, anchor="md")
    draw.text((x0 + 7, t + h + 4), f"-{SCALE_CM_S} cm/s", fill=(230, 230, 230), font=font,
              anchor="ma")
