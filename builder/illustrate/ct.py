"""CT: an axial slice of the phantom in Hounsfield units, with noise and a display window.

Radiological convention: the image is viewed from the feet, so the patient's right is on the
image's left and anterior is up. Tissue values follow IMAGING-FACTS (fat −100, oedematous
muscle 10–30, muscle 40–60, trabecular bone 200–400, cortex 700+). Oedema is not a sharp
label: its water content is blurred over a few millimetres (the edge of the swollen muscle
is ill defined), the fat planes around it are effaced and the nearby fat shows strands.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from PIL import Image
from scipy.ndimage import (
    binary_dilation,
    distance_transform_edt,
    grey_dilation,
    map_coordinates,
)
from scipy.special import ndtr

from builder.illustrate import noise3d, phantom, sites
from builder.illustrate.frame import Frame
from builder.illustrate.heights import slice_z
from builder.illustrate.raster import (
    blur,
    box_round,
    disjoint,
    edges,
    index_map,
    outline,
    resize,
    to_u8,
)
from builder.illustrate.scene import Scene, Window
from builder.illustrate.tissues import (
    BONE,
    CORE,
    HALO,
    LESION_FIRST,
    RIM,
    ZONES,
    T,
    is_joint,
    is_muscle,
    lesion_code,
    lesion_index,
    lesion_zone,
    oedema,
    rim_thickness,
    zone_mix,
)

FOV = 400.0  # mm, square: the pelvis and the hips
THIGH_FOV = 500.0  # below the hips the two thighs spread wider than the pelvis
THIGH_Z = -100.0  # mm from the hip-joint centres: where the wider field begins
MATRIX = 512
CENTRE_Y = -20.0
WINDOWS = {Window.SOFT_TISSUE: (400.0, 40.0), Window.BONE: (1800.0, 450.0)}
NOISE_HU = 8.0
OEDEMA_SIGMA_MM = 1.8  # 10–90 % edge width ≈ 2.56 σ ≈ 4.6 mm
PLANE_CLEAR_MM = 3.0  # no fat plane drawn this close to a vessel (its own fat is partial)

BASE_HU = {T.AIR: -1000, T.SKIN: 30, T.FAT: -100, T.URINE: 5, T.BOWEL: 20, T.ARTERY: 40,
           T.VEIN: 40, T.CARTILAGE: 85, T.CORTICAL: 1250, T.TRABECULAR: 260, T.MARROW: -50,
           T.DISC: 80, T.CAPSULE: 65, T.GAS: -950, T.FECES: 0, T.UTERUS: 45, T.LABRUM: 75,
           T.JOINT: 12, T.NERVE: 30, T.WALL: 40}
ENHANCED = {T.ARTERY: 200, T.VEIN: 150, T.UTERUS: 120, T.WALL: 75, T.BOWEL: 35, T.SKIN: 45}
MUSCLE_HU, ENHANCE_HU = 52.0, 18.0
OEDEMA_HU = 12.0
# haematoma by age (IMAGING-FACTS: acute clotted blood 45–70, older 30–45, old 0–10 HU)
BLOOD_HU = {"acute": 70.0, "subacute": 38.0, "chronic": 8.0}


def _muscle_hu(scene: Scene) -> float:
    """Muscle density falls with disuse (fatty infiltration after paralysis)."""
    return MUSCLE_HU - 30.0 * scene.body.atrophy


def hu_tables(scene: Scene) -> dict[str, np.ndarray]:
    """Per-code HU, oedema water, trabecular weight, marrow fat and mineral for the scene."""
    t = {k: np.zeros(256, np.float32) for k in ("hu", "water", "trab", "fat", "mineral")}
    muscle = _muscle_hu(scene) + (ENHANCE_HU if scene.contrast else 0)
    t["hu"][:] = muscle
    for code, v in BASE_HU.items():
        t["hu"][code] = v
    if scene.contrast:
        for code, v in ENHANCED.items():
            t["hu"][code] = v
    t["hu"][T.CORTICAL] = 1250 * (1 - 0.15 * scene.body.osteopenia)
    t["trab"][T.TRABECULAR] = 1.0
    for i, les in enumerate(scene.lesions):
        if les.kind == "haematoma":  # blood, denser while fresh; a rim of muscle, no oedema
            code = LESION_FIRST + ZONES * i
            t["hu"][code:code + ZONES] = BLOOD_HU[les.age]
            t["hu"][code + HALO] = muscle
            continue
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            code = LESION_FIRST + ZONES * i + zone
            enhance = ENHANCE_HU * min(mix.perfusion, 1.0) * (1 - 0.85 * mix.water) \
                if scene.contrast else 0.0
            t["hu"][code] = _muscle_hu(scene) + enhance
            t["water"][code] = mix.water
            t["mineral"][code] = mix.mineral
            if zone == CORE:
                t["trab"][code] = mix.trabecular
                t["fat"][code] = mix.fat
    return t


def fov(z: float | None = None) -> float:
    """The field of view (mm) of a slice at height ``z``: a slice of both thighs in the
    pelvis's field cut off their outer sides."""
    return THIGH_FOV if z is not None and z < THIGH_Z else FOV


