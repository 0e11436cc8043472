"""Compression ultrasound of a deep vein: one picture holding the pair a sonographer records,
the vein in short axis without and with the probe pressed down.

A normal vein collapses under the probe (its area falls almost to nothing); a thrombosed
vein does not, and holds thrombus (acute: low-level echoes filling a distended vein;
chronic: echogenic, around a narrow channel); a vein pressed by a lesion is narrowed from
the side of the mass. With colour Doppler the patent lumen fills with colour and a thrombus
does not. The tissues around come from the body (builder.illustrate.us's echo tables and
speckle), the vein from the shared geometry (builder.illustrate.vessels).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from builder.illustrate import doppler, phantom, us, vessels
from builder.illustrate.frame import Frame
from builder.illustrate.marks import _font
from builder.illustrate.raster import blur, index_map, outline, resize
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import T, is_muscle, lesion_index

WIDTH_MM, DEPTH_MM = 50.0, 50.0
STEP = 0.1  # mm
FAT_SQUASH = 0.45  # fat thins by this share under the probe (soft)
MUSCLE_SQUASH = 0.08  # muscle, far firmer
ECHO = {"lumen": 0.0004, "acute": 0.05, "chronic": 0.45, "wall": 1.1}
WALL_ECHO_MM = 0.4  # the echogenic intima-media and adventitia of a vessel wall

UNDERFILL_MM, BLEED_MM = 0.3, 0.25  # colour stops short of, or bleeds over, the wall
COLOUR_PIXEL_MM = 0.3  # colour Doppler is sampled more coarsely than the greyscale


@dataclass(frozen=True)
class Panel:
    """One half of the pair: smooth echo and gain maps, labels, the specular echoes, the
    vein masks and where the vein is (all on the STEP grid, rows = depth from the skin)."""

    echo: np.ndarray
    gain: np.ndarray
    spec: np.ndarray
    labels: np.ndarray
    vein: np.ndarray
    lumen: np.ndarray
    clot: np.ndarray


def where(scene: Scene) -> tuple[str, float]:
    """The side key and height of the probe: the middle of the named vein segment's upper
    part (the common femoral vein in the groin, the femoral vein in the upper thigh)."""
    key = "L" if scene.side == "left" else "R"
    b = phantom.body(scene.body)
    top, bottom = vessels.segment_z(b, key, scene.vein)
    return key, top - min(0.5 * (top - bottom), 45.0)


def panel(scene: Scene, press: float, squeeze: bool = True, lesions: bool = True) -> Panel:
    key, z = where(scene)
    sec = vessels.section(scene, key, z)
    if not squeeze:
        sec = vessels.Section(sec.x, sec.y, sec.r, sec.clot)
    u = -WIDTH_MM / 2 + STEP * (np.arange(int(WIDTH_MM / STEP)) + 0.5)
    xs = (sec.x + u).astype(np.float32)
    back = scene.vein == "popliteal"  # scanned from behind the knee
    if back:  # the skin follows the curve of the back of the knee under the probe
        coarse = np.array([_back_skin(scene, float(x), z) for x in xs[::20]])
        skin = np.interp(xs, xs[::20], coarse).astype(np.float32)
    else:
        skin = np.full(len(xs), np.median(us._skin_y(scene, xs[::40], np.full(
            len(xs[::40]), z, np.float32))), np.float32)
    depth = STEP * (np.arange(int(DEPTH_MM / STEP)) + 0.5)
    sc = scene if lesions else scene.model_copy(update={"lesions": []})
    deep = STEP * (np.arange(int(DEPTH_MM * (1 + FAT_SQUASH) / STEP)) + 0.5)
    xx0 = np.broadcast_to(xs[None, :], (len(deep), len(xs))).astype(np.float32)
    yy0 = (skin[None, :] + (1 if back else -1) * deep[:, None]).astype(np.float32)
    name = (f"compression-{scene.side}-{scene.vein}-{z:.2f}-{WIDTH_MM}-{DEPTH_MM}"
            f"-{float(skin.mean()):.2f}-{float(np.ptp(skin)):.2f}")
    full = phantom.cached_plane(sc, name, xx0, yy0, np.full_like(xx0, z))
    full, xx0, yy0 = _skin_on_probe(full, xx0, yy0)
    rows = _pressed_rows(full, press, len(depth))
    cols = np.arange(len(xs))[None, :]
    lab, xx, yy = _soften(full[rows, cols]), xx0[rows, cols], yy0[rows, cols]
    vein, lumen, clot = vessels.masks(sec, xx, yy, press)
    if sec.clot == "acute":  # the thin channel round it is slow, too: it echoes like the
        lumen, clot = np.zeros_like(vein), vein  # clot, not as a black ring, and shows no colour
    t = us._tables(sc)
    echo = t["echo"][lab].copy()
    # the vessels lie in fibro-fatty tissue of the femoral sheath and triangle, mid-grey
    # with echogenic strands like the muscle round it, not a dark fat disc (which reads
    # as a mass); the strands stay put under the probe
    sheath = us.sheath(lab, vein)
    strands = us._fat_strands(full.shape, np.random.default_rng(7))[rows, cols]
    echo = np.where(sheath, us.MUSCLE_ECHO * (1 + 0.5 * strands), echo)
    near = np.hypot(xx - sec.x, yy - sec.y) < sec.r * 2.6 + 4
    echo = np.where(near & (lab == T.VEIN), us.MUSCLE_ECHO, echo)  # the drawn vein replaces
    # the body's
    if scene.vein == "common-femoral":  # the femoral nerve, lateral to the artery
        nerve = _femoral_nerve(full, xx0, yy0, xx, yy, np.sign(sec.x)) & ~vein
        lab = np.where(nerve, T.NERVE, lab)
        echo = np.where(nerve, _fascicles(xx, yy), echo)
    lumens = vein | (lab == T.ARTERY)  # both vessels have a thin bright wall
    wall = (ndimage.distance_transform_edt(~lumens) * STEP <= WALL_ECHO_MM) & ~lumens
    echo = np.where(vein, np.where(clot, ECHO[sec.clot or "acute"], ECHO["lumen"]), echo)
    echo = np.where(wall, ECHO["wall"], echo)
    # fascial planes echo where they face the probe (the rule of builder.illustrate.us)
    planes = np.where(sheath | (near & (lab == T.VEIN)), us.host(lab, sheath), lab)
    spec = us.specular(planes, t, np.ones(lab.shape, np.float32), np.random.default_rng(8))
    kappa = t["kappa"][lab] * STEP
    trans = np.exp(-2 * (np.cumsum(kappa, axis=0) - kappa))
    trans = us.penumbra(trans, 1 / STEP, 1 / STEP)
    atten = 10 ** (-us.RESIDUAL_DB_PER_MM * depth[:, None] / 10)
    return Panel(blur(echo, (1.0, 1.0)).astype(np.float32), (trans * atten).astype(np.float32),
                 blur(spec, (1.0, 1.0)).astype(np.float32), lab, vein, lumen, clot)


def _skin_on_probe(full: np.ndarray, xx0: np.ndarray, yy0: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The skin meets the probe face all along it (gel fills any hollow), so each column
    starts at its own skin: where the body's surface dips under a flat probe, the air
    above it would otherwise shadow the whole column into a dark vertical band."""
    lead = np.argmax(full != T.AIR, axis=0)
    if not lead.any():
        return full, xx0, yy0
    rows = np.minimum(np.arange(full.shape[0])[:, None] + lead[None, :], full.shape[0] - 1)
    cols = np.arange(full.shape[1])[None, :]
    return full[rows, cols], xx0[rows, cols], yy0[rows, cols]


