"""Contrast venography: an AP projection of one leg's deep vein filled with contrast.

Contrast shows the lumen only: the picture is the thickness of opacified blood along each
ray, over the faint shadow of the bones. It is drawn from the shared vein geometry
(builder.illustrate.vessels): a thrombus leaves a filling defect (acute: a lucent column
outlined by a thin rim of contrast; chronic: a narrow, eccentric channel), and a vein pressed
by a lesion is narrowed from outside over the length of the mass. The muscles and the lesion
itself are not shown (a venogram shows the veins, not the muscles).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from builder.illustrate import phantom, vessels
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, resize, to_u8
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import BONE

FOV = 300.0  # mm wide, centred on the leg
TOP = 125.0  # above the iliac crest; the picture runs down to below the knee
STEP = 0.5  # mm
NOISE = 0.012


def _key(scene: Scene) -> str:
    return "L" if scene.side == "left" else "R"


def _contrast(scene: Scene, xs: np.ndarray, zs: np.ndarray, squeeze: bool) -> np.ndarray:
    """Millimetres of contrast along each AP ray (rows = heights, columns = xs): the vein
    projected as a tube along its course, narrowed where a lesion presses on it (its width
    seen from the front), with a thrombus as a column the contrast flows around."""
    key = _key(scene)
    b = phantom.body(scene.body)
    out = np.zeros((len(zs), len(xs)), np.float32)
    for i, z in enumerate(zs):
        sec = vessels.section(scene, key, float(z))
        if sec is None:
            continue
        if not squeeze:
            sec = vessels.Section(sec.x, sec.y, sec.r, sec.clot)
        k = 1.0 - 0.7 * sec.squeeze
        dx, dy = abs(sec.push[0]), abs(sec.push[1])
        grow = {"": 1.0, "acute": 1.3, "chronic": 0.85}[sec.clot]
        kv = 1 + 0.35 * (1 - k)  # the flattened vein widens the other way (vessels.masks)
        half = sec.r * grow * float(np.hypot(k * dx, kv * dy)) if sec.squeeze else sec.r * grow
        depth = sec.r * grow * float(np.hypot(k * dy, kv * dx)) if sec.squeeze else sec.r * grow
        cx = sec.x + sec.push[0] * sec.r * 0.8 * sec.squeeze
        slope = (vessels.centre(b, key, float(z) + 15)[0]
                 - vessels.centre(b, key, float(z) - 15)[0]) / 30
        half *= float(np.hypot(1.0, slope))  # an oblique vein is wider across a row
        u = (xs - cx) / max(half, 0.3)
        chord = 2 * depth * np.sqrt(np.clip(1 - u * u, 0, 1))
        if sec.clot:
            head = _head(scene, key, float(z))
            if sec.clot == "acute":  # a column of clot outlined by contrast
                inner = np.clip(half - 1.2, 0.3, None) * head
                ui = (xs - cx) / inner
                chord = chord - 2 * (depth - 1.2) * np.sqrt(np.clip(1 - ui * ui, 0, 1)) * head
            else:  # a narrow eccentric channel left open
                uc = (xs - (cx + 0.45 * half)) / (0.3 * half)
                chord = np.where(head > 0, 2 * 0.3 * depth * np.sqrt(np.clip(1 - uc * uc, 0, 1)),
                                 chord)
        out[i] = np.clip(chord, 0, None)
    return out


def _head(scene: Scene, key: str, z: float) -> float:
    """1 inside a thrombus, falling to 0 over its rounded ends (8 mm)."""
    b = phantom.body(scene.body)
    best = 0.0
    for th in scene.thrombi:
        if ("L" if th.side == "left" else "R") != key:
            continue
        top, bottom = vessels.segment_z(b, key, th.vein)
        if bottom <= z <= top:
            t = float(np.clip(min(top - z, z - bottom) / 8.0, 0, 1))  # rounded ends
            best = max(best, float(np.sqrt(1 - (1 - t) ** 2)))
    return best


@lru_cache(maxsize=4)
def _bones(spec: BodySpec, key: str) -> tuple[np.ndarray, ...]:
    """Bone and soft-tissue thickness (mm) along AP rays: (z, x) maps and their axes, from
    the pelvis grid above the thigh and the limb's own block below it."""
    from builder.illustrate import limbxray
    from builder.illustrate.scene import View

    out = []
    vol = phantom.base_volume(spec)
    out.append((vol.labels, vol.xs, vol.zs, 1.5))
    block = limbxray._base(spec, View.XRAY_AP_FEMUR, key)
    xs, _, zs = limbxray._axes(spec, View.XRAY_AP_FEMUR, key)
    out.append((block, xs, zs, limbxray.STEP))
    maps = []
    for labels, xs, zs, step in out:
        bone = np.isin(labels, list(BONE)).sum(axis=1) * step
        soft = (labels != 0).sum(axis=1) * step
        maps.append((bone.astype(np.float32), soft.astype(np.float32), xs, zs))
    return tuple(maps)


