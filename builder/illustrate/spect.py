"""Bone scintigraphy (Tc-99m diphosphonate): planar views of a three-phase study and true
SPECT slices, with the camera's blur and counting noise.

Activity follows IMAGING-FACTS: in the delayed phase it follows osteoblastic activity (normal
bone moderate, the bladder hot from urinary excretion, soft tissue faint); forming NHO takes
up tracer once mineral is being laid down, most while it mineralises, and falls towards
normal bone as it matures. The flow and blood-pool phases show perfusion instead: vessels,
hyperaemic tissue (positive from the start, before any mineral), little bone. Planar views
sum the body along the line of sight with attenuation (the side nearer the camera is
brighter); SPECT slices are tomographic: a slab a few millimetres thick, blurred in three
dimensions. The display is fixed relative to normal bone (40-45 % of full scale), never
scaled to the hottest pixel, so a hot bladder or lesion saturates instead of dimming the
skeleton.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image
from scipy import ndimage

from builder.illustrate import phantom, sites
from builder.illustrate.frame import Frame
from builder.illustrate.raster import index_map, outline, resize, stack_map
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Phase, Scene, View
from builder.illustrate.tissues import LESION_FIRST, MUSCLES, ZONES, T, zone_mix

# cortical bone (the shafts, the thin subchondral plates) takes up less than trabecular bone,
# so the joint surfaces and the cartilage between them read as a thin cooler line
BONE = {T.CORTICAL: 0.7, T.TRABECULAR: 1.15, T.MARROW: 0.25, T.CARTILAGE: 0.05, T.DISC: 0.1}
SOFT = 0.05
URINE = 3.0  # hot, but not so far above the scale that its blurred edge is a step
POOL = 2  # the 1.5 mm grid pooled to 3 mm voxels
FWHM_MM = {"spect": 8.0, "planar": 9.0}  # modern SPECT with resolution recovery
MU_TC = 0.011  # per mm: attenuation of 140 keV photons in soft tissue
# normal bone's share of the display scale: a slice has no overlying tissue, so a lesion
# stands further above normal bone than on a planar view, and the scale leaves it more room
NORMAL_FRACTION = {"spect": 0.40, "planar": 0.45}
HYPERAEMIA_MM = 20.0  # FWHM over which a hyperaemic region's edge fades (flow, blood pool)
SLICE_MM = 6.0  # displayed slice thickness (two 3 mm planes)
# the coronal slice is centred this far behind the acetabular centres: through the femoral
# heads and the necks, which run back from the heads to the trochanters
CORONAL_BEHIND_MM = 2.0
COUNTS = {"spect": 70.0, "planar": 160.0}  # counts per pixel where normal bone is


def activity_table(scene: Scene) -> np.ndarray:
    """Tracer activity per tissue code, for the scene's phase."""
    act = np.full(256, SOFT, np.float32)
    phase = scene.phase if scene.view in (View.BONE_SCAN_ANTERIOR,
                                          View.BONE_SCAN_POSTERIOR) else Phase.DELAYED
    act[T.AIR] = 0.0
    if phase == Phase.DELAYED:
        for code, v in BONE.items():
            act[code] = v * (1 - 0.25 * scene.body.osteopenia)
        act[T.URINE] = URINE
        act[T.FAT] = 0.02
    else:  # flow and blood pool: blood, and perfusion of the tissues
        blood = 6.0 if phase == Phase.FLOW else 2.2
        act[T.ARTERY] = blood * (1.3 if phase == Phase.FLOW else 1.0)
        act[T.VEIN] = blood * (0.4 if phase == Phase.FLOW else 1.0)
        act[list(MUSCLES)] = 0.12 if phase == Phase.BLOOD_POOL else 0.06
        act[T.FAT] = 0.03
        for code in BONE:
            act[code] = 0.18 if phase == Phase.BLOOD_POOL else 0.08
        act[T.URINE] = 0.6 if phase == Phase.BLOOD_POOL else 0.0
        act[T.UTERUS] = 0.3
    for i, les in enumerate(scene.lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            code = LESION_FIRST + ZONES * i + zone
            if phase == Phase.DELAYED:
                act[code] = mix.uptake
            else:
                act[code] = act[int(MUSCLE_CODE)] * mix.perfusion * (2.2 if phase == Phase.FLOW
                                                                     else 1.6)
    return act


MUSCLE_CODE = min(MUSCLES)


def _phase(scene: Scene) -> Phase:
    planar = scene.view in (View.BONE_SCAN_ANTERIOR, View.BONE_SCAN_POSTERIOR)
    return scene.phase if planar else Phase.DELAYED


def _pool(a: np.ndarray) -> np.ndarray:
    nz, ny, nx = (n // POOL for n in a.shape)
    return a[:nz * POOL, :ny * POOL, :nx * POOL].reshape(nz, POOL, ny, POOL, nx, POOL).mean(
        axis=(1, 3, 5)).astype(np.float32)


@lru_cache(maxsize=6)
def _body_activity(body_json: str, phase: Phase) -> np.ndarray:
    """Activity of the lesion-free body on 3 mm voxels (the same for every picture of this
    body and phase)."""
    scene = Scene(view=View.BONE_SCAN_ANTERIOR, phase=phase,
                  body=BodySpec.model_validate_json(body_json))
    act = phantom.body_cached(
        scene.body, f"activity-{phase.value}",
        lambda: {"act": _pool(activity_table(scene)[phantom.base_volume(scene.body).labels])},
        __import__(__name__, fromlist=["x"]))["act"]
    act.setflags(write=False)
    return act


def _pooled(scene: Scene) -> tuple[np.ndarray, np.ndarray, phantom.Volume]:
    """Activity on 3 mm voxels, and the 3 mm lesion-index volume (−1 where none): the body's
    activity with the lesions' block pooled again."""
    base = phantom.base_volume(scene.body)
    act = _body_activity(scene.body.model_dump_json(), _phase(scene))
    nz, ny, nx = act.shape
    idx = np.full(act.shape, -1, np.int16)
    if not scene.lesions:
        return act, idx, base
    vol = phantom.volume(scene.body, tuple(scene.lesions))
    painted = vol.lesion_box
    les = vol.labels[painted] >= LESION_FIRST
    if not les.any():
        return act, idx, vol
    box = []
    for axis, n in enumerate((nz, ny, nx)):
        hit = np.flatnonzero(les.any(axis=tuple(a for a in range(3) if a != axis))) \
            + painted[axis].start
        box.append(slice(int(hit[0]) // POOL, min(int(hit[-1]) // POOL + 1, n)))
    fine = tuple(slice(b.start * POOL, b.stop * POOL) for b in box)
    act = act.copy()
    act[tuple(box)] = _pool(activity_table(scene)[vol.labels[fine]])
    if _phase(scene) != Phase.DELAYED:
        act = _fade(act, _body_activity(scene.body.model_dump_json(), _phase(scene)),
                    float(vol.xs[1] - vol.xs[0]) * POOL)
    lab = vol.labels[fine][::POOL, ::POOL, ::POOL]
    idx[tuple(box)] = np.where(lab >= LESION_FIRST,
                               (lab.astype(np.int16) - LESION_FIRST) // ZONES, -1)
    return act, idx, vol


def _fade(act: np.ndarray, body: np.ndarray, mm: float) -> np.ndarray:
    """Hyperaemia has no edge: the extra perfusion of an inflamed muscle fades into the
    tissue round it over a centimetre or two, so the lesion's excess activity is spread
    in three dimensions (inside the body only) instead of ending where the muscle's
    outline or the lesion's solid is cut."""
    excess = ndimage.gaussian_filter(act - body, HYPERAEMIA_MM / 2.355 / mm)
    return np.where(body > 0, np.maximum(body + excess, 0), 0).astype(np.float32)


@lru_cache(maxsize=4)
def _attenuation(body_json: str, anterior: bool) -> np.ndarray:
    """exp(−μ·depth) from each 3 mm voxel to the camera, through the body (per body)."""
    act = _body_activity(body_json, Phase.DELAYED)
    vol = phantom.base_volume(BodySpec.model_validate_json(body_json))
    mm = float(vol.xs[1] - vol.xs[0]) * POOL
    body = act > 0
    depth = np.cumsum(body[:, ::-1, :], axis=1)[:, ::-1, :] if anterior else \
        np.cumsum(body, axis=1)
    return np.exp(-MU_TC * mm * depth).astype(np.float32)


def _normal_level(scene: Scene) -> float:
    """What normal bone reaches in this kind of image: the femoral heads of the same body
    without lesions (delayed phase), or the brightest normal tissue (flow, blood pool). The
    display is fixed from it, so lesions are compared with normal bone, not with each
    other."""
    img, heads = _noiseless(_empty_json(scene))
    if _phase(scene) == Phase.DELAYED:
        vals = [float(img[max(r - 2, 0):r + 3, max(c - 2, 0):c + 3].mean()) for r, c in heads]
        return float(np.mean(vals)) if vals else float(np.percentile(img, 99))
    return float(np.percentile(img, 99.5)) * 0.55


def _empty_json(scene: Scene) -> str:
    return scene.model_copy(update={"lesions": [], "seed": 0}).model_dump_json()


def render_spect(scene: Scene, width: int) -> Frame:
    img, feet, mm, kind = _image(scene)
    level = _normal_level(scene)
    img0 = _noiseless(_empty_json(scene))[0] if scene.lesions else img
    # counting noise: Gaussian with the Poisson variance, drawn from one fixed field per seed
    # (so a lesion changes the counts where it is and nowhere else)
    z = np.random.default_rng(scene.seed).standard_normal(img.shape).astype(np.float32)

    def counted(image: np.ndarray, noisy: bool = True) -> np.ndarray:
        lam = np.clip(image / level, 0, None) * COUNTS[kind]
        out = np.maximum(lam + np.sqrt(lam) * z * noisy, 0) / COUNTS[kind]
        return ndimage.gaussian_filter(out, 0.7) if kind == "spect" else out

    frame = _finish(scene, counted(img), feet, mm, kind, width)
    frame.without = _display(counted(img0), kind, frame.image.size)
    frame.smooth = _display(counted(img0, False), kind, frame.image.size)
    return frame


@lru_cache(maxsize=8)
def _noiseless(scene_json: str) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The image of a lesion-free scene without noise, and the pixel (row, column) of each
    femoral head centre (cached: every picture of that view of that body shares it)."""
    scene = Scene.model_validate_json(scene_json)
    img, _, mm, kind = _image(scene)
    b = phantom.body(scene.body)
    vol = phantom.base_volume(scene.body)
    heads = []
    for key in "RL":
        c = b.landmarks[key].acetabulum
        col = int((c[0] - vol.xs[0]) / mm)
        if kind == "planar" or scene.view == View.SPECT_CORONAL:
            row = img.shape[0] - 1 - int((c[2] - vol.zs[0]) / mm)
        else:
            row = img.shape[0] - 1 - int((c[1] - vol.ys[0]) / mm)
        if scene.view == View.BONE_SCAN_POSTERIOR:
            col = img.shape[1] - 1 - col
        heads.append((row, col))
    return img, heads


def _slab(a: np.ndarray, axis: int, centre: float, sigma: float, width: float) -> np.ndarray:
    """The slice of ``a`` ``width`` planes thick centred on (fractional) plane ``centre``
    along ``axis``, blurred in three dimensions: the blurred planes weighted by how much of
    each the slice covers; only the part that the Gaussian reaches is blurred."""
    edges = centre - width / 2, centre + width / 2
    ks = np.arange(int(np.floor(edges[0] + 0.5)), int(np.floor(edges[1] + 0.5)) + 1)
    ks = ks[(ks >= 0) & (ks < a.shape[axis])]
    w = np.minimum(ks + 0.5, edges[1]) - np.maximum(ks - 0.5, edges[0])
    ks, w = ks[w > 0], w[w > 0]
    r = int(4.0 * sigma + 0.5) + 1
    lo, hi = max(int(ks[0]) - r, 0), min(int(ks[-1]) + r + 1, a.shape[axis])
    part = ndimage.gaussian_filter(np.take(a, np.arange(lo, hi), axis=axis), sigma)
    return np.tensordot(w / w.sum(), np.take(part, ks - lo, axis=axis), axes=([0], [axis]))


def _image(scene: Scene) -> tuple[np.ndarray, np.ndarray, float, str]:
    """The noiseless image (rows top = cranial or anterior, columns as displayed), the
    lesion footprints, millimetres per pixel, and 'planar' or 'spect'."""
    act, idx, vol = _pooled(scene)
    mm = float(vol.xs[1] - vol.xs[0]) * POOL
    b = phantom.body(scene.body)
    n = len(scene.lesions)
    if scene.view in (View.BONE_SCAN_ANTERIOR, View.BONE_SCAN_POSTERIOR):
        anterior = scene.view == View.BONE_SCAN_ANTERIOR
        # attenuation on the way to the camera: tissue between each voxel and the detector
        img = (act * _attenuation(scene.body.model_dump_json(), anterior)).sum(axis=1)
        img = ndimage.gaussian_filter(img, FWHM_MM["planar"] / 2.355 / mm)
        feet = np.stack([(idx == i).any(axis=1) for i in range(n)]) if n else \
            np.zeros((0, *img.shape), bool)
        img, feet = img[::-1], feet[:, ::-1]
        if not anterior:  # a posterior view is seen from behind: the patient's right is right
            img, feet = img[:, ::-1], feet[:, :, ::-1]
        return img, feet, mm, "planar"
    sigma = FWHM_MM["spect"] / 2.355 / mm
    thick = SLICE_MM / mm

    def plane(coords: np.ndarray, at: float) -> float:  # fractional 3 mm plane index
        return (at - float(coords[0] + coords[1]) / 2) / mm

    if scene.view == View.SPECT_AXIAL:
        at = plane(vol.zs, phantom.level_z(b, scene.level))
        img = _slab(act, 0, at, sigma, thick)[::-1]  # anterior up
        k = int(round(at))
        feet = np.stack([(idx[max(k - 2, 0):k + 3] == i).any(axis=0)[::-1]
                         for i in range(n)]) if n else np.zeros((0, *img.shape), bool)
    else:
        at = plane(vol.ys, float(np.mean([b.landmarks[k].acetabulum[1] for k in "RL"]))
                   - CORONAL_BEHIND_MM)
        img = _slab(act, 1, at, sigma, thick)[::-1]
        j = int(round(at))
        feet = np.stack([(idx[:, max(j - 2, 0):j + 3, :] == i).any(axis=1)[::-1]
                         for i in range(n)]) if n else np.zeros((0, *img.shape), bool)
    return img, feet, mm, "spect"


def _display(img: np.ndarray, kind: str, size: tuple[int, int]) -> Image.Image:
    """Counts to display: normal bone at NORMAL_FRACTION of the scale; planar views in
    inverted grey (hot is black), slices in a heat scale."""
    big = np.clip(resize(img, size) * NORMAL_FRACTION[kind], 0, 1)
    if kind == "planar":
        grey = np.rint((1 - big) * 255).astype(np.uint8)
        return Image.fromarray(np.stack([grey] * 3, -1))
    return Image.fromarray(heat(big))


def _finish(scene: Scene, img: np.ndarray, feet: np.ndarray, mm: float, kind: str,
            width: int) -> Frame:
    """The displayed picture, outlines and labels."""
    planar = kind == "planar"
    height = int(round(width * img.shape[0] / img.shape[1]))
    outlines = [outline(f) for f in feet]
    scale = mm * img.shape[1] / width
    if planar:
        where = "anterior" if scene.view == View.BONE_SCAN_ANTERIOR else "posterior"
        caption = f"Bone scan, {where} view, {scene.phase.value.replace('-', ' ')} phase " \
                  "(Tc-99m MDP)"
        labels = ("R", "L") if scene.view == View.BONE_SCAN_ANTERIOR else ("L", "R")
    elif scene.view == View.SPECT_AXIAL:
        caption = f"Bone SPECT, {SLICE_MM:g} mm axial slice at " \
                  f"{sites.level(scene.level).label} (Tc-99m MDP)"
        labels = ("R", "L")
    else:
        caption = f"Bone SPECT, {SLICE_MM:g} mm coronal tomographic slice through the hip " \
                  "joints and femoral necks (Tc-99m MDP)"
        labels = ("R", "L")
    return Frame(_display(img, kind, (width, height)), outlines, labels, scale, caption,
                 lesion_map=index_map(stack_map(feet), (width, height)))


def heat(v: np.ndarray) -> np.ndarray:
    """Black → red → yellow → white colour map of values in [0, 1]."""
    xs = [0.0, 0.35, 0.7, 1.0]
    rgb = np.stack([np.interp(v, xs, [0, 1, 1, 1]), np.interp(v, xs, [0, 0, 1, 1]),
                    np.interp(v, xs, [0, 0, 0, 1])], axis=-1)
    return np.clip(np.rint(rgb * 255), 0, 255).astype(np.uint8)
