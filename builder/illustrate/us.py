"""Ultrasound: a B-mode plane under a linear probe on the front of the hip or thigh.

Per tissue: backscatter (fat and muscle hypoechoic, septa and fascia echogenic), acoustic
impedance (specular echoes at interfaces, strongest where the beam meets them head-on) and
attenuation (bone and mineral stop the beam: posterior acoustic shadow). Speckle is complex
Gaussian scattering blurred by the pulse, so its grain and Rayleigh statistics are physical.
Scan lines are vertical (linear array); depth is measured from the skin under each line.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from builder.illustrate import phantom
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, edges, outline, resize, value_noise
from builder.illustrate.scene import Level, Scene, Side, View
from builder.illustrate.tissues import (
    CORE,
    FOCUS,
    HALO,
    LESION_FIRST,
    RIM,
    ZONES,
    T,
    is_muscle,
    lesion_index,
    zone_mix,
)

WIDTH_MM, DEPTH_MM = 60.0, 60.0
DU, DD = 0.2, 0.1  # lateral and axial sample spacing, mm
RESIDUAL_DB_PER_MM = 0.25  # attenuation left after time-gain compensation
DYNAMIC_RANGE_DB = 48.0
COMPOUND = 3

# backscatter (amplitude², relative), impedance (MRayl), attenuation of the beam (per mm)
ECHO = {T.AIR: 0.0, T.SKIN: 2.5, T.FAT: 0.07, T.URINE: 0.0, T.BOWEL: 0.6, T.ARTERY: 0.004,
        T.VEIN: 0.006, T.CARTILAGE: 0.01, T.CORTICAL: 1.2, T.TRABECULAR: 1.0, T.MARROW: 0.6,
        T.DISC: 0.3, T.CAPSULE: 1.6, T.GAS: 2.0}
IMPEDANCE = {T.AIR: 0.0004, T.FAT: 1.38, T.URINE: 1.52, T.CORTICAL: 7.8, T.TRABECULAR: 4.0,
             T.MARROW: 1.4, T.CARTILAGE: 1.7, T.GAS: 0.0004}
KAPPA = {T.CORTICAL: 2.5, T.TRABECULAR: 1.5, T.GAS: 3.0, T.AIR: 3.0, T.MARROW: 1.0}
MUSCLE_ECHO, SOFT_Z = 0.2, 1.63


@dataclass(frozen=True)
class Probe:
    """Where the probe sits: centre (mm), in-plane unit direction (image left → right), label."""

    centre: np.ndarray
    direction: np.ndarray
    labels: tuple[str, str]
    name: str


def probe(scene: Scene) -> Probe:
    """Anterior hip (along the femoral neck) or proximal thigh (along the shaft); transverse
    planes are axial at the scene's level, viewed like CT (patient's right on the left)."""
    s = 1.0 if scene.side == Side.LEFT else -1.0
    side = "RIGHT" if s < 0 else "LEFT"
    if scene.view == View.US_LONGITUDINAL:
        if scene.level == Level.THIGH:
            x, _ = phantom.shaft_centre(s, -100)
            return Probe(np.array([x, 0, -100.0]), np.array([0, 0, -1.0]), ("CRAN", "CAUD"),
                         f"{side} THIGH LONG")
        n = phantom.neck_axis(s)
        d = np.array([n[0], 0.0, n[2]]) / np.hypot(n[0], n[2])
        c = phantom.head_centre(s) + 26 * phantom.neck_axis(s)
        if scene.level == Level.SUPERIOR:
            c = c - 14 * d
        return Probe(np.array([c[0], 0, c[2]]), d, ("CRAN", "CAUD"), f"{side} HIP LONG")
    z = phantom.LEVEL_Z[str(scene.level)]
    x = phantom.shaft_centre(s, z)[0] if scene.level == Level.THIGH else s * (phantom.HEAD_X + 5)
    region = "THIGH" if scene.level == Level.THIGH else "HIP"
    return Probe(np.array([x, 0, z]), np.array([1.0, 0, 0]), ("R", "L"), f"{side} {region} TRANS")


def _skin_y(xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """Anterior skin height under each scan line (coarse search, then fine)."""
    ys = np.arange(160.0, -40.0, -1.0)
    lab = phantom.sample_points((), xs[:, None], ys[None, :], zs[:, None])
    first = np.argmax(lab != T.AIR, axis=1)
    ys2 = ys[first][:, None] + 1.0 - np.arange(0, 1.01, 0.1)[None, :]
    lab2 = phantom.sample_points((), xs[:, None], ys2, zs[:, None])
    return ys2[np.arange(len(xs)), np.argmax(lab2 != T.AIR, axis=1)]


def plane_labels(scene: Scene) -> tuple[np.ndarray, Probe]:
    """Tissue codes of the plane (rows = depth from skin, DU-spaced columns), and the probe."""
    pr = probe(scene)
    us = -WIDTH_MM / 2 + DU * (np.arange(int(WIDTH_MM / DU)) + 0.5)
    px, pz = pr.centre[0] + us * pr.direction[0], pr.centre[2] + us * pr.direction[2]
    top = blur(_skin_y(px, pz)[None, :], (0, 4))[0]
    depth = DU * (np.arange(int(DEPTH_MM / DU)) + 0.5)
    lab = phantom.sample_points(scene.lesions, px[None, :], top[None, :] - depth[:, None],
                                pz[None, :])
    return lab, pr


def _tables(scene: Scene) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    echo = np.full(256, MUSCLE_ECHO, np.float32)
    imp = np.full(256, SOFT_Z, np.float32)
    kappa = np.zeros(256, np.float32)
    fibrillar = np.zeros(256, np.float32)
    fibrillar[16:41] = 1.0
    for table, values in ((echo, ECHO), (imp, IMPEDANCE), (kappa, KAPPA)):
        for code, v in values.items():
            table[code] = v
    for i, les in enumerate(scene.lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            code = LESION_FIRST + ZONES * i + zone
            base = {HALO: 0.12, RIM: 0.14, CORE: 0.08, FOCUS: 0.05}[zone]
            echo[code] = base + (1.6 if zone == RIM else 0.9) * mix.mineral ** 0.7
            imp[code] = SOFT_Z - 0.05 * mix.water + mix.mineral * (7.8 - SOFT_Z)
            kappa[code] = 1.4 * mix.mineral ** 2 if zone == RIM else 3.0 * mix.mineral ** 1.5
    return echo, imp, kappa, fibrillar


def _septa(shape: tuple[int, int], longitudinal: bool, rng: np.random.Generator) -> np.ndarray:
    """Echogenic fibro-fatty septa of muscle: oblique 'feathers' along the fibres in long axis,
    scattered bright dots ('starry sky') in short axis. Fixed anatomy, not noise."""
    rows, cols = shape
    d = np.arange(rows, dtype=np.float32)[:, None] * DD
    u = np.arange(cols, dtype=np.float32)[None, :] * (WIDTH_MM / cols)
    if longitudinal:
        sway = value_noise(shape, 120, rng) * 0.18
        angle = 0.2 + sway
        w = d * np.cos(angle) - u * np.sin(angle) + 1.2 * value_noise(shape, 90, rng)
        lines = np.cos(np.pi * w / 1.9) ** 2
        lines = np.clip((lines - 0.88) / 0.12, 0, 1)
        breaks = np.clip(value_noise(shape, 40, rng) * 2 + 0.5, 0, 1)
        return 9.0 * lines * breaks
    dots = value_noise(shape, 5, rng)
    return 12.0 * np.clip((dots - 0.5) / 0.5, 0, 1) ** 2


def _fat_strands(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Fibrous septa of subcutaneous fat: thin echogenic lines roughly parallel to the skin."""
    rows, cols = shape
    d = np.arange(rows, dtype=np.float32)[:, None] * DD
    w = d + 1.5 * value_noise(shape, 100, rng)
    lines = np.clip((np.cos(np.pi * w / 3.1) ** 2 - 0.9) / 0.1, 0, 1)
    return 6.0 * lines * np.clip(value_noise(shape, 60, rng) * 2 + 0.3, 0, 1)