SOFTEN_MM = 1.5  # fat and muscle boundaries are smoothed over this (see _soften)


def _soften(lab: np.ndarray) -> np.ndarray:
    """The plane with the boundaries between fat and muscles smoothed over SOFTEN_MM:
    where a thin wedge of one muscle ends between fat and another, the fascial line drew
    a sharp step (review 4, d0/d1); other tissues are left as they are."""
    return us.smoothed(lab, (lab == T.FAT) | is_muscle(lab), (SOFTEN_MM / STEP,) * 2)


NERVE_MM = (4.0, 2.0)  # semi-axes of the femoral nerve in short axis (lateral, deep)


def _femoral_nerve(full: np.ndarray, xx0: np.ndarray, yy0: np.ndarray, xx: np.ndarray,
                   yy: np.ndarray, lateral: float) -> np.ndarray:
    """The femoral nerve in the groin: a flat oval a few millimetres lateral to the
    femoral artery, in the body's coordinates (so the probe moves it with the tissue);
    ``lateral`` is +1 when the patient's lateral side lies towards +x."""
    art = full == T.ARTERY
    if not art.any():
        return np.zeros(xx.shape, bool)
    ax, ay = float(xx0[art].mean()), float(yy0[art].mean())
    ra = float(np.sqrt(art.sum() / np.pi)) * STEP
    cx = ax + lateral * (ra + 1.5 + NERVE_MM[0])
    return ((xx - cx) / NERVE_MM[0]) ** 2 + ((yy - ay) / NERVE_MM[1]) ** 2 <= 1