def axes(z: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    field = fov(z)
    px = field / MATRIX
    xs = -field / 2 + px * (np.arange(MATRIX) + 0.5)
    ys = CENTRE_Y + field / 2 - px * (np.arange(MATRIX) + 0.5)  # row 0 = anterior
    return xs.astype(np.float32), ys.astype(np.float32)


@lru_cache(maxsize=8)
def _textures(z: float) -> dict[str, np.ndarray]:
    """Fixed textures of a plane (anatomy, not noise; computed once per height): the
    trabecular network of plates and rods in [0, 1], the patchiness of early mineral and the
    arcs of an early rim that carry it, the strands of oedematous fat, the fatty streaks of
    atrophic muscle and muscle's grain."""
    xs, ys = axes(z)
    xx, yy = np.meshgrid(xs, ys)
    ridge = 1.0 - np.abs(noise3d.noise(xx, yy, z, 2.2, 1234))
    return {"net": np.clip((ridge - 0.82) / 0.18, 0, 1) ** 1.2,
            "patch": np.clip(0.55 + 0.9 * noise3d.noise(xx, yy, z, 3.0, 77), 0, 1),
            "arcs": noise3d.noise(xx, yy, z, 7.0, 88),
            "strands": np.clip(1 - np.abs(noise3d.noise(xx, yy, z, 5.0, 91)) * 6, 0, 1),
            "streak": np.clip(noise3d.noise(xx, yy, z, 4.0, 55) - 0.35, 0, 1) * 2,
            "grain": noise3d.noise(xx, yy, z, 1.6, 313),
            "clump": noise3d.noise(xx, yy, z, 1.4, 421),
            "spots": noise3d.noise(xx, yy, z, SPOT_MM, 510)}


def hounsfield(scene: Scene) -> tuple[np.ndarray, np.ndarray]:
    """HU image (MATRIX², before noise) and the label slice it came from."""
    b = phantom.body(scene.body)
    z = slice_z(b, scene.level)
    xs, ys = axes(z)
    px = fov(z) / MATRIX
    labels = _swollen(phantom.sample_axial(scene, z, xs, ys), scene, px)
    t = hu_tables(scene)
    tex = _textures(round(float(z), 2))
    labels = _condensed(labels, scene, tex["spots"], px)
    hu = t["hu"][labels]
    net = tex["net"]
    sparse = 1.0 - 0.45 * scene.body.osteopenia
    trab_bone = 40 + 120 * sparse + 700 * net * sparse
    hu = np.where(labels == T.TRABECULAR, trab_bone, hu)
    # lesion core: its mineral forms a trabecular network over fatty marrow as it matures,
    # no denser on average than native cancellous bone
    w, fat = t["trab"][labels], t["fat"][labels]
    mineral = t["mineral"][labels]
    core = (labels >= LESION_FIRST) & (w > 0)
    core_hu = (1 - fat) * hu + fat * -60 + mineral * 1100 * (0.3 * (1 - w) + 3.0 * w * net)
    hu = np.where(core, core_hu, hu)
    mineral = np.where(core, 0.0, mineral)
    # mineral: patchy at first (peripheral foci), confluent as the rim matures
    patch = tex["patch"]
    zone = lesion_zone(labels)
    mat = np.zeros(256, np.float32)
    for i, les in enumerate(scene.lesions):
        mat[LESION_FIRST + ZONES * i:LESION_FIRST + ZONES * (i + 1)] = les.maturity
    m = mat[labels]
    # the first mineral is faint (150-300 HU), flocculent and broken, not a white line
    gaps = np.clip((patch - 0.35) / 0.65, 0, 1)
    patchy = np.where(zone == RIM, gaps + (1 - gaps) * np.clip((m - 0.2) / 0.3, 0, 1), 1.0)
    patchy = patchy * _flecks(labels, zone, tex["arcs"], scene, px)
    faint = np.where(zone == RIM, 0.75 + 0.25 * np.clip((m - 0.2) / 0.3, 0, 1), 1.0)
    # early mineral is amorphous and soft-edged, a few hundred HU; a mature rim is as crisp
    # and dense as cortex
    early = np.clip((EARLY_RIM[1] - m) / (EARLY_RIM[1] - EARLY_RIM[0]), 0, 1) * (zone == RIM)
    crisp = mineral * patchy * faint * (1400 - hu) * _spotty(m, zone, tex["spots"], px)
    clumps = np.clip(CLUMP + tex["clump"], 0, 1) * patchy
    soft = blur(early * clumps * np.sqrt(mineral) * (EARLY_HU - hu), SOFT_RIM_MM / px)
    hu = hu + crisp * (1 - early) + soft
    # oedema: water blurred over a few millimetres, fat planes effaced, stranding in fat
    water = blur(t["water"][labels], OEDEMA_SIGMA_MM / px)
    soft = (labels >= LESION_FIRST) | is_muscle(labels) | (labels == T.FAT)
    hu = np.where(soft & (mineral == 0) & ~core,
                  hu - water * (hu - OEDEMA_HU) * (labels != T.FAT), hu)
    mus = is_muscle(labels) | ((labels >= LESION_FIRST) & (zone == HALO))
    # fat planes between muscles: 1-3 mm of fat seen with partial volume, not pen lines;
    # none where a muscle touches a vessel (the fat there is the body's, partial, rind)
    vessel = binary_dilation(np.isin(labels, (T.ARTERY, T.VEIN)),
                             iterations=max(2, round(PLANE_CLEAR_MM / px)))
    planes = (edges(np.where(mus, labels, 0)) & mus & (water < 0.25) & ~vessel
              ).astype(np.float32)
    planes = np.clip(blur(planes, 0.9 / px) * 2.6, 0, 1) * (0.55 + 0.45 * tex["strands"])
    hu = np.where(mus, hu - planes * 90 * (1 - 0.3 * scene.body.atrophy), hu)
    # muscle is not one flat grey: a faint fixed grain of fibres and septa
    hu = np.where(is_muscle(labels), hu + 6.0 * tex["grain"], hu)
    near = blur((t["water"][labels] > 0.3).astype(np.float32), 9.0 / px)
    strands = tex["strands"]
    hu = np.where(labels == T.FAT, hu + np.clip(near * 3, 0, 1) * (30 + 70 * strands), hu)
    if scene.body.atrophy > 0:  # fatty streaks in atrophic muscle
        streak = tex["streak"]
        hu = np.where(is_muscle(labels), hu - 110 * scene.body.atrophy * streak, hu)
    hu = _couch(hu, labels, xs, ys, b.couch_y)
    return blur(hu, 0.6), labels


SWELL_MM = 14.0  # how far fully oedematous muscles push the skin over them outwards
SWELL_REACH_MM = 45.0  # how far from the oedema the skin and fat over it are carried out


def _swollen(labels: np.ndarray, scene: Scene, px: float) -> np.ndarray:
    """The slice with its oedematous muscles swollen: the muscles between the bone and the
    skin are stretched outwards and the fat and skin over them carried out with them, so
    the involved side's contour bulges (its bones, the pelvic cavity and the side resting on
    the couch stay where they are). Oedema fades with maturity (``tissues.oedema``), and the
    swelling with its square."""
    swell = np.zeros(256, np.float32)
    for i, les in enumerate(scene.lesions):
        if les.kind != "haematoma":
            # (squared: the acute swelling is marked, what is left of it weeks later slight)
            swell[LESION_FIRST + ZONES * i:LESION_FIRST + ZONES * (i + 1)] = \
                oedema(les.maturity) ** 2
    w = swell[labels]
    if w.max() < 0.05:
        return labels
    body = labels != T.AIR
    depth = (distance_transform_edt(body) - distance_transform_edt(~body)) * px
    from_bone = distance_transform_edt(~np.isin(labels, list(BONE))) * px
    # how swollen the tissue within reach is, carried out over the fat to the skin
    reach = max(int(round(SWELL_REACH_MM / px)), 1)
    near = blur(grey_dilation(w, size=(reach, reach)), 10.0 / px)
    # a side swells only where it has oedema (the reach must not carry it over the midline;
    # columns left of the middle are the patient's right)
    sides = {les.side for les in scene.lesions
             if les.kind != "haematoma" and oedema(les.maturity) >= 0.05}
    right = (np.arange(labels.shape[1]) < labels.shape[1] / 2)[None, :]
    near = near * ((right & ("right" in sides)) | (~right & ("left" in sides)))
    gr, gc = np.gradient(blur(depth, 6.0 / px))
    norm = np.maximum(np.hypot(gr, gc), 1e-6)
    nr, nc = -gr / norm, -gc / norm  # outwards, in (row, column)
    # the bone holds, the deep pelvis does not move, nor the back pressed on the couch
    hold = np.clip((from_bone - 4.0) / 25.0, 0, 1) * np.clip((90.0 - depth) / 25.0, 0, 1)
    hold *= np.clip((0.7 - nr) / 0.5, 0, 1)  # rows grow posteriorly
    shift = blur(SWELL_MM * near * hold, 3.0 / px) / px  # pixels
    rows, cols = np.indices(labels.shape, dtype=np.float32)
    return map_coordinates(labels, (rows - shift * nr, cols - shift * nc), order=0,
                           mode="nearest")


EARLY_RIM = (0.45, 0.55)  # maturity from which a rim's mineral is crisp, partly, then fully
EARLY_HU = 1600.0  # an early rim's mineral before its soft edge spreads it (≈ 150-400 HU seen)
SOFT_RIM_MM = 0.7  # how far an early fleck's edge is spread
CLUMP = 0.8  # the clumps of an early rim's mineral: 1 - CLUMP of the noise range is left out


WHOLE_RIM = (0.5, 0.6)  # maturity over which the flecks join (FLECKS) and the spots come in
YOUNG_RIM = (0.6, 0.7)  # maturity over which a rim's mineral evens out into a cortex
SPOT_MM = 5.0  # how far apart a young rim's denser spots lie along it
SPOT_RISE, SPOT_SLOPE = 0.62, 1.2  # a young rim's denseness where the spots are 0; its slope
SPOT_BLEND_MM = 1.5  # over how far a young rim's grey and white stretches blend
# a young rim's share of its full mineral by denseness: from its faintest (14 %, ≈ 170 HU, grey
# in a soft-tissue window) slowly up to the window's top (≈ 250 HU at 0.6), so that grey shades
# into white over millimetres; then steeply to cortex, so that in a bone window the rim still
# reads as mineral, not as muscle
SPOT_SHADES = ([0.0, 0.6, 0.75, 1.0], [0.14, 0.22, 0.9, 1.0])


def _spotty(m: np.ndarray, zone: np.ndarray, spots: np.ndarray, px: float) -> np.ndarray:
    """The share of its full mineral a rim carries in each place: a young rim (maturity up
    to ``YOUNG_RIM``, five months in case 1) is whole but not yet an even cortex, denser in
    spots and fainter between them along its length (grey shading into white in a
    soft-tissue window); it evens out by maturity 0.7. Before the flecks have joined
    (``WHOLE_RIM``) the gaps between them are its unevenness, and the flecks are not also
    spotty (that left a grazed four-month rim too faint for a bone window)."""
    rim = (zone == RIM).astype(np.float32)
    young = np.clip((YOUNG_RIM[1] - m) / (YOUNG_RIM[1] - YOUNG_RIM[0]), 0, 1) * rim
    young *= np.clip((m - WHOLE_RIM[0]) / (WHOLE_RIM[1] - WHOLE_RIM[0]), 0, 1)
    if not young.any():
        return np.ones(zone.shape, np.float32)
    faint = young * (1 - np.clip(SPOT_RISE + SPOT_SLOPE * spots, 0, 1))
    # the faint and dense stretches blend along the rim (a sharp isoline of the spots showed
    # as a straight border across it, like a row of tiles): spread within the rims only, and
    # kept off an older rim that touches this one
    sigma = SPOT_BLEND_MM / px
    faint = np.where(young > 0, blur(faint, sigma) / np.maximum(blur(rim, sigma), 1e-3), 0)
    return np.interp(1 - faint, *SPOT_SHADES).astype(np.float32)


# a ten-month rim (maturity 0.7) is condensing into a cortex: its outer part is already about
# as thin as a mature cortex, thicker where a young rim's spots were dense and thinnest where
# lobules meet, and its inner part is remodelled into the centre's trabecular bone (drawn
# whole, the 3-mm rim made an even white shell round 3a's and 3b's right masses, radiology
# review 9); by maturity 0.8 the rim itself is that thin (tissues.rim_thickness)
CONDENSED = ([0.65, 0.7, 0.8], [0.0, 0.8, 0.0])  # maturity → mm of the rim's inner part gone
CONDENSED_VARY = 2.2  # how much that varies along the rim (with the young rim's spots)
CREASE_MM = 2.5  # how far round a place the outline is judged concave (lobules meeting)
CREASE_THIN = 4.0  # how much a crease of the outline thins the cortex in it
CORTEX_MIN_MM = 0.9  # the thinnest a condensed cortex is made
# and the thickest: where a lobule's rim was cut off as a spur the rim is painted 3.8 mm
# thick, and over a young rim's dense spots it condensed to a 3.1-3.8 mm straight wall
# (3b's right iliopsoas mass, radiology review 10)
CORTEX_MAX_MM = 2.6


def _condensed(labels: np.ndarray, scene: Scene, spots: np.ndarray, px: float) -> np.ndarray:
    """The slice's codes with the inner part of each condensing rim (``CONDENSED``) coded as
    its lesion's centre: the cortex left is the outer part of the rim, its depth from the
    mass's outer surface varying along it and thinning where the outline is concave. Worked
    out in the CT plane alone (a distance map and a blur of each such mass's box), so the
    radiograph, SPECT and ultrasound keep the rim as painted."""
    idx, zone = lesion_index(labels), lesion_zone(labels)
    out = labels
    for i, les in enumerate(scene.lesions):
        gone = float(np.interp(les.maturity, *CONDENSED))
        mass = (idx == i) & (zone > HALO)
        if gone <= 0 or les.kind == "haematoma" or not mass.any():
            continue
        box = box_round(mass, int(np.ceil(2 * CREASE_MM / px)) + 1)
        m = mass[box]
        depth = (distance_transform_edt(m) - 0.5) * px  # a pixel centre's depth
        # a crease: more of the mass around than under a straight outline at that depth
        crease = np.clip(blur(m.astype(np.float32), CREASE_MM / px)
                         - ndtr(depth / CREASE_MM), 0, 1)
        cortex = (rim_thickness(les.maturity) - gone * (1 - CONDENSED_VARY * spots[box])) \
            * (1 - CREASE_THIN * crease)
        cortex = np.clip(cortex, CORTEX_MIN_MM, CORTEX_MAX_MM)
        inner = m & (zone[box] == RIM) & (depth > cortex)
        if inner.any():
            out = out.copy() if out is labels else out
            out[box][inner] = lesion_code(i, CORE)
    return out


FLECKS = ([0.2, 0.28, 0.4, 0.5, 0.6], [1.0, 0.3, 0.35, 0.6, 1.0])  # maturity → rim share
FLECK_MM = 1.2  # how deep below its outer surface an early rim's flecks lie


def _flecks(labels: np.ndarray, zone: np.ndarray, arcs: np.ndarray, scene: Scene,
            px: float) -> np.ndarray:
    """1 where a lesion's rim carries mineral in this slice, else 0 (1 off the rims). The
    first mineral (maturity up to 0.2) is a faint haze spread over the rim; as it densifies
    it gathers into separate thin flecks along the outer edge of the mass, in arcs
    (``arcs``, a coarse texture) over a third of its circumference at first, not a closed
    loop; the flecks spread and join into a whole rim by maturity 0.6."""
    out = np.ones(labels.shape, np.float32)
    idx = lesion_index(labels)
    for i, les in enumerate(scene.lesions):
        share = float(np.interp(les.maturity, *FLECKS))
        rim = (idx == i) & (zone == RIM)
        if share >= 1.0 or not rim.any():
            continue
        cut = float(np.quantile(arcs[rim], 1.0 - share))
        inner = (idx == i) & (zone != HALO)  # the mass within its rim's outer surface
        depth = distance_transform_edt(inner) * px
        out[rim] = ((arcs[rim] > cut) & (depth[rim] <= FLECK_MM)).astype(np.float32)
    return out


def _couch(hu: np.ndarray, labels: np.ndarray, xs: np.ndarray, ys: np.ndarray,
           top: float) -> np.ndarray:
    """The CT table directly under the patient (touching its lowest point): a thin dense
    shell over a light core, curving up at the sides."""
    body = np.nonzero((labels != T.AIR).any(axis=1))[0]
    if body.size:
        top = float(ys[body.max()]) - 0.4
    yy = ys[:, None] + 0.0 * xs[None, :]
    curve = top + 0.0002 * xs[None, :] ** 2
    inside = (yy < curve) & (yy > curve - 22) & (np.abs(xs[None, :]) < 200)
    shell = inside & ((yy > curve - 2.5) | (yy < curve - 19.5))
    out = np.where(inside & (labels == T.AIR), -750.0, hu)
    return np.where(shell & (labels == T.AIR), 250.0, out)


@lru_cache(maxsize=8)
def _slice(scene_json: str) -> tuple[np.ndarray, np.ndarray]:
    """``hounsfield`` of a scene without its window and seed: one slice drawn once for both
    windows, and once without lesions for all the pictures of that slice (kept on disk with
    the anatomy)."""
    scene = Scene.model_validate_json(scene_json)
    if scene.lesions:
        return hounsfield(scene)
    got = phantom.lesion_free(scene.body, scene_json, "ct", lambda: dict(zip(
        ("hu", "labels"), hounsfield(scene), strict=True)))
    return got["hu"], got["labels"]


def render_ct(scene: Scene, width: int) -> Frame:
    plain = scene.model_copy(update={"seed": 0, "window": Window.SOFT_TISSUE})
    hu, labels = _slice(plain.model_dump_json())
    empty = plain.model_copy(update={"lesions": []})
    hu0 = _slice(empty.model_dump_json())[0] if scene.lesions else hu
    where = sites.level(scene.level).label
    z = slice_z(phantom.body(scene.body), scene.level)
    return framed(scene, hu, hu0, labels, (width, width), fov(z) / width,
                  f"CT axial at {where}{', IV contrast' if scene.contrast else ''}")


def framed(scene: Scene, hu: np.ndarray, hu0: np.ndarray, labels: np.ndarray,
           size: tuple[int, int], mm_per_px: float, caption: str) -> Frame:
    """A CT picture from its slices in Hounsfield units (with and without the lesions): the
    scan's seeded noise, the scene's window, the lesions' outlines and maps, and the
    lesion-free twins that the measurements compare with. Every CT view is framed here."""
    rng = np.random.default_rng(scene.seed)
    noise = blur(rng.standard_normal(hu.shape).astype(np.float32), 0.7)
    noise *= NOISE_HU / max(float(noise.std()), 1e-6)
    ww, wl = WINDOWS[scene.window]
    big, big0, bnoise = resize(hu, size), resize(hu0, size), resize(noise, size)

    def shown(h: np.ndarray) -> Image.Image:
        return Image.fromarray(to_u8((h - (wl - ww / 2)) / ww))

    idx = lesion_index(labels)
    masks = np.array([idx == i for i in range(len(scene.lesions))])
    outlines = [outline(m) for m in disjoint(masks)] if scene.lesions else []
    return Frame(shown(big + bnoise).convert("RGB"), outlines, ("R", "L"), mm_per_px,
                 f"{caption}  W{ww:.0f} L{wl:.0f}", lesion_map=index_map(idx, size),
                 joint_map=index_map(is_joint(labels).astype(np.int8) - 1, size) >= 0,
                 without=shown(big0 + bnoise), smooth=shown(big0))