def bmode(scene: Scene) -> tuple[tuple[np.ndarray, ...], np.ndarray, Probe]:
    """Smooth maps on the fine grid (rows DD, cols DU): backscatter, two-way gain (shadowing
    and residual attenuation) and specular echoes; plus the labels and the probe."""
    lab0, pr = plane_labels(scene)
    rows = int(DEPTH_MM / DD)
    lab = np.repeat(lab0, int(round(DU / DD)), axis=0)[:rows]
    echo_t, imp_t, kappa_t, fib_t = _tables(scene)
    anat = np.random.default_rng(4321)
    echo = echo_t[lab]
    fib = fib_t[lab]
    echo = echo * (1 + fib * _septa(lab.shape, scene.view == View.US_LONGITUDINAL, anat)
                   + (lab == T.FAT) * _fat_strands(lab.shape, anat))
    fascia = edges(np.where(is_muscle(lab) | (lab == T.FAT), lab, 0)) & (lab != T.FAT)
    # specular reflection where impedance steps along the beam, strongest at normal incidence
    z = imp_t[lab]
    z_next = np.concatenate([z[1:], z[-1:]], axis=0)
    step = ((z_next - z) / np.maximum(z_next + z, 1e-3)) ** 2
    zs = blur(z, (3.0, 1.5))
    gd = np.gradient(zs, axis=0)
    gu = np.gradient(zs, axis=1) * (DD / DU)
    refl = step * (gd ** 2 / np.maximum(gd ** 2 + gu ** 2, 1e-9)) ** 2 + fascia * 0.004
    # transmission down each scan line (two-way), then residual depth attenuation
    kappa = kappa_t[lab] * DD
    trans = np.exp(-2 * (np.cumsum(kappa, axis=0) - kappa))
    trans *= np.cumprod(1 - np.clip(refl, 0, 0.95), axis=0)
    depth = (np.arange(rows)[:, None] + 0.5) * DD
    atten = 10 ** (-RESIDUAL_DB_PER_MM * depth / 10)
    maps = (echo, trans * atten, blur(refl, (1.2, 1.0)) * trans * atten)
    return maps, lab, pr