def _fascicles(xx: np.ndarray, yy: np.ndarray) -> np.ndarray:
    """Echo of a nerve in short axis: dark fascicles in bright connective tissue (the
    'honeycomb'), about a millimetre apart."""
    dots = np.cos(np.pi * xx / 0.7) * np.cos(np.pi * yy / 0.7)
    return np.where(dots > 0.5, 0.08, 1.6).astype(np.float32)


def _pressed_rows(full: np.ndarray, press: float, rows: int) -> np.ndarray:
    """Source row of every displayed row under the probe (``press`` 0…1): subcutaneous
    and perivascular fat, soft, thins by FAT_SQUASH, muscle by MUSCLE_SQUASH, so the
    superficial tissue is visibly thinner and the vessels come nearer the probe."""
    weight = np.where(full == T.FAT, 1 - FAT_SQUASH * press,
                      np.where(is_muscle(full), 1 - MUSCLE_SQUASH * press, 1.0))
    weight = blur(weight.astype(np.float32), (0.5 / STEP, 3.0 / STEP))  # pressed smoothly
    shown = np.cumsum(weight, axis=0) * STEP
    want = STEP * (np.arange(rows) + 0.5)
    src = np.stack([np.searchsorted(shown[:, c], want) for c in range(full.shape[1])], axis=1)
    return np.minimum(src, full.shape[0] - 1)


def _back_skin(scene: Scene, x: float, z: float) -> float:
    """Height (y) of the posterior skin under a point (where a probe behind the knee lies)."""
    skin = phantom.body(scene.body).solids[0]  # the skin is painted first
    ys = np.arange(-200.0, 100.0, 0.5, dtype=np.float32)
    inside = skin.inside(np.full_like(ys, x), ys, np.full_like(ys, z))
    return float(ys[np.argmax(inside)])


def areas(scene: Scene) -> tuple[float, float]:
    """Area (mm²) of the vein without and with compression, measured on the drawn masks."""
    return tuple(float(panel(scene, p).vein.sum()) * STEP * STEP for p in (0.0, 1.0))


def _colour(flow: np.ndarray, art: np.ndarray, seed: int, mm: float
            ) -> tuple[np.ndarray, np.ndarray]:
    """Colour Doppler of the open vein (blue, away from the probe) and the artery (red),
    as a scanner draws it: grainier than the greyscale (grain about COLOUR_PIXEL_MM),
    fastest mid-stream, mottled, and not quite true to the wall: along the wall the
    colour stops short of it by up to UNDERFILL_MM (slow flow removed by the wall filter)
    or bleeds over it by up to BLEED_MM (blooming), changing slowly round the vessel;
    inside, rounded dropouts, more often near the wall where flow is slow (square ones,
    one colour pixel each, read as a rendering artefact). The artery's fastest mid-stream
    flow exceeds the velocity scale and wraps to the other colour (aliasing).
    ``mm``: millimetres per pixel. Returns (RGB, where colour shows)."""
    rng = np.random.default_rng(seed + 31)
    grain = max(COLOUR_PIXEL_MM / mm, 1.0)

    def smooth(sigma: float) -> np.ndarray:
        a = blur(rng.standard_normal(flow.shape).astype(np.float32), sigma)
        return (a - a.mean()) / max(float(a.std()), 1e-6)

    mottle, jitter, keep = smooth(1.6), smooth(0.5 * grain), smooth(grain)
    edge = smooth(6 * grain)  # how far colour stops short of or bleeds over the wall
    reach = np.clip(0.5 + 0.5 * edge, 0, 1) * (UNDERFILL_MM + BLEED_MM) - UNDERFILL_MM
    speed = np.zeros(flow.shape, np.float32)
    on = np.zeros(flow.shape, bool)
    taken = flow | art
    for mask, sign, peak in ((flow, -1.0, 0.7), (art, 1.0, 0.87)):
        if not mask.any():
            continue
        depth = ndimage.distance_transform_edt(mask) * mm
        out = ndimage.distance_transform_edt(~mask) * mm
        mid = depth / max(float(depth.max()), 1.0)  # 0 at the wall, 1 mid-stream
        shown = np.where(mask, depth, -out) > -reach  # short of, or over, the wall
        shown &= mask | ~taken  # never over the other vessel
        v = peak * (0.3 + 0.7 * (1 - (1 - mid) ** 2)) * (1 + 0.2 * mottle + 0.1 * jitter)
        v = np.clip(v, 0.1, None)
        if sign > 0:  # arterial flow past the top of the scale wraps round: aliased
            v = np.where(v > 1.0, v - 2.0, v)
        speed = np.where(shown, sign * v, speed)
        on |= shown & (keep > -0.3 - 4.0 * mid)
    return doppler.colours(speed), on