def _background(scene: Scene, xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """Attenuation of bone and soft tissue, interpolated from the pelvis grid (above its
    lowest level) and the limb block (below it)."""
    (pb, ps, px, pz), (lb, ls, lx, lz) = _bones(scene.body, _key(scene))
    out = np.zeros((len(zs), len(xs)), np.float32)
    for bone, soft, bx, bz, use in ((lb, ls, lx, lz, zs < pz[0] + 20),
                                    (pb, ps, px, pz, zs >= pz[0] + 20)):
        if not use.any():
            continue
        att = 0.012 * bone + 0.0016 * soft
        fx = np.interp(xs, bx, np.arange(len(bx)), left=-1, right=-1)
        fz = np.interp(zs[use], bz, np.arange(len(bz)), left=-1, right=-1)
        ix, iz = np.clip(np.rint(fx), 0, len(bx) - 1).astype(int), np.clip(
            np.rint(fz), 0, len(bz) - 1).astype(int)
        part = att[np.ix_(iz, ix)] * (fx >= 0)[None, :] * (fz >= 0)[:, None]
        out[use] = part
    return blur(out, 1.5)


OVERLAP = 30.0  # mm the two films share, as overlapping spot films do
GAP = 12  # pixels between the films


def _grid(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    b = phantom.body(scene.body)
    side = b.landmarks[_key(scene)]
    cx = float((side["knee"][0] + side.head[0]) / 2)
    xs = (cx - FOV / 2 + STEP * (np.arange(int(FOV / STEP)) + 0.5)).astype(np.float32)
    bottom = float(side["knee"][2]) - 45
    zs = (TOP - STEP * (np.arange(int((TOP - bottom) / STEP)) + 0.5)).astype(np.float32)
    return xs, zs


def _split(zs: np.ndarray) -> tuple[slice, slice]:
    """Rows of the upper film (pelvis and upper thigh) and the lower (thigh to knee)."""
    half, extra = len(zs) // 2, int(OVERLAP / 2 / STEP)
    return slice(0, half + extra), slice(half - extra, len(zs))


def locate(scene: Scene, x: float, z: float, width: int) -> tuple[int, int]:
    """Pixel (column, row) where the point (x, z) appears on the venogram drawn at
    ``width`` (on the upper film if it is on both)."""
    xs, zs = _grid(scene)
    upper, lower = _split(zs)
    film = (width - GAP) // 2
    scale = film / len(xs)  # pixels per grid step, the same on both films
    i = int(np.argmin(np.abs(zs - z)))
    col = int((x - xs[0]) / STEP * scale)
    if i < upper.stop:
        return col, int(i * scale)
    return film + GAP + col, int((i - lower.start) * scale)


def render_venogram(scene: Scene, width: int) -> Frame:
    """Two overlapping films side by side, upper on the left, as a venogram's spot films
    are shown: the whole deep vein from the pelvis to below the knee at a readable size."""
    key = _key(scene)
    xs, zs = _grid(scene)
    back = _background(scene, xs, zs)
    dye, dye0 = (blur(_contrast(scene, xs, zs, s), 0.8) for s in (True, False))
    upper, lower = _split(zs)
    rows = max(upper.stop - upper.start, lower.stop - lower.start)
    film = (width - GAP) // 2
    fh = int(round(film * rows / len(xs)))
    rng = np.random.default_rng(scene.seed)
    noise = [resize(blur(rng.standard_normal((rows, len(xs))).astype(np.float32), 1.0),
                    (film, fh)) * NOISE / 0.28 for _ in range(2)]

    def shown(d: np.ndarray, noisy: bool) -> Image.Image:
        canvas = np.zeros((fh, width), np.uint8)
        for k, part in enumerate((upper, lower)):
            a = back[part] + 0.09 * d[part]  # contrast absorbs far more than soft tissue
            if a.shape[0] < rows:
                a = np.pad(a, ((0, rows - a.shape[0]), (0, 0)))
            v = 0.12 + 0.75 * (1 - np.exp(-resize(a, (film, fh)))) + (noise[k] if noisy else 0)
            left = k * (film + GAP)
            canvas[:, left:left + film] = to_u8(np.clip(v, 0, 1))
        return Image.fromarray(canvas)

    side = "LEFT" if key == "L" else "RIGHT"
    return Frame(shown(dye, True).convert("RGB"), [[] for _ in scene.lesions], ("R", "L"),
                 FOV / film, f"Contrast venogram, {side} leg, AP (two films)",
                 lesion_map=None, without=shown(dye0, True), smooth=shown(dye0, False))
