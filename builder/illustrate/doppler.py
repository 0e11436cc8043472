"""Colour Doppler over the B-mode image: arteries, veins and hyperaemic lesion tissue.

Flow is drawn where a Doppler scanner would find it: in arteries (towards the probe, red),
veins (away, blue), and, in an active lesion, as small red and blue blobs in the
unmineralised hyperaemic tissue at its edge (the vascular focus and the oedematous rim round
an immature mass), never inside mineral. Colour appears only inside the colour box and only
where the beam reaches: an acoustic shadow returns no Doppler signal. A colour bar shows the
velocity scale, as on a scanner's screen.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from scipy import ndimage

from builder.illustrate.raster import resize, value_noise
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import CORE, FOCUS, HALO, LESION_FIRST, RIM, ZONES, T, zone_mix

SCALE_CM_S = 12


Box = tuple[int, int, int, int]  # left, top, right, bottom, in pixels of the field


def _active(scene: Scene, lab: np.ndarray) -> np.ndarray:
    """Where a lesion is hyperaemic: its vascular focus, and the oedematous tissue just
    round an immature mass."""
    active = np.zeros(lab.shape, bool)
    for i, les in enumerate(scene.lesions):
        base = LESION_FIRST + ZONES * i
        if les.vascular:
            active |= lab == base + FOCUS
        if zone_mix(HALO, les.maturity).perfusion > 1.4:  # hyperaemic edge of the mass
            mass = (lab == base + RIM) | (lab == base + CORE)
            near = ndimage.gaussian_filter(mass.astype(np.float32), (30, 15)) > 0.05
            active |= (lab == base + HALO) & near
    return active


def flow(scene: Scene, lab: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Signed flow in [-1, 1] at display size where colour Doppler detects it (0 elsewhere):
    blobs a millimetre or two across in hyperaemic lesion tissue, alternately towards
    (red) and away from (blue) the probe; arteries red, veins blue."""
    w, h = size
    rng = np.random.default_rng(scene.seed + 17)
    active = resize(_active(scene, lab).astype(np.float32), size,
                    Image.Resampling.NEAREST) > 0.5
    out = np.zeros((h, w), np.float32)
    if active.any():
        cell = max(6.0, w / 40)  # about 1.5 mm
        blobs = active & (value_noise((h, w), cell, rng) > 0.45)
        parts, n = ndimage.label(blobs)
        if n:
            centre = ndimage.distance_transform_edt(blobs)
            peak = np.asarray(ndimage.maximum(centre, parts, np.arange(1, n + 1)), np.float32)
            speed = 0.35 + 0.6 * centre / np.maximum(peak[np.maximum(parts - 1, 0)], 1)
            sign = np.where(parts % 2 == 1, 1.0, -1.0)
            out = np.where(blobs, sign * speed, out).astype(np.float32)
    for code, v in ((T.ARTERY, 0.85), (T.VEIN, -0.45)):
        m = resize((lab == code).astype(np.float32), size, Image.Resampling.NEAREST) > 0.5
        out = np.where(m, v, out)
    return out


def box(scene: Scene, lab: np.ndarray, size: tuple[int, int]) -> Box:
    """The colour box, as a scanner's operator places it: round the lesions' vascular foci
    (or the lesions) with a margin of a twelfth of the field, or the upper two thirds of the
    field when there is no lesion in view."""
    w, h = size
    codes = {LESION_FIRST + ZONES * i + FOCUS for i, les in enumerate(scene.lesions)
             if les.vascular}
    target = np.isin(lab, list(codes)) if codes else np.zeros(lab.shape, bool)
    if not target.any():
        target = lab >= LESION_FIRST
    if not target.any():
        return (1, 1, w - 2, 2 * h // 3)
    return around(target, size)


def around(target: np.ndarray, size: tuple[int, int]) -> Box:
    """A colour box round ``target`` (a mask at any resolution) on a field of ``size``, a
    twelfth of the field's width beyond it, as an operator places it."""
    w, h = size
    rows, cols = np.nonzero(target)
    sy, sx = h / target.shape[0], w / target.shape[1]
    m = w // 12
    return (max(1, int(cols.min() * sx) - m), max(1, int(rows.min() * sy) - m),
            min(w - 2, int((cols.max() + 1) * sx) + m), min(h - 2, int((rows.max() + 1) * sy) + m))


def inside(b: Box, size: tuple[int, int]) -> np.ndarray:
    """Pixels of the field inside the colour box."""
    w, h = size
    m = np.zeros((h, w), bool)
    m[b[1]:b[3] + 1, b[0]:b[2] + 1] = True
    return m


def overlay(scene: Scene, lab: np.ndarray, size: tuple[int, int], open_beam: np.ndarray,
            b: Box) -> tuple[np.ndarray, np.ndarray]:
    """Colour pixels (RGB) and where they go, at display size: only inside the colour box,
    and only where the beam reaches (no Doppler signal returns from an acoustic shadow)."""
    f = flow(scene, lab, size)
    on = (np.abs(f) > 0.05) & open_beam & inside(b, size)
    return colours(f), on


def colours(f: np.ndarray) -> np.ndarray:
    """RGB of signed flow in [-1, 1] on the scanner's map: towards the probe red to yellow,
    away from it dark to bright blue (the colour bar's map)."""
    red = np.stack([150 + 105 * f, 40 + 170 * np.clip(f - 0.6, 0, 1), np.zeros_like(f)], -1)
    blue = np.stack([np.zeros_like(f), 60 * -f, 130 - 125 * f], -1)
    return np.clip(np.where((f > 0)[..., None], red, blue), 0, 255).astype(np.uint8)


def decorate(draw: ImageDraw.ImageDraw, field: tuple[int, int, int, int], width: int,
             b: Box) -> None:
    """The colour box (``b``, in pixels of the field) and the velocity colour bar beside
    the image."""
    left, t, r, bottom = field
    draw.rectangle([left + b[0], t + b[1], left + b[2], t + b[3]], outline=(220, 220, 220),
                   width=2)
    x0 = r + int(0.045 * width)
    h = (bottom - t) // 3
    for k in range(h):
        v = 1 - 2 * k / max(h - 1, 1)
        col = (int(150 + 105 * v), int(40 + 170 * max(v - 0.6, 0)), 0) if v > 0 else \
            (0, int(60 * -v), int(130 - 125 * v))
        draw.line([x0, t + k, x0 + 14, t + k], fill=col)
    font = ImageFont.load_default(size=max(12, width // 64))
    draw.text((x0 + 7, t - 4), f"+{SCALE_CM_S}", fill=(230, 230, 230), font=font, anchor="md")
    draw.text((x0 + 7, t + h + 4), f"-{SCALE_CM_S} cm/s", fill=(230, 230, 230), font=font,
              anchor="ma")