def render_compression(scene: Scene, width: int) -> Frame:
    pw = width // 2 - 8
    ph = int(round(pw * DEPTH_MM / WIDTH_MM))
    top = int(round(0.09 * width))
    height = top + ph + int(round(0.05 * width))
    lefts = (4, width // 2 + 4)
    canvas = np.zeros((height, width, 3), np.uint8)
    twins = [np.zeros((height, width), np.uint8) for _ in range(2)]
    lmap = np.full((height, width), -1, np.int16)
    outlines: list[list[tuple[float, float]]] = [[] for _ in scene.lesions]
    rng_seed = scene.seed
    for k, press in enumerate((0.0, 1.0)):
        p = panel(scene, press)
        p0 = panel(scene, press, squeeze=False, lesions=False) if scene.lesions else p
        sp = us.speckle((pw, ph), rng_seed + k)

        def shown(q: Panel, speck: np.ndarray | float) -> np.ndarray:
            maps = tuple(resize(m, (pw, ph), Image.Resampling.BILINEAR)
                         for m in (q.echo, q.gain, q.spec))
            return np.clip(np.rint(us.speckled(maps, (pw, ph), speck) * 255), 0,
                           255).astype(np.uint8)

        left = lefts[k]
        grey = shown(p, sp)
        canvas[top:top + ph, left:left + pw] = grey[..., None]
        twins[0][top:top + ph, left:left + pw] = shown(p0, sp)
        twins[1][top:top + ph, left:left + pw] = shown(p0, 1.0)
        if scene.doppler:
            sub = canvas[top:top + ph, left:left + pw]
            flow = resize(p.lumen.astype(np.float32), (pw, ph)) > 0.5
            art = resize((p.labels == T.ARTERY).astype(np.float32), (pw, ph)) > 0.5
            if press == 0:  # colour is judged before the probe presses
                colour, on = _colour(flow, art, rng_seed, WIDTH_MM / pw)
                sub[on] = colour[on]
                vein = resize(p.vein.astype(np.float32), (pw, ph)) > 0.5  # the box is
                x0, y0, x1, y1 = doppler.around(vein | art, (pw, ph))  # set over the vein
                box = (left + x0, top + y0, left + x1, top + y1)
        idx = lesion_index(p.labels)
        lmap[top:top + ph, left:left + pw] = index_map(idx, (pw, ph))
        if press == 0:
            for i in range(len(scene.lesions)):
                outlines[i] = [(round((left + x * pw) / width, 4),
                                round((top + y * ph) / height, 4)) for x, y in outline(idx == i)]
    im = Image.fromarray(canvas)
    draw = ImageDraw.Draw(im)
    if scene.doppler:
        draw.rectangle(box, outline=(220, 220, 220), width=2)
    for k, text in enumerate(("WITHOUT COMPRESSION", "WITH COMPRESSION")):
        draw.text((lefts[k] + 6, top - int(0.04 * width)), text, fill=(235, 235, 235),
                  font=_font(max(14, width // 48)))
    _, z = where(scene)
    side = "LEFT" if scene.side == "left" else "RIGHT"
    name = vessels.label(scene, "L" if scene.side == "left" else "R", z).upper()
    title = f"US {side} {name} TRANS" + (" + colour Doppler" if scene.doppler else "")
    return Frame(im, outlines, ("R", "L"), WIDTH_MM / pw, title, (0, top, width, top + ph),
                 lmap, None, Image.fromarray(twins[0]), Image.fromarray(twins[1]))
