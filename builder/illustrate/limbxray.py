"""Radiographs of one lower limb: AP and lateral knee, and AP femur (hip to knee).

Parallel projection through a block of the body around the limb (1.25 mm voxels, the
lesion-free block computed once per body and cached on disk): each pixel shows the line
integral of attenuation (the pelvis radiograph's tissue values, builder.illustrate.xray),
bone white, with a little unsharp equalisation and quantum noise. Unmineralised NHO is
invisible, as on every radiograph; mineral shows as on the pelvis film.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image

from builder.illustrate import phantom, xray
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, index_map, outline, resize, stack_map, to_u8
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Scene, View
from builder.illustrate.solids import paint_grid
from builder.illustrate.tissues import lesion_index

STEP = 1.25
HALF_X, Y_RANGE = 95.0, (-115.0, 125.0)
# (below, above) the knee-joint line, mm; the femur view runs up to the femoral head
SPANS = {View.XRAY_AP_KNEE: (110.0, 150.0), View.XRAY_LATERAL_KNEE: (110.0, 150.0)}


def _key(scene: Scene) -> str:
    return "L" if scene.side == "left" else "R"


def _axes(spec: BodySpec, view: View, key: str) -> tuple[np.ndarray, ...]:
    b = phantom.body(spec)
    side = b.landmarks[key]
    kz, kx = float(side["knee"][2]), float(side["knee"][0])
    if view == View.XRAY_AP_FEMUR:
        lo, hi = kz - 50, float(side.head[2]) + 45
        cx = (kx + float(side.head[0])) / 2
        half = 150.0
    else:
        below, above = SPANS[view]
        lo, hi, cx, half = kz - below, kz + above, kx, HALF_X
    xs = np.arange(cx - half + STEP / 2, cx + half, STEP, dtype=np.float32)
    ys = np.arange(Y_RANGE[0] + STEP / 2, Y_RANGE[1], STEP, dtype=np.float32)
    zs = np.arange(lo + STEP / 2, hi, STEP, dtype=np.float32)
    return xs, ys, zs


@lru_cache(maxsize=4)
def _base(spec: BodySpec, view: View, key: str) -> np.ndarray:
    """Lesion-free tissue codes of the block (z, y, x), cached on disk per body."""
    xs, ys, zs = _axes(spec, view, key)
    b = phantom.body(spec)

    def make() -> dict[str, np.ndarray]:
        labels = np.zeros((len(zs), len(ys), len(xs)), np.uint8)
        paint_grid(labels, b.solids, xs, ys, zs)
        return {"labels": labels}

    name = f"limb-{view}-{key}-{xs[0]:.2f}-{zs[0]:.2f}-{len(xs)}-{len(zs)}"
    import builder.illustrate.limbxray as me
    return phantom.body_cached(spec, name, make, me)["labels"]


def _block(scene: Scene) -> np.ndarray:
    key = _key(scene)
    base = _base(scene.body, scene.view, key)
    if not scene.lesions:
        return base
    from builder.illustrate.lesions import lesion_solids

    labels = base.copy()
    xs, ys, zs = _axes(scene.body, scene.view, key)
    paint_grid(labels, lesion_solids(phantom.body(scene.body), tuple(scene.lesions),
                                     swell=False), xs, ys, zs)
    return labels


def _project(scene: Scene, labels: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Line integral and its trabecular part (rows = heights from the top, columns across)
    and each lesion's footprint."""
    mu, trab = xray.mu_tables(scene)
    axis = 2 if scene.view == View.XRAY_LATERAL_KNEE else 1
    line = (mu[labels].sum(axis=axis) * STEP)[::-1]
    tline = (trab[labels].sum(axis=axis) * STEP)[::-1]
    idx = lesion_index(labels)
    feet = [np.any(idx == i, axis=axis)[::-1] for i in range(len(scene.lesions))]
    if scene.view == View.XRAY_LATERAL_KNEE:  # anterior on the left of the image
        line, tline, feet = line[:, ::-1], tline[:, ::-1], [f[:, ::-1] for f in feet]
    return line, tline, feet


def render_limb(scene: Scene, width: int) -> Frame:
    labels = _block(scene)
    line, tline, feet = _project(scene, labels)
    empty = scene.model_copy(update={"lesions": []})
    line0, tline0, _ = _project(empty, _base(scene.body, scene.view, _key(scene))) \
        if scene.lesions else (line, tline, feet)
    height = int(round(width * line.shape[0] / line.shape[1]))
    size = (width, height)
    mm = line.shape[1] * STEP / width
    texture = xray._texture((height, width), mm)

    def equalised(ln: np.ndarray, tl: np.ndarray) -> np.ndarray:
        big = resize(ln - 0.5 * blur(ln, 25 / STEP), size)
        return big + 0.35 * resize(tl, size) * (texture - 0.45)

    base = equalised(line0, tline0)
    inside = resize(line0, size) > 0.5
    lo, hi = np.percentile(base[inside], [3, 99.7]) if inside.any() else (0.0, 1.0)
    rng = np.random.default_rng(scene.seed)
    quantum = blur(rng.standard_normal((height, width)).astype(np.float32), 0.8)
    quantum *= 0.015 / max(float(quantum.std()), 1e-6)

    def shown(img: np.ndarray, noisy: bool) -> Image.Image:
        v = np.clip((img - lo) / (hi - lo), 0, 1) ** 1.3
        return Image.fromarray(to_u8(np.clip(v + (quantum if noisy else 0), 0, 1)))

    outlines = [outline(f) for f in feet]
    side = "LEFT" if scene.side == "left" else "RIGHT"
    what = {View.XRAY_AP_KNEE: "KNEE AP", View.XRAY_LATERAL_KNEE: "KNEE LATERAL",
            View.XRAY_AP_FEMUR: "FEMUR AP"}[scene.view]
    edges = ("ANT", "POST") if scene.view == View.XRAY_LATERAL_KNEE else ("R", "L")
    lmap = index_map(stack_map(np.array(feet)), size) if feet else None
    img = equalised(line, tline) if scene.lesions else base
    return Frame(shown(img, True).convert("RGB"), outlines, edges, mm,
                 f"Radiograph {side} {what}", lesion_map=lmap,
                 without=shown(base, True), smooth=shown(base, False))


def joint_space(scene: Scene) -> float:
    """The narrowest gap (mm) between femoral and tibial bone along AP rays through the
    knee: the radiographic joint space of the medial and lateral compartments."""
    from builder.illustrate.tissues import BONE

    key = _key(scene)
    labels = _base(scene.body, View.XRAY_AP_KNEE, key)
    xs, ys, zs = _axes(scene.body, View.XRAY_AP_KNEE, key)
    bone = np.isin(labels, list(BONE)).any(axis=1)  # (z, x) silhouette
    kz = float(phantom.body(scene.body).landmarks[key]["knee"][2])
    near = np.abs(zs - kz) < 25
    gaps = []
    for ix in range(len(xs)):
        col = bone[near, ix]
        runs = np.flatnonzero(np.diff(col.astype(np.int8)) != 0)
        if col.any() and len(runs) >= 2 and col[0] and col[-1]:
            gap = (~col).sum() * STEP
            gaps.append(gap)
    return float(np.median(gaps)) if gaps else 0.0