def speckled(maps: tuple[np.ndarray, ...], size: tuple[int, int], seed: int) -> np.ndarray:
    """Log-compressed B-mode in [0, 1] at display size: speckle is made at display resolution
    (grain about 0.15 × 0.35 mm) and modulated by the smooth tissue maps."""
    echo, gain, spec = (resize(m, size, Image.Resampling.BILINEAR) for m in maps)
    w, h = size
    rng = np.random.default_rng(seed)
    sy = 0.15 / (DEPTH_MM / h)
    sx = 0.35 / (WIDTH_MM / w)
    sp = np.zeros((h, w), np.float32)
    for _ in range(COMPOUND):  # spatial compounding averages a few independent speckles
        re, im = (blur(rng.standard_normal((h, w)).astype(np.float32), (sy, sx)) for _ in range(2))
        sp += re ** 2 + im ** 2
    sp /= float(sp.mean())
    power = (sp * np.maximum(echo, 0) + spec * 600.0) * gain
    db = 10 * np.log10(power + 1e-6)
    return np.clip((db + 28) / DYNAMIC_RANGE_DB, 0, 1) ** 1.3


def _doppler(scene: Scene, lab: np.ndarray) -> np.ndarray:
    """Signed flow in [-1, 1] where colour Doppler detects it (0 elsewhere)."""
    flow = np.zeros(lab.shape, np.float32)
    if not scene.doppler:
        return flow
    rng = np.random.default_rng(scene.seed + 17)
    focus = np.zeros(lab.shape, bool)
    for i, les in enumerate(scene.lesions):
        if les.vascular:
            focus |= lab == LESION_FIRST + ZONES * i + FOCUS
    vessels = value_noise(lab.shape, 22, rng)
    tortuous = np.abs(vessels) < 0.09
    sign = np.sign(value_noise(lab.shape, 60, rng) + 1e-3)
    speed = 0.35 + 0.65 * np.clip(1 - np.abs(vessels) / 0.09, 0, 1)
    flow = np.where(focus & tortuous, sign * speed, flow)
    flow = np.where(lab == T.ARTERY, 0.9, flow)
    flow = np.where(lab == T.VEIN, -0.5, flow)
    return flow.astype(np.float32)


def render_us(scene: Scene, width: int) -> Frame:
    maps, lab, pr = bmode(scene)
    height = int(round(width * 0.75))
    fh = int(round(height * 0.88))
    fw = int(round(fh * WIDTH_MM / DEPTH_MM))
    left, top = (width - fw) // 2, int(round(height * 0.07))
    canvas = np.zeros((height, width, 3), np.uint8)
    grey = np.clip(np.rint(speckled(maps, (fw, fh), scene.seed) * 255), 0, 255).astype(np.uint8)
    canvas[top:top + fh, left:left + fw] = grey[..., None]
    flow = _doppler(scene, lab)
    if scene.doppler:
        big = resize(flow, (fw, fh), Image.Resampling.NEAREST)
        on = np.abs(big) > 0.05
        red = np.stack([155 + 100 * big, 60 * big ** 2 + 10 * big, np.zeros_like(big)], -1)
        blue = np.stack([np.zeros_like(big), 90 * -big, 140 - 115 * big], -1)
        col = np.where((big > 0)[..., None], red, blue)
        sub = canvas[top:top + fh, left:left + fw]
        sub[on] = np.clip(col[on], 0, 255).astype(np.uint8)
    im = Image.fromarray(canvas)
    draw = ImageDraw.Draw(im)
    if scene.doppler:  # the colour box, around the flow
        ys, xs = np.nonzero(np.abs(flow) > 0.05)
        if xs.size:
            sx, sy = fw / flow.shape[1], fh / flow.shape[0]
            box = [max(0, xs.min() * sx - 30), max(0, ys.min() * sy - 30),
                   min(fw - 1, xs.max() * sx + 30), min(fh - 1, ys.max() * sy + 30)]
            draw.rectangle([left + box[0], top + box[1], left + box[2], top + box[3]],
                           outline=(230, 230, 230))
    for cm in range(int(DEPTH_MM / 10) + 1):  # depth ticks every centimetre
        y = top + int(round(cm * 10 / DEPTH_MM * (fh - 1)))
        draw.line([left + fw + 6, y, left + fw + 16, y], fill=(220, 220, 220), width=2)
    idx = lesion_index(lab)
    outlines = []
    for i in range(len(scene.lesions)):
        poly = outline(idx == i)
        outlines.append([(round((left + x * fw) / width, 4), round((top + y * fh) / height, 4))
                         for x, y in poly])
    mm = WIDTH_MM / fw
    return Frame(im, outlines, pr.labels, mm, f"US {pr.name}" + (" + colour Doppler"
                 if scene.doppler else ""), (left, top, left + fw, top + fh))
