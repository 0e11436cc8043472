"""Ultrasound: a B-mode plane under a linear probe on the front of the hip or thigh.

Per tissue: backscatter (fat and muscle hypoechoic with echogenic septa, cartilage and fluid
dark, capsule and labrum bright; bone scatters little: its brightness is its surface),
acoustic impedance (specular echoes at bone, mineral and fascial planes, strongest where the
beam meets them head-on and nil where a boundary runs along the beam) and attenuation (bone
and mineral stop the beam, so a shadow runs straight down the scan lines). Depth attenuation
is applied once, to everything returning from a depth, so the cortex of the femoral neck is
as bright as it is on a real scanner; shadows have the soft edges of a beam a millimetre
wide; an immature rim is a scatter of echogenic foci with gaps that let part of the beam
through (a broken echo, partial shadowing) until the lesion matures. Speckle is complex
Gaussian scattering blurred by the pulse. Scan lines are vertical; depth is measured from
the skin.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from builder.illustrate import doppler, phantom, sites
from builder.illustrate.body import muscles
from builder.illustrate.frame import Frame
from builder.illustrate.raster import blur, edges, index_map, outline, resize, value_noise
from builder.illustrate.scene import Scene, Side, View
from builder.illustrate.tissues import (
    CORE,
    FOCUS,
    HALO,
    LESION_FIRST,
    MUSCLE_FIRST,
    RIM,
    ZONES,
    T,
    is_joint,
    is_muscle,
    lesion_index,
    zone_mix,
)

WIDTH_MM = 60.0
DU, DD = 0.2, 0.1  # lateral and axial sample spacing, mm
RESIDUAL_DB_PER_MM = 0.07  # attenuation left after time-gain compensation
DYNAMIC_RANGE_DB = 50.0
COMPOUND = 5  # spatial compounding, as modern scanners do: finer, calmer speckle
STEER_DEG = (-20.0, -10.0, 0.0, 10.0, 20.0)  # the compounded beams' steering angles
SAMPLED_MM = 140.0  # tissue sampled under the probe before the fat is pressed
BONE_DEPTH_MM = 38.0  # where probe pressure brings the bone under the probe
MIN_SQUEEZE = 0.15  # fat pressed to no less than this share of its thickness
MUSCLE_SQUEEZE = 0.85  # muscle, far firmer, to no less than this share

# backscatter (amplitude², relative), impedance (MRayl), attenuation of the beam (per mm)
ECHO = {T.AIR: 0.0, T.SKIN: 2.5, T.FAT: 0.06, T.URINE: 0.0, T.BOWEL: 0.6, T.ARTERY: 0.003,
        T.VEIN: 0.004, T.CARTILAGE: 0.004, T.CORTICAL: 0.25, T.TRABECULAR: 0.2, T.MARROW: 0.6,
        T.DISC: 0.3, T.CAPSULE: 1.8, T.GAS: 2.0, T.FECES: 0.8, T.UTERUS: 0.3, T.LABRUM: 25.0,
        T.JOINT: 0.01, T.NERVE: 0.5, T.WALL: 0.6}
# the joint's film of fluid is given the cartilage's impedance: their step drew a second
# grey line inside the dark band over the head, a double layer a normal hip does not show
IMPEDANCE = {T.AIR: 0.0004, T.FAT: 1.38, T.URINE: 1.52, T.CORTICAL: 7.8, T.TRABECULAR: 4.0,
             T.MARROW: 1.4, T.CARTILAGE: 1.7, T.GAS: 0.0004, T.JOINT: 1.7, T.LABRUM: 1.7}
KAPPA = {T.CORTICAL: 3.0, T.TRABECULAR: 2.0, T.GAS: 3.0, T.AIR: 3.0, T.MARROW: 1.0}
MUSCLE_ECHO, SOFT_Z = 0.16, 1.63
SURFACE_MM = 2.0  # depth of the notches of an ossified surface (see rough)
PLATE_TILT = 0.3  # steepest plate (depth per lateral mm, about 17°): it faces the probe
PLATE_THICK_MM = 3.0  # an ossified plate's least thickness: the beam never passes it
CLEFT_MM, SWELL_MM = 2.5, 8.0  # its slow swell's depth and width (see rough)
SCARP_MM, SCARP_WIDE_MM = 2.0, 0.4  # its steep scarps (see _relief)
SCARP_GAP_MM = (3.0, 5.0, 9.0, 16.0)  # their spacing: short or long (see _places)
KNOLL_MM, KNOLL_GAP_MM = (1.5, 4.0), (2.0, 3.0, 7.0, 12.0)  # its knolls (_knolls)
SHEEN_DB, SHEEN_GAP_DB, SHEEN_GAP_MM = 12.0, 35.0, (1.0, 3.0)  # its bright line's dimming
SHEEN_TAIL_MM = (0.03, 0.3)  # along it, its gaps' and their widths, its echo's length
PLATE_CLEAR_MM = 5.5  # a plate's surface lies this far from the joint (see _lift)
PLATE_END_MM, PLATE_END_DIP_MM = 3.0, 1.0  # a plate's edge: its width and dip (_tapered)
PLATE_GAP_MM = 5.0  # a plate spans the columns its solid misses for up to this
PLATE_MATURITY = 0.6  # from here a lesion's mineral is a plate, not a scatter of foci
FLUID_FILM_MM = 0.5  # a normal joint's fluid on its cartilage (see thin_fluid)
RIM_SLOPE_DEG = 30.0  # the acetabular rim's slope in the hip's long-axis view, and
RIM_CAPSULE_MM = 25.0  # the capsule's slope on from its tip over this (see rim_edge)
CARTILAGE_MM = 2.3  # the head's cartilage, as thick all over it (its dark band on the
# display about 1.7 mm: the echoes of its two faces spread into it; see even_cartilage)
LABRUM_MM, LABRUM_BASE_MM = 4.0, 3.0  # the labrum: its reach over the head past the rim's
LABRUM_FACE_DEG = 45.0  # face, its height at the rim and that face's slope (see labrum)
LABRUM_REACH_MM = 2.0  # a socket rising within this past the band's end carries one
NECK_FACE_MM, NECK_TAPER_MM = 8.0, 4.0  # the band's taper at the neck (see neck_taper)
JOINT_SMOOTH_MM = 0.5  # the joint's layers' boundaries are smoothed over this (see
# smooth_joint)
PENUMBRA_MM, DEEP_PENUMBRA_MM = 0.5, 1.0  # the beam across, at and below its focus
BEAM_FOCUS_MM = 20.0  # (see penumbra)
SIDE_LOBE_MM, SIDE_LOBE = 1.5, 0.02
PLATE_KAPPA = 8.0  # a plate is bone: the beam dies within its first half millimetre, so
# no echo returns from inside it (its inner steps drew bright beads in the shadow)
FOCUS_FACE_MM = 0.3  # a focus echoes from this deep under its near face (see near_face)
FOCUS_MM, RIM_BAND_MM = 0.9, 1.3  # an early focus' size; the band along the rim they lie in
RIM_MM, HALO_MM = 2.0, 3.0  # an early lesion's oval: its rim and oedema (see ovals)
OVAL_WOBBLE = 0.12  # its outline's bulges and dents (see _lobes)
MASS_EDGE_MM = (0.3, 1.5)  # its margin, sharp or blurred (see _soft_mass)
ARCS, ARC_SHARE = (3, 5), (0.4, 0.55)  # an early rim's arcs of foci (see _arcs)
HOME_CLEAR_MM = 4.0  # an oval mass keeps this far from its home muscle's deep side and
HOME_BULGE_MM = 7.0  # bulges up to this past its superficial side (it lifts the fascia)
FOCUS_EDGE_MM = 1.5  # an active vascular focus fades into the tissue round it over this
FOCUS_ECHO = 2.0  # backscatter of an early focus (muscle 0.16): a bright dot
NECK_TURN_DEG = 25.0  # the hip's long-axis probe: along the neck, turned towards the limb
NECK_ALONG_MM, NECK_ASIDE_MM = -5.0, 12.0  # its centre: along the neck, and cranially aside


@dataclass(frozen=True)
class Probe:
    """Where the probe sits: centre (mm), in-plane unit direction (image left → right),
    edge labels, name and depth of field (mm)."""

    centre: np.ndarray
    direction: np.ndarray
    labels: tuple[str, str]
    name: str
    depth: float


def probe(scene: Scene) -> Probe:
    """Anterior hip (along the femoral neck) or thigh (along the shaft); transverse planes
    are axial, viewed like CT (patient's right on the left). The hip's long-axis plane is
    the oblique sagittal one sonographers use for the anterior recess: along the neck
    (turned NECK_TURN_DEG towards the limb: the model's neck lies flatter than a neck-shaft
    angle of 125–135°), from the acetabular rim over the head to the neck, lateral to the
    femoral vessels, which stay out of it (in the plane through the head's centre they
    were cut obliquely into ovals, and the view looked like the transverse one)."""
    b = phantom.body(scene.body)
    key = "L" if scene.side == Side.LEFT else "R"
    side = b.landmarks[key]
    name = "LEFT" if key == "L" else "RIGHT"
    lv = sites.level(scene.level).name
    thigh = sites.is_limb(scene.level)
    if scene.view == View.US_LONGITUDINAL:
        if thigh:
            z = phantom.level_z(b, scene.level)
            c = side.shaft(z)
            return Probe(c, np.array([0, 0, -1.0]), ("CRAN", "CAUD"), f"{name} THIGH LONG", 0.0)
        n = side.neck_axis
        lateral = float(np.sign(n[0]))
        tilt = np.arctan2(-n[2], abs(n[0])) + np.radians(NECK_TURN_DEG)
        d = np.array([lateral * np.cos(tilt), 0.0, -np.sin(tilt)])
        across = np.array([lateral * np.sin(tilt), 0.0, np.cos(tilt)])  # cranial, lateral
        c = side.acetabulum + NECK_ALONG_MM * n + NECK_ASIDE_MM * across
        if lv in ("acetabular-roof", "iliac-wing"):
            c = c - 22 * d
        return Probe(c, d, ("CRAN", "CAUD"), f"{name} HIP LONG", 0.0)
    z = phantom.level_z(b, scene.level)
    c = side.shaft(z) if thigh else side.acetabulum + np.array([0, 0, z - side.acetabulum[2]])
    region = "THIGH" if thigh else "HIP"
    return Probe(c, np.array([1.0, 0, 0]), ("R", "L"), f"{name} {region} TRANS", 0.0)


def _skin_y(scene: Scene, xs: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """Anterior skin height under each scan line (coarse search, then fine)."""
    skin = phantom.body(scene.body).solids[0]  # the skin is painted first
    ys = np.arange(200.0, -60.0, -1.0, dtype=np.float32)
    inside = skin.inside(*np.broadcast_arrays(xs[:, None], ys[None, :], zs[:, None]))
    first = np.argmax(inside, axis=1)
    ys2 = ys[first][:, None] + 1.0 - np.arange(0, 1.01, 0.1, dtype=np.float32)[None, :]
    inside2 = skin.inside(*np.broadcast_arrays(xs[:, None], ys2, zs[:, None]))
    return ys2[np.arange(len(xs)), np.argmax(inside2, axis=1)]


def plane_labels(scene: Scene) -> tuple[np.ndarray, Probe]:
    """Tissue codes of the plane (rows = depth from skin, DU-spaced columns), and the probe
    with its depth of field.

    The probe is pressed on the skin, as sonographers do: fat, far more compressible than
    muscle, is thinned (by one factor per picture, chosen so that the bone under the probe
    lies at about 4 cm, never below MIN_SQUEEZE of its thickness; muscle a little, when the
    fat alone is not enough), so the hip's bony landmarks
    sit at 3–5 cm in a 6-cm field even in a large body. The warp is read off the lesion-free
    plane, so the picture and its lesion-free twin share one geometry."""
    pr = probe(scene)
    us = -WIDTH_MM / 2 + DU * (np.arange(int(WIDTH_MM / DU)) + 0.5)
    px = (pr.centre[0] + us * pr.direction[0]).astype(np.float32)
    pz = (pr.centre[2] + us * pr.direction[2]).astype(np.float32)
    top = blur(_skin_y(scene, px, pz)[None, :], (0, 4))[0]
    depth = DU * (np.arange(int(SAMPLED_MM / DU)) + 0.5)
    xx, yy, zz = np.broadcast_arrays(px[None, :], (top[None, :] - depth[:, None]).astype(
        np.float32), pz[None, :])
    name = f"us-{scene.view}-{scene.side}-{scene.level}-{SAMPLED_MM:.0f}-" + "-".join(
        f"{v:.2f}" for v in (*pr.centre, *pr.direction))  # the cache follows the probe
    empty = scene.model_copy(update={"lesions": []})
    base = phantom.cached_plane(empty, name, xx, yy, zz)
    lab = phantom.cached_plane(scene, name, xx, yy, zz) if scene.lesions else base
    src, field = _pressed(base)
    rows = np.minimum(src, lab.shape[0] - 1)
    cols = np.arange(lab.shape[1])[None, :]
    return lab[rows, cols], Probe(pr.centre, pr.direction, pr.labels, pr.name, field)


def _pressed(base: np.ndarray) -> tuple[np.ndarray, float]:
    """Source row of every displayed row under probe pressure, and the depth of field."""
    cols = base.shape[1]
    middle = base[:, cols // 3: 2 * cols // 3]
    bony = np.isin(middle, (T.CORTICAL, T.CAPSULE, T.LABRUM, T.CARTILAGE))
    hit = bony.any(axis=0)
    first = int(np.median(np.argmax(bony, axis=0)[hit])) if hit.any() else middle.shape[0]
    fat = float((middle[:first] == T.FAT).mean(axis=1).sum()) * DU
    meat = float(is_muscle(middle[:first]).mean(axis=1).sum()) * DU
    other = first * DU - fat - meat
    squeeze = float(np.clip((BONE_DEPTH_MM - other - meat) / max(fat, 1e-3), MIN_SQUEEZE, 1.0))
    firm = float(np.clip((BONE_DEPTH_MM - other - squeeze * fat) / max(meat, 1e-3),
                         MUSCLE_SQUEEZE, 1.0))
    weight = np.where(base == T.FAT, squeeze, np.where(is_muscle(base), firm, 1.0)
                      ).astype(np.float32)
    weight = blur(weight, (1.0 / DU, 6.0 / DU))  # the probe presses smoothly
    shown = np.cumsum(weight, axis=0) * DU
    bone_at = other + squeeze * fat + firm * meat
    field = float(np.clip(np.ceil((bone_at + 20) / 10) * 10, 60, 90))
    want = DU * (np.arange(int(field / DU)) + 0.5)
    src = np.stack([np.searchsorted(shown[:, c], want) for c in range(cols)], axis=1)
    return src, field


def _tables(scene: Scene) -> dict[str, np.ndarray]:
    t = {"echo": np.full(256, MUSCLE_ECHO * (1 + 1.5 * scene.body.atrophy), np.float32),
         "imp": np.full(256, SOFT_Z, np.float32), "kappa": np.zeros(256, np.float32),
         "fib": np.zeros(256, np.float32), "mineral": np.zeros(256, np.float32),
         "mat": np.zeros(256, np.float32)}
    for table, values in ((t["echo"], ECHO), (t["imp"], IMPEDANCE), (t["kappa"], KAPPA)):
        for code, v in values.items():
            table[code] = v
    t["fib"][20:72] = 1.0
    for i, les in enumerate(scene.lesions):
        for zone in range(ZONES):
            mix = zone_mix(zone, les.maturity)
            code = LESION_FIRST + ZONES * i + zone
            base = {HALO: 0.05, RIM: 0.1, CORE: 0.02, FOCUS: 0.025}[zone]
            # mineral echoes mostly at its surface (the specular term, strongest where the
            # beam meets it head-on): little diffuse backscatter, so a wall parallel to the
            # beam stays dark
            # an early centre (oedema, unmineralised matrix) is darker than muscle: the
            # hypoechoic centre of the zone pattern
            t["echo"][code] = base + (0.15 * mix.mineral ** 0.6 if zone == RIM else
                                      0.2 * mix.mineral) + 0.5 * mix.trabecular * (zone == CORE)
            # oedema: no interface; nor the centre of a lesion still maturing, whose scant
            # mineral is diffuse (its step at the rim drew a second ring, a cyst wall)
            young_centre = zone == CORE and les.maturity < PLATE_MATURITY
            t["imp"][code] = SOFT_Z + (0.0 if young_centre else mix.mineral) * (7.8 - SOFT_Z)
            # the centre's scant early mineral (a few per cent) barely attenuates: an early
            # lesion shadows only under its rim's foci
            t["kappa"][code] = 2.6 * mix.mineral ** 1.2 if zone == RIM else \
                1.5 * mix.mineral ** 2 + 0.5 * mix.trabecular
            t["fib"][code] = 0.4 if zone == HALO else 0.0  # oedema blurs the fibrillar pattern
            t["mineral"][code] = mix.mineral
            t["mat"][code] = les.maturity
    return t


def _septa(lab: np.ndarray, longitudinal: bool, rng: np.random.Generator) -> np.ndarray:
    """Echogenic fibro-fatty septa of muscle: short oblique 'feathers' along the fibres in
    long axis (pennation angle alternating between muscles), scattered bright dots ('starry
    sky') in short axis. Fixed anatomy, not noise."""
    rows, cols = lab.shape
    d = np.arange(rows, dtype=np.float32)[:, None] * DD
    u = np.arange(cols, dtype=np.float32)[None, :] * DU
    if longitudinal:
        angle = np.where(lab % 2 == 0, 0.28, -0.22)[...] + 0.15 * value_noise(lab.shape, 150, rng)
        w = d * np.cos(angle) - u * np.sin(angle) + 1.2 * value_noise(lab.shape, 60, rng)
        lines = np.clip((np.cos(np.pi * w / 1.5) ** 2 - 0.88) / 0.12, 0, 1)
        breaks = np.clip(value_noise(lab.shape, 30, rng) * 3 - 0.4, 0, 1)  # short, broken
        strength = 0.5 + 0.5 * value_noise(lab.shape, 80, rng)
        return 8.0 * lines * breaks * strength
    dots = value_noise(lab.shape, 6, rng)
    return 10.0 * np.clip((dots - 0.45) / 0.55, 0, 1) ** 2


def _fat_strands(shape: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """Fibrous septa of subcutaneous fat: thin echogenic lines roughly parallel to the skin."""
    rows, _ = shape
    d = np.arange(rows, dtype=np.float32)[:, None] * DD
    w = d + 1.5 * value_noise(shape, 100, rng)
    lines = np.clip((np.cos(np.pi * w / 3.1) ** 2 - 0.9) / 0.1, 0, 1)
    return 6.0 * lines * np.clip(value_noise(shape, 60, rng) * 2 + 0.3, 0, 1)


def bmode(scene: Scene) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray, Probe]:
    """Smooth maps on the fine grid (rows DD, cols DU): backscatter, two-way gain (shadowing
    and residual attenuation, applied once) and specular reflection; the labels; the probe."""
    lab0, pr = plane_labels(scene)
    rows = int(pr.depth / DD)
    t = _tables(scene)
    fine = int(round(DU / DD))
    base = np.repeat(plane_labels(scene.model_copy(update={"lesions": []}))[0], fine,
                     axis=0)[:rows] if scene.lesions else None
    # each picture's sheets with their own lumps (one seed for all drew 6c's and 6d's alike)
    lab = ovals(rough(np.repeat(lab0, fine, axis=0)[:rows], t, scene.seed, base), t,
                homes(scene), base)
    lab = even_cartilage(thin_fluid(lab))
    lip = labrum_at(lab)
    if lip is not None:
        if scene.view == View.US_LONGITUDINAL and not sites.is_limb(scene.level):
            lab = rim_edge(lab, lip)
        lab = labrum(lab, lip)
    lab = smooth_joint(neck_taper(lab, lip))
    anat = np.random.default_rng(4321)
    septa = _septa(lab, scene.view == View.US_LONGITUDINAL, anat)
    strands_all = _fat_strands(lab.shape, anat)
    strands = (lab == T.FAT) * strands_all

    def backscatter(codes: np.ndarray) -> np.ndarray:
        return t["echo"][codes] * (1 + t["fib"][codes] * septa + strands)

    echo = backscatter(lab)
    fibrous = sheath(lab)
    if fibrous.any():
        echo = np.where(fibrous, t["echo"][MUSCLE_FIRST] * (1 + 0.5 * strands_all), echo)
    edge = _oedema_edge(lab)
    if edge is not None:  # oedema fades into the muscle round it
        zone, as_oedema, as_muscle, w = edge
        echo = np.where(zone, w * backscatter(as_oedema) + (1 - w) * backscatter(as_muscle),
                        echo)
    echo = _soft_focus(echo, lab, t)
    foci = _foci(lab, t)
    young = young_rim(lab, t)
    if young.any():  # a focus smaller than the beam scatters every way: a bright dot;
        # between the foci the rim is as dark as the centre
        dot = np.clip((foci - 0.03) / 0.97, 0, 1) * near_face(young & (foci > 0.031))
        echo = np.where(young, t["echo"][np.where(young, lab - RIM + CORE, lab)], echo)
        echo = _soft_mass(echo, lab, t)
        echo = np.where(young, echo * (1 - dot) + FOCUS_ECHO * dot, echo)
    planes = np.where(fibrous, host(lab, fibrous), lab) if fibrous.any() else lab
    refl = specular(planes, t, foci, anat)
    trans = transmission(lab, t, foci, refl)
    depth = (np.arange(rows)[:, None] + 0.5) * DD
    atten = 10 ** (-RESIDUAL_DB_PER_MM * depth / 10)
    spec, gain = sheen(refl, (trans * atten).astype(np.float32), lab, t, scene.seed)
    return (echo, gain, spec), lab, pr


def sheen(refl: np.ndarray, gain: np.ndarray, lab: np.ndarray, t: dict[str, np.ndarray],
          seed: int) -> tuple[np.ndarray, np.ndarray]:
    """The specular echo as the display draws it (blurred by the pulse) and the two-way
    gain, with an ossified plate's bright line uneven along it: a real sheet is partly
    smooth, partly rough and pitted, so its echo varies in brightness (by up to SHEEN_DB),
    in thickness (a rough stretch rings on after its surface, SHEEN_TAIL_MM: the echo,
    not the tissue under it, so the gain of the surface goes with it) and drops out
    (SHEEN_GAP_DB) in one or two gaps a millimetre or three wide (SHEEN_GAP_MM), while
    the plate under them still shadows. Drawn evenly bright and thin it read as a line
    drawn on the picture."""
    thin = blur(refl, (1.2, 1.0))
    plate = (t["mineral"][lab] > 0.3) & (t["mat"][lab] >= PLATE_MATURITY)
    cols = np.nonzero(plate.any(axis=0))[0]
    if cols.size < int(10 / DU):
        return thin, gain
    rng = np.random.default_rng(seed + 101)
    x = np.arange(lab.shape[1]) * DU
    # brightness: two noises of unrelated widths (one alone repeats its lattice)
    level = value_noise((1, x.size), 4.3 / DU, rng)[0] \
        + 0.6 * value_noise((1, x.size), 1.7 / DU, rng)[0]
    lit = level[cols]  # its brightest stretch keeps the full echo
    dim = np.clip((lit.max() - level) / max(float(np.ptp(lit)), 1e-6), 0, 1)  # in dB
    lo, hi = x[cols[0]] + 3.0, x[cols[-1]] - 3.0
    for _ in range(int(rng.integers(1, 3))):  # each gap fades in and out over a millimetre
        at, wide = float(rng.uniform(lo, hi)), float(rng.uniform(*SHEEN_GAP_MM))
        dim = np.maximum(dim, SHEEN_GAP_DB / SHEEN_DB * np.clip(
            1 - (np.abs(x - at) - wide / 2) / 1.0, 0, 1))
    bright = 10 ** (-SHEEN_DB * blur(dim[None, :], (0, 0.3 / DU))[0] / 10)
    # the echo's length after the surface, mm (its visible thickness is about 4 times it)
    tail = SHEEN_TAIL_MM[0] + np.ptp(SHEEN_TAIL_MM) * _unit(
        value_noise((1, x.size), 3.1 / DU, rng)[0])
    spec, seen = thin.copy(), gain.copy()
    for k in range(1, int(5 * SHEEN_TAIL_MM[1] / DD)):
        w = np.exp(-k * DD / tail)[None, :]
        spec[k:] = np.maximum(spec[k:], thin[:-k] * w)
        seen[k:] = np.maximum(seen[k:], gain[:-k] * w)
    rows = np.arange(lab.shape[0])[:, None]
    top = np.argmax(plate, axis=0)[None, :]
    near = plate.any(axis=0)[None, :] & (rows > top - int(1.5 / DD)) \
        & (rows < top + int(PLATE_THICK_MM / DD))
    return (np.where(near, bright[None, :] * spec, thin).astype(np.float32),
            np.where(near, seen, gain).astype(np.float32))


def smoothed(lab: np.ndarray, where: np.ndarray, sigma: tuple[float, float]) -> np.ndarray:
    """The labels with the boundaries between the tissues ``where`` smoothed (each sample
    takes the code most present round it, Gaussian ``sigma`` in rows and columns): stair
    steps and sharp wedge tips become curves; a band much thicker than ``sigma`` keeps
    its thickness. Samples outside ``where`` keep their codes."""
    codes = np.unique(lab[where])
    if codes.size < 2:
        return lab
    score = np.stack([blur((lab == c).astype(np.float32), sigma) for c in codes])
    return np.where(where, codes[np.argmax(score, axis=0)], lab).astype(lab.dtype)


def smooth_joint(lab: np.ndarray) -> np.ndarray:
    """The joint's layers (cartilage, fluid, capsule, labrum) and the soft tissue they
    touch with smooth curved boundaries (the bone, whose thin cortex must stay whole,
    keeps its own): the phantom holds them on a millimetre
    grid, whose stair steps showed along the dark cartilage band, with a vertical step at
    its end."""
    near = ndimage.binary_dilation(is_joint(lab), iterations=int(1.5 / DD)) \
        & (lab < LESION_FIRST) & ~np.isin(lab, (T.CORTICAL, T.TRABECULAR, T.MARROW))
    if not near.any():
        return lab
    return smoothed(lab, near, (JOINT_SMOOTH_MM / DD, JOINT_SMOOTH_MM / DU))


def thin_fluid(lab: np.ndarray) -> np.ndarray:
    """A normal joint's fluid as a film FLUID_FILM_MM thick on the cartilage: the
    phantom's joint space, a few millimetres deep over the head and in the recess, drew
    a second dark layer over the cartilage (a small effusion, not a normal hip); the rest
    of it is the synovium lining the capsule."""
    fluid = lab == T.JOINT
    cart = lab == T.CARTILAGE
    if not fluid.any() or not cart.any():
        return lab
    far = ndimage.distance_transform_edt(~cart, sampling=(DD, DU)) > FLUID_FILM_MM
    return np.where(fluid & far, T.CAPSULE, lab).astype(lab.dtype)


def _head(lab: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """The bone, the head's dark band that the beam reaches (cartilage and fluid with no
    bone above them on their scan line), the columns it covers, the femoral head (the
    piece of bone most of that band lies on) and the rest of the bone (the socket)."""
    bone = np.isin(lab, (T.CORTICAL, T.TRABECULAR, T.MARROW))
    dark = np.isin(lab, (T.CARTILAGE, T.JOINT))
    seen = dark & ~np.maximum.accumulate(bone, axis=0)
    if not seen.any():
        return None
    rows = np.arange(lab.shape[0])[:, None]
    top = np.where(bone.any(axis=0), np.argmax(bone, axis=0), lab.shape[0])[None, :]
    covered = (seen & (rows >= top - int(1.0 / DD))).any(axis=0)[None, :]
    if not (bone & covered).any():
        return None
    pieces, _ = ndimage.label(bone)
    head = pieces == np.bincount(pieces[bone & covered]).argmax()
    return bone, seen, covered, head, bone & ~head


def even_cartilage(lab: np.ndarray) -> np.ndarray:
    """The head's cartilage as one dark band CARTILAGE_MM thick all along the head's
    curve: the phantom's band (cartilage and the joint's film of fluid) varied from 1.8 to
    3 mm, and what lay further from the head than that is the capsule's lining."""
    got = _head(lab)
    if got is None:
        return lab
    head = got[3]
    band = np.isin(lab, (T.CARTILAGE, T.JOINT))
    far = ndimage.distance_transform_edt(~head, sampling=(DD, DU)) > CARTILAGE_MM
    grown = is_joint(lab) & ndimage.binary_dilation(band, iterations=int(1.0 / DD))
    return np.where(band | grown, np.where(far, T.CAPSULE, T.CARTILAGE),
                    lab).astype(lab.dtype)


@dataclass(frozen=True)
class Labrum:
    """Where the labrum lies (rows, columns on the fine grid): R, the rim's tip it hangs
    from; J, where the rim's face meets the head's cartilage; P, its apex on the
    cartilage over the head; side, +1 if the head lies to the right of the rim."""

    r: tuple[int, int]
    j: tuple[int, int]
    p: tuple[int, int]
    side: int


def labrum_at(lab: np.ndarray) -> Labrum | None:
    """The labrum's triangle where the head's band ends against the socket: the bone
    just past that end of the band rises LABRUM_BASE_MM / 2 or more over the band (at
    the neck's end the bone runs on under it). Its base is LABRUM_BASE_MM high on the
    rim's face, which slopes LABRUM_FACE_DEG down to the cartilage; its apex lies
    LABRUM_MM further over the head, on the cartilage."""
    got = _head(lab)
    if got is None:
        return None
    bone, seen = got[0], got[1]
    cols = np.nonzero(seen.any(axis=0))[0]
    tops = np.argmax(seen, axis=0)
    top = np.where(bone.any(axis=0), np.argmax(bone, axis=0), lab.shape[0])
    step = int(round(LABRUM_REACH_MM / DU))
    ends = []
    for end, side in ((int(cols.min()), 1), (int(cols.max()), -1)):
        past = top[max(end - step, 0): end] if side == 1 else top[end + 1: end + 1 + step]
        rise = (tops[end] - past.min()) * DD if past.size else 0.0
        if rise >= LABRUM_BASE_MM / 2:
            ends.append((rise, end, side))
    if not ends:
        return None
    _, j0, side = max(ends)
    # the junction: where the band stops climbing the socket's face (a socket joined to
    # the head has its cartilage lining it) and lies on the head: its top no more than a
    # millimetre above the band's 4 mm further in
    inward, end = int(round(4.0 / DU)), j0
    for _ in range(int(5.0 / DU)):
        if (int(tops[j0 + side * inward]) - int(tops[j0])) * DD <= 1.0:
            break
        j0 += side
    lined = j0 != end
    # the rim's face slopes down to the cartilage (a lined face is the socket's own)
    run = 0 if lined else int(round(LABRUM_BASE_MM / np.tan(np.radians(LABRUM_FACE_DEG))
                                    / DU))
    jc = int(np.clip(j0 + side * run, cols.min(), cols.max()))
    pc = int(np.clip(jc + side * int(round(LABRUM_MM / DU)), cols.min(), cols.max()))
    rr = int(tops[jc] - round(LABRUM_BASE_MM / DD))
    return Labrum((rr, j0), (int(tops[jc]), jc), (int(tops[pc]), pc), side)


def rim_edge(lab: np.ndarray, lip: Labrum) -> np.ndarray:
    """The acetabular rim in the hip's long-axis view as sonographers see it: a short
    bright line sloping down RIM_SLOPE_DEG from the cranial edge of the image to its tip,
    the labrum's base (see labrum), and the capsule sloping up from it (within
    RIM_CAPSULE_MM) to its own top. The phantom's rim, cut along the neck, was a smooth
    dome bigger than the head's own curve beside it, and a trainee would call it the
    head; its tip stood 8 mm over the head's cartilage, so the labrum under it was a tall
    block. The rim is the bone cranial to the tip; above the line it becomes the soft
    tissue over it, below the line down to its old surface (or the head's cartilage),
    bone."""
    if lip.side != 1:
        return lab
    bone = np.isin(lab, (T.CORTICAL, T.TRABECULAR, T.MARROW))
    has = bone.any(axis=0)
    top = np.where(has, np.argmax(bone, axis=0), lab.shape[0])
    (tip_row, tip), rows = lip.r, np.arange(lab.shape[0])[:, None]
    if tip == 0 or not has[:tip].all():
        return lab
    c = np.arange(min(tip + 1 + int(RIM_CAPSULE_MM / DU), lab.shape[1]))
    wobble = 0.3 * value_noise((1, c.size), 3.0 / DU, np.random.default_rng(8))[0]
    line = np.rint(tip_row + ((c - tip) * DU * np.tan(np.radians(RIM_SLOPE_DEG)) + wobble)
                   / DD).astype(int)[None, :]  # the rim's surface, continued over the joint
    part = lab[:, : c.size]
    over = int(np.bincount(part[np.clip(top[:tip] - 1, 0, None), c[:tip]]
                           ).argmax())  # the soft tissue over the rim
    rim = c[None, :] <= tip
    # caudal to the tip, the labrum's and the capsule's surface rises gently from it to
    # the capsule's own (it had stood over the tip as a vertical wall)
    lid = np.rint(tip_row - ((c - tip) * DU * np.tan(np.radians(RIM_SLOPE_DEG / 2)) + 1.0)
                  / DD).astype(int)[None, :]
    dark = np.isin(part, (T.CARTILAGE, T.JOINT))
    cut = (rim & (bone[:, : c.size] | is_joint(part)) & (rows < line)) \
        | (~rim & is_joint(part) & (rows < lid))
    fill = rim & ~bone[:, : c.size] & ~dark & (rows >= line) \
        & ((rows < top[None, : c.size]) | is_joint(part))  # and the capsule beside it
    out = lab.copy()
    out[:, : c.size] = np.where(cut, over, np.where(fill, T.CORTICAL, part))
    return out


def labrum(lab: np.ndarray, lip: Labrum) -> np.ndarray:
    """The labrum as an echogenic triangle on the rim, pointing over the head: its base
    on the rim's face, which slopes from the tip R down to the cartilage at J (bone
    fills the socket's side of that face), its deep side on the cartilage, its apex P.
    It had been the wedge of whatever filled the angle between rim and head: a
    four-sided flag 8 mm tall with a vertical edge (6c), a polygon with a notch (d2).
    Labrum drawn elsewhere by the phantom is capsule."""
    bone = np.isin(lab, (T.CORTICAL, T.TRABECULAR, T.MARROW))
    cart = lab == T.CARTILAGE
    rows = np.arange(lab.shape[0])[:, None]
    c = np.arange(lab.shape[1])

    def line(a: tuple[int, int], b: tuple[int, int]) -> np.ndarray:
        return a[0] + (c - a[1]) * (b[0] - a[0]) / (b[1] - a[1] or 1)

    def within(a: int, b: int) -> np.ndarray:
        return (lip.side * (c - a) >= 0) & (lip.side * (b - c) >= 0)

    under = np.maximum.accumulate(cart | bone, axis=0)  # at or under the band's surface
    # the tip: where the socket's surface is at the base's height (the band, thinner
    # now, had left a sliver between the socket and the head)
    (rr, rc), jc = lip.r, lip.j[1]
    hit = np.nonzero(bone[rr] & (lip.side * (jc - c) > 0)
                     & (np.abs(c - jc) * DU <= 3 * LABRUM_BASE_MM))[0]
    tip = (rr, int(hit.max() if lip.side == 1 else hit.min()) if hit.size else rc)
    face = within(tip[1], jc)[None, :] & (rows >= line(tip, lip.j)[None, :]) & ~under \
        & (jc != rc)  # (a socket whose face its cartilage lines has its own face)
    out = np.where(face, T.CORTICAL, lab)
    # the cartilage lining a joined socket's face past the junction: the labrum's,
    # and above it the capsule's
    lining = cart & (lip.side * (rc - c) > 0)[None, :] & (rows < lip.j[0])
    tri = within(tip[1], lip.p[1])[None, :] & (rows >= line(tip, lip.p)[None, :]) \
        & ~face & (~under | lining) & ~np.maximum.accumulate(bone, axis=0)
    out = np.where((out == T.LABRUM) | (lining & ~tri), T.CAPSULE, out)
    return np.where(tri, T.LABRUM, out).astype(lab.dtype)


def neck_taper(lab: np.ndarray, lip: Labrum | None) -> np.ndarray:
    """The head's dark band tapering where it ends on the head's own uncovered face (the
    neck past the cartilage's far end: bone whose surface, facing the probe, has no band
    over it, down to NECK_FACE_MM under that surface): within NECK_TAPER_MM of that face
    the band keeps only its part no thicker than its distance from the face; the rest is
    capsule. It had run full thickness against the bone's steep face and ended in a
    vertical edge."""
    got = _head(lab)
    if got is None:
        return lab
    bone, seen, covered, _, socket = got
    rows = np.arange(lab.shape[0])[:, None]
    top = np.where(bone.any(axis=0), np.argmax(bone, axis=0), lab.shape[0])[None, :]
    face = bone & ~covered & (rows < top + int(NECK_FACE_MM / DD)) & ~socket
    if lip is not None:  # not the socket's face by the labrum (joined to the head)
        face &= lip.side * (np.arange(lab.shape[1]) - lip.p[1])[None, :] > 0
    if not face.any():
        return lab
    below = (np.minimum.accumulate(np.where(bone, rows, 10 ** 6)[::-1], axis=0)[::-1]
             - rows) * DD  # down to the bone under it
    to_face = ndimage.distance_transform_edt(~face, sampling=(DD, DU))
    thin = seen & (to_face < NECK_TAPER_MM) & (below > to_face)
    return np.where(thin, T.CAPSULE, lab).astype(lab.dtype)


def rough(lab: np.ndarray, t: dict[str, np.ndarray], seed: int = 17,
          base: np.ndarray | None = None) -> np.ndarray:
    """Ossified tissue as the beam meets it: an uneven plate in the muscle. Maturing NHO
    grows as sheets along the muscle, with an irregular surface, not the smooth skin of
    the modelled solid: a smooth dome of it reads as a second femoral head, and its 60°
    sides shone (cos⁸ over the steered beams leaves them 3 % of a head-on echo, which a
    50-dB display still shows brighter than muscle). The beam sees only the near
    surface, so that surface alone is reshaped, per lesion: the line that best fits its
    depth along the lesion (tilted PLATE_TILT at most) becomes a plate PLATE_THICK_MM
    thick (the dome's cap and steep sides become one plate at the lesion's mean depth,
    with muscle over it where the cap was), its surface given an uneven relief (knolls,
    a slow swell and scarps at no regular spacing: see _relief): one irregular, lumpy
    bright line, broken where a scarp faces away from the beam (and uneven along it: see
    sheen), with a shadow straight down from the whole plate.
    What the solid held above and under the plate is the lesion-free ``base`` anatomy
    again (or the muscle round it), so no deep edge of the solid, and no square block of
    one muscle, shows at the plate's ends.
    Lesions still maturing (below PLATE_MATURITY) are left to ovals; an active vascular
    focus is never covered."""
    idx = lesion_index(lab)
    plate = (t["mineral"][lab] > 0.3) & (t["mat"][lab] >= PLATE_MATURITY)
    if not plate.any():
        return lab
    rows, cols = lab.shape
    rng = np.random.default_rng(seed)
    notch = np.rint(_relief(np.arange(cols) * DU, rng) / DD).astype(int)
    r = np.arange(rows)[:, None]
    c = np.arange(cols)
    soft = ~np.isin(lab, (T.SKIN, T.CORTICAL, T.TRABECULAR, T.MARROW, T.ARTERY, T.VEIN)) \
        & ~is_joint(lab)  # where a plate may lie
    out = lab.copy()
    gap = int(PLATE_GAP_MM / DU)
    hard = np.isin(lab, (T.CORTICAL, T.CARTILAGE, T.CAPSULE, T.JOINT, T.LABRUM))
    clear = ndimage.distance_transform_edt(~hard, sampling=(DD, DU))
    for i in np.unique(idx[plate]):
        m = plate & (idx == i)
        found = m.any(axis=0)
        top = np.argmax(m, axis=0)
        fit, depth = np.polyfit(c[found] * DU, top[found] * DD, 1)
        # one plate across the columns the solid misses for a few millimetres: left as
        # they were, its pieces there stood up as teeth whose tops shone as beads
        hit = ndimage.binary_closing(np.pad(found, gap), np.ones(gap))[gap:-gap]
        ends = np.nonzero(hit)[0][[0, -1]]  # and on to the image's edge when it nearly
        # reaches it: the sheet runs on beyond it (a sliver of columns left open drew a lit
        # strip down the edge of the image, beside the shadow)
        hit[: ends[0]] |= ends[0] < gap
        hit[ends[1]:] |= cols - 1 - ends[1] < gap
        mid = float(np.mean(c[hit])) * DU
        slope = float(np.clip(fit, -PLATE_TILT, PLATE_TILT))
        relief, dip = _tapered(notch, hit)
        surface = np.rint((depth + fit * mid + slope * (c * DU - mid)) / DD).astype(int) \
            + relief + dip
        surface = surface - _lift(surface, hit, clear)
        below = (surface + int(PLATE_THICK_MM / DD))[None, :]  # no strand down the solid's
        # side under the plate's end (it drew a vertical bright step there)
        own = (idx == i) & ((lab - LESION_FIRST) % ZONES != FOCUS)  # an active focus stays
        opened = hit[None, :] & own & (r < surface[None, :]) & (t["mineral"][lab] > 0)
        hidden = hit[None, :] & own & (r >= below)  # the beam never gets there
        fill = host(lab, m) if base is None else np.where(base >= LESION_FIRST, host(lab, m),
                                                           base)
        out = np.where(opened | hidden, fill, out)
        shell = hit[None, :] & (r >= surface[None, :]) & (r < below) & soft
        out = np.where(shell, LESION_FIRST + ZONES * i + RIM, out)
    return out.astype(lab.dtype)


def _tapered(notch: np.ndarray, hit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A plate's relief (rows) eased over its last PLATE_END_MM at an end inside the
    image to the relief's median, and how far (rows) the surface dips there: a sheet
    thins to a feathered edge (a knoll left at the very end stood up over the end's
    rounded face as a knob, as in 6c)."""
    cols = np.nonzero(hit)[0]
    x = np.arange(notch.size)
    ease = np.ones(notch.size, np.float32)
    for end, inside in ((cols[0], cols[0] > 0), (cols[-1], cols[-1] < notch.size - 1)):
        if inside:
            ease = np.minimum(ease, np.clip(np.abs(x - end) * DU / PLATE_END_MM, 0, 1))
    ease = ease * ease * (3 - 2 * ease)
    level = float(np.median(notch[cols]))
    return (np.rint(notch * ease + level * (1 - ease)).astype(int),
            np.rint((1 - ease) * PLATE_END_DIP_MM / DD).astype(int))


def _relief(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """How far (mm) an ossified surface lies below its plate's line at lateral positions
    ``x`` (mm): a slow swell (0 to CLEFT_MM over about SWELL_MM), knolls of mixed sizes at
    uneven spacing (see _knolls; up to SURFACE_MM) and a few steep scarps (up to SCARP_MM
    over SCARP_WIDE_MM, down or up) at uneven spacing, each easing back over a few
    millimetres, whose faces return little, so the bright line is broken while the plate
    under them still shadows; one face each, never two facing each other (a pair drew a
    box: a trough or a battlement). Each rounded: the straight sides of interpolated noise
    met in V-shaped pits whose floors shone as beads under the line. Noise on a regular
    lattice, and scarps every few millimetres, drew a wave of evenly spaced crests (6c's
    scallops, 6d's sine wave, 6a's saw-tooth): no bone surface has that rhythm."""
    swell = blur(value_noise((1, x.size), SWELL_MM / DU, rng), (0, 2.0 / DU))[0]
    scarps = np.zeros(x.size, np.float32)
    ahead, reach = bool(rng.uniform() < 0.5), -np.inf  # the last scarp's face (down
    # going right, or up), and where its easing ends
    for at in _places(rng, SCARP_GAP_MM, float(x[0] + rng.uniform(0, SCARP_GAP_MM[1])),
                      float(x[-1])):
        ease = float(rng.uniform(4.0, 7.0))
        # the steep face on the other side now and then, but never facing the last one's
        # across a floor (a trough) nor turned away from it across a top (a battlement)
        ahead = ahead and (at - ease < reach or bool(rng.uniform() < 0.5))
        shape = np.clip((x - at) / SCARP_WIDE_MM, 0, 1) * np.clip(
            1 - (x - at - SCARP_WIDE_MM) / ease, 0, 1)
        if not ahead:
            shape = np.clip((at - x) / SCARP_WIDE_MM, 0, 1) * np.clip(
                1 - (at - x - SCARP_WIDE_MM) / ease, 0, 1)
        scarps = np.maximum(scarps, float(rng.uniform(0.4, 1.0)) * shape)
        reach = at + ease if ahead else at
    scarps = blur(scarps[None, :], (0, 0.15 / DU))[0]
    return (CLEFT_MM * _unit(swell) + SURFACE_MM * (1 - _knolls(x, rng))
            + SCARP_MM * scarps)


def _unit(x: np.ndarray) -> np.ndarray:
    return (x - x.min()) / max(float(np.ptp(x)), 1e-6)


def _knolls(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Knolls of an ossified surface along ``x`` (mm), in [0, 1] (1 their highest top):
    rounded, of mixed widths (KNOLL_MM) and heights (a narrow one is low: steep flanks
    face away from the beam), spaced unevenly (KNOLL_GAP_MM, crest to crest), each
    narrower than the room to its neighbours (merged, close ones left no crest), with
    low stretches between the far-apart ones."""
    out = np.zeros(x.size, np.float32)
    tops = np.array(_places(rng, KNOLL_GAP_MM, float(x[0] - rng.uniform(0, KNOLL_GAP_MM[3])),
                            float(x[-1] + KNOLL_GAP_MM[3])))
    rooms = np.minimum(np.diff(tops, prepend=-np.inf), np.diff(tops, append=np.inf))
    for at, room in zip(tops, rooms, strict=True):
        wide = float(rng.uniform(*KNOLL_MM)) * min(1.0, room / KNOLL_MM[1])
        high = float(rng.uniform(0.5, 1.0)) * min(1.0, wide / 3.0)
        out = np.maximum(out, high * np.exp(-0.5 * ((x - at) / (wide / 2.2)) ** 2))
    return out


def _places(rng: np.random.Generator, gaps: tuple[float, float, float, float],
            start: float, end: float) -> list[float]:
    """Where features lie from ``start`` to ``end`` (mm): steps short (``gaps`` 0-1) or
    long (2-3), the kind changing more often than not, so the steps never settle into one
    period (noise on a lattice, or steps of one size give or take a third, drew a
    regular wave)."""
    at, short, out = start, bool(rng.uniform() < 0.5), []
    while at < end:
        out.append(at)
        short = short != (rng.uniform() < 0.7)
        at += float(rng.uniform(*gaps[:2]) if short else rng.uniform(*gaps[2:]))
    return out


def _lift(surface: np.ndarray, hit: np.ndarray, clear: np.ndarray) -> int:
    """Rows to lift a plate by so that its surface (over the columns ``hit``) lies at
    least PLATE_CLEAR_MM from bone, cartilage and the joint capsule (``clear``: distance
    to them, mm): an ossified sheet in the muscle, with muscle between it and the joint
    (laid at its lesion's mean depth, a sheet cut low over the head lay almost on the
    capsule and read as calcification of the joint). Nothing when it already clears."""
    cols = np.nonzero(hit)[0]
    for lift in range(0, int(PLATE_CLEAR_MM / DD) + 1):
        rows = np.clip(surface[cols] - lift, 0, clear.shape[0] - 1)
        if clear[rows, cols].min() >= (PLATE_CLEAR_MM if lift else PLATE_CLEAR_MM - 0.5):
            return lift
    return int(PLATE_CLEAR_MM / DD)


def homes(scene: Scene) -> dict[int, tuple[int, ...]]:
    """Codes of the muscles each lesion is named for (its site's muscles, its side)."""
    return {i: tuple(muscles.code(m, "L" if les.side == Side.LEFT else "R")
                     for m in sites.resolve(les.site).muscles)
            for i, les in enumerate(scene.lesions)}


def ovals(lab: np.ndarray, t: dict[str, np.ndarray],
          home: dict[int, tuple[int, ...]] | None = None,
          base: np.ndarray | None = None) -> np.ndarray:
    """A lesion still maturing (below PLATE_MATURITY) as the beam shows it: an oval mass.
    Mineralising NHO is an ovoid, hypoechoic mass with its mineral at the periphery; the modelled
    solid, cut by the plane, can be a bowl pressed flat against a fascia. Its mineralising
    part (rim and centre) is redrawn as the ellipse of the same area and second moments,
    a rim RIM_MM thick round a centre, in oedema HALO_MM wide; what the solid held
    outside them is muscle again. Given the lesion-free ``base`` plane and each lesion's
    ``home`` muscles, the oval lies in its home muscle where that muscle crosses the
    oval's columns: centred in it, flattened if the muscle is thinner, at least
    HOME_CLEAR_MM above its deep side (the modelled solid, spread through the muscles
    round it, put review 4's iliopsoas mass 6 mm under the skin, in the sartorius)."""
    idx = lesion_index(lab)
    zone = (lab.astype(np.int32) - LESION_FIRST) % ZONES
    young = (idx >= 0) & np.isin(zone, (RIM, CORE)) & (t["mat"][lab] < PLATE_MATURITY)
    if not young.any():
        return lab
    d, u = np.mgrid[0:lab.shape[0], 0:lab.shape[1]].astype(np.float32)
    d, u = d * DD, u * DU
    out = lab.copy()
    for i in np.unique(idx[young]):
        m = young & (idx == i)
        first = LESION_FIRST + ZONES * i
        if t["mineral"][first + RIM] < 0.05 or m.sum() * DD * DU < 20:
            continue  # oedema with no mineral yet (diffuse), or a sliver cut at its edge
        cd, cu = d[m].mean(), u[m].mean()
        cov = np.cov(np.stack([d[m] - cd, u[m] - cu]))
        if base is not None and home and home.get(int(i)):
            cd, cov = _in_home(np.isin(base, home[int(i)]), m, cd, cov)
        inv = np.linalg.inv(cov)
        r2 = inv[0, 0] * (d - cd) ** 2 + 2 * inv[0, 1] * (d - cd) * (u - cu) \
            + inv[1, 1] * (u - cu) ** 2  # 4 on the ellipse of equal area and moments
        r2 = r2 * _lobes(np.arctan2(d - cd, u - cu), int(i))
        half = 2.0 * np.sqrt(np.linalg.eigvalsh(cov)).min()  # the short semi-axis, mm
        inner = (1 - RIM_MM / half) ** 2 * 4
        whole = (idx == i) & (zone != FOCUS)
        out = np.where(whole, host(lab, whole), out)  # the modelled solid and its oedema
        room = is_muscle(lab) | whole  # the oval grows in the muscle only
        halo = (1 + HALO_MM / half) ** 2 * 4
        out = np.where(room & (r2 <= halo), first + HALO, out)
        out = np.where(room & (r2 <= 4), first + RIM, out)
        out = np.where(room & (r2 <= inner), first + CORE, out)
    return out.astype(lab.dtype)


def _lobes(angle: np.ndarray, i: int) -> np.ndarray:
    """A young mass's outline, as a factor on its ellipse's squared radius at each
    ``angle`` (radians): gentle bulges and dents of uneven size (the radius within about
    OVAL_WOBBLE of the ellipse's). Drawn as a perfect ellipse it read as a cyst."""
    rng = np.random.default_rng(2000 + i)
    wobble = np.zeros(angle.shape, np.float32)
    for k in range(3, 8):
        wobble += rng.uniform(0.3, 1.0) / k * np.cos(k * angle + rng.uniform(0, 2 * np.pi))
    wobble /= max(float(np.abs(wobble).max()), 1e-6)
    return (1 + OVAL_WOBBLE * wobble) ** -2


def _in_home(muscle: np.ndarray, m: np.ndarray, cd: float, cov: np.ndarray
             ) -> tuple[float, np.ndarray]:
    """The oval's centre depth and covariance moved into its home ``muscle`` (see ovals):
    between the muscle's median top (less HOME_BULGE_MM) and bottom (less HOME_CLEAR_MM)
    over the oval's columns; unchanged where the muscle is not under it."""
    cols = np.nonzero(m.any(axis=0))[0]
    band = muscle[:, cols]
    there = band.any(axis=0)
    if there.sum() < 0.3 * cols.size:
        return cd, cov
    top = float(np.median(np.argmax(band[:, there], axis=0))) * DD
    bottom = float(np.median(band.shape[0] - np.argmax(band[::-1, there], axis=0))) * DD
    low, high = top - HOME_BULGE_MM, bottom - HOME_CLEAR_MM
    if high - low < 8.0:
        return cd, cov
    half = 2.0 * np.sqrt(cov[0, 0])  # the oval's half-height
    k = max(1.0, half / ((high - low) / 2))
    scale = np.array([1 / k, 1.0])
    return (low + high) / 2, cov * scale[:, None] * scale[None, :]


def sheath(lab: np.ndarray, vessels: np.ndarray | None = None) -> np.ndarray:
    """The fat round the deep vessels (of the femoral sheath and triangle): pieces of fat
    that touch an artery or a vein (the body's, or ``vessels``) but not the skin. On
    ultrasound it is fibro-fatty, mid-grey with echogenic strands, not a dark ring that
    turns a vessel into a target or reads as a mass round it."""
    fat, _ = ndimage.label(lab == T.FAT)
    near = np.isin(lab, (T.VEIN, T.ARTERY)) | (False if vessels is None else vessels)
    near = ndimage.binary_dilation(near, iterations=3)
    skin = ndimage.binary_dilation(lab == T.SKIN, iterations=3)
    touching = np.setdiff1d(np.unique(fat[near]), np.unique(fat[skin]))
    return np.isin(fat, touching[touching > 0])


def host(lab: np.ndarray, mask: np.ndarray) -> int:
    """The muscle round ``mask`` (the most common muscle just outside it), or fat."""
    ring = ndimage.binary_dilation(mask, iterations=5) & is_muscle(lab)
    return int(np.bincount(lab[ring]).argmax()) if ring.any() else int(T.FAT)


def _soft_focus(echo: np.ndarray, lab: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """An active vascular focus is poorly defined: its dark echo fades into the tissue
    round it over a ragged band about FOCUS_EDGE_MM wide (drawn with the zone's sharp
    edge it was a crisp disc)."""
    focus = (lab >= LESION_FIRST) & ((lab - LESION_FIRST) % ZONES == FOCUS)
    if not focus.any() or focus.all():
        return echo
    _, (ri, ci) = ndimage.distance_transform_edt(focus, return_indices=True)
    _, (fi, fj) = ndimage.distance_transform_edt(~focus, return_indices=True)
    w = blur(focus.astype(np.float32), (FOCUS_EDGE_MM / DD, FOCUS_EDGE_MM / DU)) \
        + 0.25 * value_noise(lab.shape, 2.0 / DD, np.random.default_rng(6))
    w = np.clip((w - 0.15) / 0.5, 0, 1)
    band = ndimage.binary_dilation(focus, iterations=int(3 * FOCUS_EDGE_MM / DD))
    return np.where(band, w * t["echo"][lab[fi, fj]] + (1 - w) * echo[ri, ci], echo)


def _soft_mass(echo: np.ndarray, lab: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """A young mass's dark echo fading into the oedematous muscle round it: over about
    MASS_EDGE_MM[1] along most of its margin and sharper (MASS_EDGE_MM[0]) elsewhere,
    with ragged noise (forming NHO lies in oedematous muscle; drawn with one sharp edge
    all round it read as a cyst or an abscess)."""
    mass = (lab >= LESION_FIRST) & np.isin((lab - LESION_FIRST) % ZONES, (RIM, CORE)) \
        & (t["mat"][lab] < PLATE_MATURITY)
    if not mass.any() or mass.all():
        return echo
    d, u = np.nonzero(mass)
    rows, cols = np.mgrid[0:lab.shape[0], 0:lab.shape[1]]
    turn = np.arctan2((rows - d.mean()) * DD, (cols - u.mean()) * DU)
    rng = np.random.default_rng(7)
    soft = np.clip(0.5 + 0.8 * np.cos(turn - rng.uniform(0, 2 * np.pi))
                   + 0.4 * np.cos(3 * turn + rng.uniform(0, 2 * np.pi)), 0, 1)
    m = mass.astype(np.float32)
    w = soft * blur(m, (MASS_EDGE_MM[1] / DD, MASS_EDGE_MM[1] / DU)) \
        + (1 - soft) * blur(m, (MASS_EDGE_MM[0] / DD, MASS_EDGE_MM[0] / DU))
    w = np.clip(w + 0.15 * value_noise(lab.shape, 1.5 / DD, rng), 0, 1)
    _, (ri, ci) = ndimage.distance_transform_edt(mass, return_indices=True)
    _, (fi, fj) = ndimage.distance_transform_edt(~mass, return_indices=True)
    band = ndimage.binary_dilation(mass, iterations=int(3 * MASS_EDGE_MM[1] / DD)) \
        & ~ndimage.binary_erosion(mass, iterations=int(3 * MASS_EDGE_MM[1] / DD))
    return np.where(band, w * echo[fi, fj] + (1 - w) * echo[ri, ci], echo)


def _oedema_edge(lab: np.ndarray) -> tuple[np.ndarray, ...] | None:
    """Where oedema (a lesion's halo) meets muscle, and how much of each sample is oedema:
    a ragged band a few millimetres wide instead of the straight cut of the modelled zone.
    Returns (the band, its labels as oedema, as muscle, the oedema share), or None."""
    halo = (lab >= LESION_FIRST) & ((lab - LESION_FIRST) % ZONES == HALO)
    meat = is_muscle(lab)
    if not halo.any() or not meat.any():
        return None
    field = blur(halo.astype(np.float32), (25, 12)) + 0.25 * value_noise(
        lab.shape, 40, np.random.default_rng(5))
    w = np.clip((field - 0.3) / 0.4, 0, 1).astype(np.float32)
    zone = (halo | meat) & (w > 0) & (w < 1) | (halo & (w < 1)) | (meat & (w > 0))

    def nearest(source: np.ndarray) -> np.ndarray:
        _, (ri, ci) = ndimage.distance_transform_edt(~source, return_indices=True)
        return lab[ri, ci]

    return zone, nearest(halo), nearest(meat), w


def specular(lab: np.ndarray, t: dict[str, np.ndarray], foci: np.ndarray,
             rng: np.random.Generator) -> np.ndarray:
    """Specular reflection of each sample (share of the beam returned): impedance steps
    along the beam (bone, mineral) and fascial planes between muscles, each weighted by
    how squarely it faces the beam, so a boundary running along the beam returns nothing.
    ``foci``: share of a rim's mineral present (see _foci)."""
    fascia = edges(np.where(is_muscle(lab) | (lab == T.FAT), lab, 0)) & (lab != T.FAT)
    soft = (lab >= LESION_FIRST) & np.isin((lab - LESION_FIRST) % ZONES, (HALO, FOCUS))
    if soft.any():  # oedema and an active focus have ill-defined edges, not a fascial line
        fascia &= ~ndimage.binary_dilation(soft, iterations=4)
    # an impedance step returns cos⁸ of the angle of incidence, so only surfaces within
    # about 30° of facing the probe echo brightly; the compounded frame averages beams
    # steered by STEER_DEG, so a curved cortex (a head dome, a neck sloping away) still
    # echoes where one of them meets it nearly head-on
    # between an early rim's foci (their floor share, 0.03, is for the beam's loss) there is
    # no interface: the rim's faint step drew a second ring inside the mass, a cyst wall
    z = SOFT_Z + (t["imp"][lab] - SOFT_Z) * np.where(foci > 0.031, foci, 0.0)
    z_next = np.concatenate([z[1:], z[-1:]], axis=0)
    step = ((z_next - z) / np.maximum(z_next + z, 1e-3)) ** 2
    # the far side of bone or mineral returns nothing the probe could receive: the beam
    # does not cross it (the side lobes lighting a plate's end drew its underside as a
    # bright vertical step there)
    step = np.where((z_next < z) & (z > SOFT_Z + 1.0), 0.0, step)
    # nor the inside of an early focus: the beam is spent under its near face
    step = step * near_face(young_rim(lab, t) & (foci > 0.031))
    zs = blur(z, (3.0, 1.5))
    bone = facing(np.gradient(zs, axis=0), np.gradient(zs, axis=1) * (DD / DU))
    broken = np.clip(0.35 + value_noise(lab.shape, 40, rng), 0, 1)  # fascia: uneven, broken
    # a fascial plane is a specular reflector too (its normal from the smoothed labels)
    ls = blur(lab.astype(np.float32), (2.0, 1.0))
    plane = facing(np.gradient(ls, axis=0), np.gradient(ls, axis=1) * (DD / DU))
    return (step * bone + fascia * 0.004 * broken * plane).astype(np.float32)


def transmission(lab: np.ndarray, t: dict[str, np.ndarray], foci: np.ndarray,
                 refl: np.ndarray) -> np.ndarray:
    """Two-way transmission down each vertical scan line: what the reflectors and the
    attenuating mineral above a sample leave of the beam. A shadow therefore runs straight
    down the scan lines from the ends of its reflector, whatever the tissue edges below;
    the beam passes between the foci of an immature rim (partial shadowing); a beam a
    millimetre wide softens the shadow's sides."""
    kappa = t["kappa"][lab] * np.where(t["mineral"][lab] > 0, foci, 1.0) * DD
    plate = (t["mineral"][lab] > 0.3) & (t["mat"][lab] >= PLATE_MATURITY)
    kappa = np.where(plate, np.maximum(kappa, PLATE_KAPPA * DD), kappa)
    trans = np.exp(-2 * (np.cumsum(kappa, axis=0) - kappa))
    trans *= np.cumprod(1 - np.clip(refl, 0, 0.95), axis=0)
    return penumbra(trans, 1 / DU, 1 / DD)


def penumbra(trans: np.ndarray, per_mm: float, rows_per_mm: float) -> np.ndarray:
    """The two-way transmission as a real beam sees it, across the scan lines: a main
    lobe PENUMBRA_MM wide near the focus that widens to DEEP_PENUMBRA_MM below it (the
    beam diverges), and faint side lobes (SIDE_LOBE of the energy, over SIDE_LOBE_MM).
    A shadow's side thus fades over 1-2 mm, more softly the deeper it runs, while its
    half-power edge stays at the reflector's end (drawn with one narrow beam at every
    depth it was a ruler-straight, razor edge). ``per_mm``: columns per millimetre;
    ``rows_per_mm``: rows per millimetre of depth."""
    near = blur(trans, (0, PENUMBRA_MM * per_mm))
    deep = blur(trans, (0, DEEP_PENUMBRA_MM * per_mm))
    side = blur(trans, (0, SIDE_LOBE_MM * per_mm))
    depth = np.arange(trans.shape[0], dtype=np.float32)[:, None] / rows_per_mm
    w = np.clip((depth - BEAM_FOCUS_MM) / 30.0, 0, 1)
    return ((1 - SIDE_LOBE) * ((1 - w) * near + w * deep) + SIDE_LOBE * side
            ).astype(np.float32)


def _foci(lab: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """Share of each sample's mineral present as an echogenic focus (1 outside lesions and
    in a plate). An immature rim (below PLATE_MATURITY) holds early mineral as tiny foci,
    about FOCUS_MM across, strung along the lesion's outer edge (the RIM_BAND_MM next to
    the tissue round it) and covering more of that band as the lesion matures; the rest
    of the rim holds none. Other mineral (an immature core) is patchy, in patches a few
    millimetres across."""
    mineral = t["mineral"][lab] > 0
    if not mineral.any():
        return np.ones(lab.shape, np.float32)
    mat = t["mat"][lab]
    rows, cols = lab.shape  # rows DD, columns DU apart: noise on an isotropic grid
    rng = np.random.default_rng(99)
    patch = value_noise((rows, cols * 2), 35, rng)[:, ::2] * 0.5 + 0.5
    cover = 0.5 + 0.5 * np.clip((mat - 0.15) / 0.65, 0, 1)
    out = np.where(mineral, np.clip((patch - (1 - cover)) * 4, 0.03, 1), 1.0)
    young = young_rim(lab, t)
    if young.any():
        band = ndimage.distance_transform_edt(young | (mineral & ~young), sampling=(DD, DU))
        # foci of uneven size (some larger by half) and spacing (denser and sparser
        # stretches), so the arcs do not read as a string of beads
        small = value_noise((rows, cols * 2), FOCUS_MM / DD, rng)[:, ::2]
        large = value_noise((rows, cols * 2), 1.4 * FOCUS_MM / DD, rng)[:, ::2]
        slow = value_noise((rows, cols * 2), 5.0 / DD, rng)[:, ::2]
        dots = np.where(value_noise((rows, cols * 2), 4.0 / DD, rng)[:, ::2] > 0.2, large,
                        small)
        share = (0.2 + 0.4 * np.clip((mat - 0.15) / 0.65, 0, 1)) * (1.3 + 0.4 * slow)
        on = np.clip((dots - (1 - 2 * share)) * 6, 0, 1) * (band <= RIM_BAND_MM) \
            * _arcs(lab, young)
        out = np.where(young, np.maximum(on, 0.03), out)
    return np.where(mat >= PLATE_MATURITY, np.where(mineral, 1.0, out), out
                    ).astype(np.float32)


def _arcs(lab: np.ndarray, young: np.ndarray) -> np.ndarray:
    """Where round each young lesion its foci lie: ARCS (3 to 5) arcs of uneven length
    that together cover ARC_SHARE of its edge, one of them on the side facing the
    probe, with uneven gaps between them (an early rim is broken; a closed, evenly
    beaded ring reads as a calcified cyst wall or an eggshell)."""
    out = np.zeros(lab.shape, bool)
    idx = lesion_index(lab)
    zone = (lab.astype(np.int32) - LESION_FIRST) % ZONES
    d, u = np.mgrid[0:lab.shape[0], 0:lab.shape[1]].astype(np.float32)
    for i in np.unique(idx[young]):
        rng = np.random.default_rng(1000 + int(i))
        mass = (idx == i) & np.isin(zone, (RIM, CORE))
        cd, cu = d[mass].mean() * DD, u[mass].mean() * DU
        turn = (np.arctan2(d * DD - cd, u * DU - cu) / (2 * np.pi)) % 1.0
        n = int(rng.integers(ARCS[0], ARCS[1] + 1))
        share = rng.uniform(*ARC_SHARE)  # each arc and gap at least half its fair share
        lengths = share * (0.5 / n + 0.5 * rng.dirichlet(np.full(n, 2.0)))
        gaps = (1 - share) * (0.5 / n + 0.5 * rng.dirichlet(np.full(n, 2.0)))
        # the first arc on the side facing the probe (its top, a quarter turn before
        # the start of the angle), where a focus faces the beam; the rest go round
        start = 0.75 - lengths[0] * rng.uniform(0.3, 0.7)
        for length, gap in zip(lengths, gaps, strict=True):
            out |= (idx == i) & ((turn - start) % 1.0 < length)
            start += length + gap
    return out


def near_face(mask: np.ndarray) -> np.ndarray:
    """How much of the beam reaches each sample of the ``mask`` (foci) from the face it
    meets first: falling off within FOCUS_FACE_MM or so below each focus' top along its
    scan line,
    and 1 elsewhere. A focus scatters from its near face; the beam is spent inside it, so
    its far part echoes no more than the tissue behind it (drawn whole, a focus elongated
    along a steep rim was a bright cap on a grey stalk)."""
    rows = np.arange(mask.shape[0])[:, None]
    top = np.maximum.accumulate(np.where(mask, -1, rows), axis=0) + 1  # each run's first row
    inside = (rows - top) * DD
    # falling off as a Gaussian: an exponential tail left a focus 3.5 % of its echo 1 mm
    # down (twice the centre's), a grey smear under a bead (d3)
    return np.where(mask, np.exp(-(inside / FOCUS_FACE_MM) ** 2), 1.0).astype(np.float32)


def young_rim(lab: np.ndarray, t: dict[str, np.ndarray]) -> np.ndarray:
    """The rim of each lesion still maturing (below PLATE_MATURITY): where its early
    mineral lies, as foci (see _foci)."""
    return (lab >= LESION_FIRST) & ((lab - LESION_FIRST) % ZONES == RIM) \
        & (t["mineral"][lab] > 0) & (t["mat"][lab] < PLATE_MATURITY)


def facing(gd: np.ndarray, gu: np.ndarray) -> np.ndarray:
    """Share of a specular echo returned to the probe from a surface whose normal is
    (gd, gu) (depth, lateral): cos⁸ of the angle of incidence, averaged over the steered
    beams of spatial compounding."""
    gd = np.where(gd == 0, 1e-9, gd)
    r = np.hypot(gd, gu)
    across, along = gd / r, gu / r  # the normal's angle's cosine and sine (an even power
    total = np.zeros(r.shape)  # needs no folding of the angle into ±90°)
    for s in np.radians(STEER_DEG):  # cos(θ - s) by the angle-difference identity, and
        c2 = (across * np.cos(s) + along * np.sin(s)) ** 2  # its 8th power by squaring:
        total += (c2 * c2) ** 2  # a fifth of the time of five cosines and powers
    return (total / len(STEER_DEG)).astype(np.float32)


def reached(gain: np.ndarray, depth_mm: float) -> np.ndarray:
    """Where the beam still carries at least a quarter of its energy (not in an acoustic
    shadow), from the two-way gain map at display size: Doppler colour can appear only
    there."""
    rows = gain.shape[0]
    d = (np.arange(rows)[:, None] + 0.5) * depth_mm / rows
    return gain / (10 ** (-RESIDUAL_DB_PER_MM * d / 10)) > 0.25


def speckle(size: tuple[int, int], seed: int) -> np.ndarray:
    """Speckle power (mean 1) at display resolution: complex Gaussian scattering blurred by
    the pulse, compounded over a few independent looks as modern scanners do."""
    w, h = size
    rng = np.random.default_rng(seed)
    sp = np.zeros((h, w), np.float32)
    sy, sx = 1.2, 2.2
    for _ in range(COMPOUND):
        re, im = (blur(rng.standard_normal((h, w)).astype(np.float32), (sy, sx)) for _ in range(2))
        sp += re ** 2 + im ** 2
    return sp / float(sp.mean())


def at_size(maps: tuple[np.ndarray, ...], size: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """The smooth tissue maps at display size."""
    return tuple(resize(m, size, Image.Resampling.BILINEAR) for m in maps)


def speckled(maps: tuple[np.ndarray, ...], size: tuple[int, int], sp: np.ndarray | float
             ) -> np.ndarray:
    """Log-compressed B-mode in [0, 1] at display size: the speckle modulates the smooth
    tissue maps (given at any size); the two-way gain multiplies everything once."""
    echo, gain, spec = maps if maps[0].shape == (size[1], size[0]) else at_size(maps, size)
    power = (sp * np.maximum(echo, 0) + spec * 700.0) * gain
    db = 10 * np.log10(power + 1e-6)
    return np.clip((db + 30) / DYNAMIC_RANGE_DB, 0, 1) ** 1.25


@lru_cache(maxsize=8)
def _lesion_free(scene_json: str, size: tuple[int, int]) -> tuple[np.ndarray, ...]:
    """B-mode maps of the scene's plane without its lesions, at display size (shared by the
    pictures of that plane, and kept on disk with the anatomy)."""
    scene = Scene.model_validate_json(scene_json)

    def make() -> dict[str, np.ndarray]:
        return {f"m{i}": m for i, m in enumerate(at_size(bmode(scene)[0], size))}

    got = phantom.lesion_free(scene.body, f"{scene_json}|{size}", "us", make)
    return tuple(got[f"m{i}"] for i in range(len(got)))


def render_us(scene: Scene, width: int) -> Frame:
    maps, lab, pr = bmode(scene)
    height = int(round(width * 0.75))
    fh = int(round(height * 0.86))
    fw = int(round(fh * WIDTH_MM / pr.depth))
    left, top = (width - fw) // 2 - int(0.03 * width), int(round(height * 0.08))
    canvas = np.zeros((height, width, 3), np.uint8)
    sp = speckle((fw, fh), scene.seed)
    empty = scene.model_copy(update={"lesions": [], "seed": 0, "doppler": False})
    maps0 = _lesion_free(empty.model_dump_json(), (fw, fh)) if scene.lesions else \
        at_size(maps, (fw, fh))
    maps = at_size(maps, (fw, fh)) if scene.lesions else maps0

    def shown(m: tuple[np.ndarray, ...], speck: np.ndarray | float) -> np.ndarray:
        return np.clip(np.rint(speckled(m, (fw, fh), speck) * 255), 0, 255).astype(np.uint8)

    grey = shown(maps, sp)
    canvas[top:top + fh, left:left + fw] = grey[..., None]
    twins = []
    for m, speck in ((maps0, sp), (maps0, 1.0)):
        twin = np.zeros((height, width), np.uint8)
        twin[top:top + fh, left:left + fw] = grey if m is maps and speck is sp else \
            shown(m, speck)
        twins.append(Image.fromarray(twin))
    open_beam = box = None
    flowing = False
    if scene.doppler:
        open_beam = np.zeros((height, width), bool)
        open_beam[top:top + fh, left:left + fw] = reached(maps[1], pr.depth)
        b = doppler.box(scene, lab, (fw, fh))
        box = (left + b[0], top + b[1], left + b[2], top + b[3])
        rgb, on = doppler.overlay(scene, lab, (fw, fh), open_beam[top:top + fh, left:left + fw],
                                  b)
        sub = canvas[top:top + fh, left:left + fw]
        sub[on] = rgb[on]
        flowing = bool(on.any())
    im = Image.fromarray(canvas)
    draw = ImageDraw.Draw(im)
    if scene.doppler:
        doppler.decorate(draw, (left, top, left + fw, top + fh), width, b)
    for cm in range(int(pr.depth / 10) + 1):  # depth ticks every centimetre
        y = top + int(round(cm * 10 / pr.depth * (fh - 1)))
        draw.line([left + fw + 6, y, left + fw + 16, y], fill=(220, 220, 220), width=2)
    idx = lesion_index(lab)
    outlines = []
    for i in range(len(scene.lesions)):
        poly = outline(idx == i)
        outlines.append([(round((left + x * fw) / width, 4), round((top + y * fh) / height, 4))
                         for x, y in poly])
    mm = WIDTH_MM / fw
    # a Doppler picture says so, and says "no flow" when the box shows none
    title = f"US {pr.name}" + (" + colour Doppler" + ("" if flowing else ", no flow")
                               if scene.doppler else "")
    lmap = np.full((height, width), -1, np.int16)
    lmap[top:top + fh, left:left + fw] = index_map(idx, (fw, fh))
    joint = np.zeros((height, width), bool)
    joint[top:top + fh, left:left + fw] = index_map(is_joint(lab).astype(np.int8) - 1,
                                                    (fw, fh)) >= 0
    return Frame(im, outlines, pr.labels, mm, title, (left, top, left + fw, top + fh), lmap,
                 joint, *twins, colour_box=box, open_beam=open_beam)
