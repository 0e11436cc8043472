"""Sampling the phantom: the body of a scene with its lesions, at any points or on a grid.

One body for every modality: CT and ultrasound sample the solids on their own fine planes,
projections (radiograph, bone scan, SPECT) on a 1.5 mm voxel grid whose lesion-free part is
computed once per body and cached on disk. Millimetres; patient's left = +x, anterior = +y,
cranial = +z; the origin lies midway between the hip-joint centres.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import ndimage

from builder.illustrate.anatomy import store
from builder.illustrate.body import build as body_build
from builder.illustrate.body.build import Body, Habitus
from builder.illustrate.heights import level_z  # noqa: F401  (renderers use phantom.level_z)
from builder.illustrate.raster import box_round
from builder.illustrate.scene import Body as BodySpec
from builder.illustrate.scene import Lesion, Scene
from builder.illustrate.solids import Solid, grid_box, paint_grid, paint_points
from builder.illustrate.tissues import (
    CORE,
    FOCUS,
    HALO,
    LESION_FIRST,
    RIM,
    lesion_index,
    lesion_zone,
    rim_thickness,
)

GRID_X = (-216.0, 216.0, 1.5)
GRID_Y = (-190.0, 170.0, 1.5)
GRID_Z = (-300.0, 240.0, 1.5)


def habitus(spec: BodySpec) -> Habitus:
    return Habitus(spec.sex, spec.atrophy, spec.osteopenia)


def body(spec: BodySpec) -> Body:
    return body_build.build(habitus(spec))


def solids(b: Body, lesions: Sequence[Lesion]) -> list[Solid]:
    from builder.illustrate.lesions import lesion_solids

    return list(b.solids) + lesion_solids(b, lesions)


def sample_points(scene: Scene, x: np.ndarray, y: np.ndarray, z: np.ndarray,
                  base: np.ndarray | None = None) -> np.ndarray:
    """Tissue codes at arbitrary points (any shape; x, y, z broadcast together). Given the
    lesion-free ``base`` codes of the same points, only the lesions are painted, over it
    and near them (painting is point by point, so the body's solids need not be painted
    again: base is what they leave)."""
    b = body(scene.body)
    x, y, z = np.broadcast_arrays(*(np.asarray(v, np.float32) for v in (x, y, z)))
    if base is None:
        labels = np.zeros(x.size, np.uint8)
        paint_points(labels, solids(b, scene.lesions), x.ravel(), y.ravel(), z.ravel())
        return labels.reshape(x.shape)
    if not scene.lesions:
        return base
    from builder.illustrate.lesions import lesion_solids

    extra = lesion_solids(b, scene.lesions)
    lo = np.min([s.lo for s in extra], axis=0) - 25
    hi = np.max([s.hi for s in extra], axis=0) + 25
    xr, yr, zr = x.ravel(), y.ravel(), z.ravel()
    near = np.flatnonzero((xr >= lo[0]) & (xr <= hi[0]) & (yr >= lo[1]) & (yr <= hi[1])
                          & (zr >= lo[2]) & (zr <= hi[2]))
    labels = base.ravel().copy()
    sub = labels[near]
    paint_points(sub, extra, xr[near], yr[near], zr[near])
    labels[near] = sub
    return labels.reshape(x.shape)


def body_cached(spec: BodySpec, name: str, make, *modules: object) -> dict[str, np.ndarray]:
    """Arrays computed once per body (its habitus and meshes) and the code that draws it,
    plus ``modules`` (the renderer that made them), kept in the anatomy cache on disk."""
    import builder.illustrate.body.build as build_mod
    import builder.illustrate.solids as solids_mod
    from builder.illustrate.anatomy import fieldset, meshes, voxelise
    from builder.illustrate.body import muscles, strands

    key = name + "-" + "-".join(str(v) for v in habitus(spec).__dict__.values()) + "-" + \
        meshes.digest(spec.sex) + "-" + store.source_hash(
            fieldset, voxelise, muscles, strands, build_mod, solids_mod,
            __import__(__name__, fromlist=["x"]), *modules)
    return store.cached(key, make)


def lesion_free(spec: BodySpec, scene_json: str, view: str,
                make: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """A lesion-free picture's arrays, kept with the body's: they depend on the body, the
    plane and the code alone (keyed by a hash of all the illustration code), so every
    picture of that plane, in every process and build, shares them (the pictures' own
    cache is emptied by a cold build; this one is not)."""
    digest = hashlib.sha256(scene_json.encode()).hexdigest()[:16]
    return body_cached(spec, f"free-{view}-{digest}-{store.illustrate_hash()}", make)


def cached_plane(scene: Scene, name: str, x: np.ndarray, y: np.ndarray,
                 z: np.ndarray) -> np.ndarray:
    """Lesion-free tissue codes of a plane, cached on disk under ``name`` (with the body
    and the code that draws it), then the scene's lesions painted near them."""
    empty = scene.model_copy(update={"lesions": []})
    base = body_cached(scene.body, "plane-" + name,
                       lambda: {"labels": sample_points(empty, x, y, z)})["labels"]
    labels = sample_points(scene, x, y, z, base)
    if not scene.lesions:
        return labels
    rims = [rim_thickness(les.maturity) for les in scene.lesions]
    mature = [les.maturity >= MATURE for les in scene.lesions]
    cortex = [les.maturity >= CORTEX for les in scene.lesions]
    return without_slivers(labels, base, _spacing(x, y, z), rims, mature, cortex)


SLIVER_MM = 5.0  # a lesion's piece thinner than this in a plane is dropped
BEAD_MM2 = 150.0  # a piece smaller than this beside a larger one of its lesion is dropped
MATURE = 0.6  # from this maturity a lesion's centre is a marrow space, never a pin-hole
CENTRE_MM = 3.0  # a piece of rim round a narrower centre, beside a cored piece, is dropped
SPUR_SLACK = 1.5  # mm of rim beyond its thickness from a centre still kept (wobble, blur)
CORTEX = 0.7  # from this maturity a rim is a cortex, and keeps only
CORTEX_SLACK = 0.8  # this much rim beyond its thickness from a centre (it still varies)
FINGER_MM = 6.0  # a mature piece's mineral, or its centre, narrower than this is a finger
HOLE_MM = 3.5  # a hole in a lesion's mineral narrower than this is filled with rim
BAR_CORTEX = 2.0  # mm of a too-thick bar of rim kept as cortex over the marrow behind it


def _spacing(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[float, float]:
    """Millimetres between neighbouring points of a plane, down and across."""
    p = np.stack(np.broadcast_arrays(x, y, z), -1)
    return (float(np.linalg.norm(p[1, 0] - p[0, 0])) if p.shape[0] > 1 else 1.0,
            float(np.linalg.norm(p[0, 1] - p[0, 0])) if p.shape[1] > 1 else 1.0)


def without_slivers(labels: np.ndarray, base: np.ndarray, spacing: tuple[float, float],
                    rims: Sequence[float] = (), mature: Sequence[bool] = (),
                    cortex: Sequence[bool] = ()) -> np.ndarray:
    """The plane with every separate piece of lesion thinner than SLIVER_MM everywhere, every
    bead smaller than BEAD_MM2 beside a larger piece of the same lesion, and every piece of
    mineral with no centre beside a piece of the same lesion that has one, put back to the
    tissue beneath: where a lobe only grazes a plane it leaves a streak, a dense bead or a
    solid clump of rim that reads as a fracture fragment, a needle or a calcified vessel,
    not as NHO (radiology review 4: solid clumps against 3a's iliac vessels). Given each
    lesion's rim thickness (``rims``), rim farther than that (+ its ``slack``, SPUR_SLACK
    unless given) from any centre is dropped too:
    where the lobulation puts out a finger too thin for a centre, the rim alone draws a
    forked tail or a branching line (radiology review 5: 1b, 3b). Before that, in a
    ``mature`` lesion's mass, a speck of centre under CENTRE_MM across becomes rim: a
    pin-hole reads as an eyelet or a vessel's lumen (radiology review 7), and the rim round
    it is then judged like any spur (an early rim's flecks lie round small centres too); so
    is a finger of centre narrower than FINGER_MM off a broader one. After the spurs, holes
    narrower than HOLE_MM in a rim are filled, a mature mass's bars of rim hollowed, a
    ``cortex``'s gaps closed and a mature mass's knobs of rim dropped."""
    mature = list(mature) + [False] * (len(rims) - len(mature))
    if rims:  # first, so that what a spur joined to its piece is judged on its own
        labels = _specks_filled(labels, spacing, mature)
        labels = _fingers_filled(labels, spacing, mature)
        cortex = list(cortex) + [False] * (len(rims) - len(cortex))
        # a cortex keeps less slack (the full slack left the rim round a dropped speck or
        # finger of centre as a thick white band with a round knob, radiology review 7:
        # 3b); a maturing rim's thick places stay (its thickness varies, review 7: 1a)
        slack = [CORTEX_SLACK if c else SPUR_SLACK for c in cortex]
        labels = np.where(_spurs(labels, spacing, rims, slack), base, labels)
        labels = _pinholes_filled(labels, spacing)  # (before a knob round one goes)
        labels = _bars_hollowed(labels, spacing, rims, mature, slack)
        labels = _cortex_closed(labels, cortex)
        labels = np.where(_knobs(labels, spacing, rims, mature), base, labels)
    lesion = labels >= LESION_FIRST
    parts, n = ndimage.label(lesion)
    if not n:
        return labels
    ids = np.arange(1, n + 1)
    half = ndimage.distance_transform_edt(lesion, sampling=spacing)
    thick = _per_piece(half, parts, n, np.maximum)
    area = np.bincount(parts.ravel(), minlength=n + 1)[1:] * spacing[0] * spacing[1]
    owner = _per_piece(lesion_index(labels), parts, n, np.minimum).astype(int)
    largest = {k: area[owner == k].max() for k in set(owner.tolist())}
    bead = (area < BEAD_MM2) & (np.array([largest[k] for k in owner]) > area)
    thin = np.isin(parts, ids[(thick < SLIVER_MM / 2) | bead]) | _clumps(labels, spacing)
    return np.where(thin, base, labels) if thin.any() else labels


def _clumps(labels: np.ndarray, spacing: tuple[float, float]) -> np.ndarray:
    """Pieces of a lesion's mineral (its halo aside) with neither a centre CENTRE_MM across
    nor a vascular focus, where another piece of the same lesion in the plane has one, or
    where the piece is smaller than BEAD_MM2 (a knot of rim round a speck of centre reads as
    a bead or a phlebolith, radiology review 5)."""
    zone = lesion_zone(labels)
    parts, n = ndimage.label(zone > HALO)
    if n < 2:
        return np.zeros(labels.shape, bool)
    ids = np.arange(1, n + 1)
    owner = _per_piece(lesion_index(labels), parts, n, np.minimum).astype(int)
    half = ndimage.distance_transform_edt(zone == CORE, sampling=spacing)
    cored = _per_piece(half, parts, n, np.maximum) >= CENTRE_MM / 2
    focus = _per_piece(zone == FOCUS, parts, n, np.maximum) > 0
    area = np.bincount(parts.ravel(), minlength=n + 1)[1:] * spacing[0] * spacing[1]
    clump = ~cored & ~focus & (np.isin(owner, owner[cored]) | (area < BEAD_MM2))
    return np.isin(parts, ids[clump])


def _specks_filled(labels: np.ndarray, spacing: tuple[float, float],
                   mature: Sequence[bool]) -> np.ndarray:
    """Each separate patch of a mature lesion's centre narrower than CENTRE_MM made rim."""
    zone = lesion_zone(labels)
    core = zone == CORE
    parts, n = ndimage.label(core)
    if not n:
        return labels
    half = _per_piece(ndimage.distance_transform_edt(core, sampling=spacing), parts, n,
                      np.maximum)
    speck = np.isin(parts, np.arange(1, n + 1)[half < CENTRE_MM / 2]) & _ripe(labels, mature)
    return _made_rim(labels, speck)


def _disc(radius: float, spacing: tuple[float, float]) -> np.ndarray:
    """A disc of ``radius`` mm as a structuring element on the plane's pixels."""
    ny, nx = (int(np.ceil(radius / s)) for s in spacing)
    yy, xx = np.mgrid[-ny:ny + 1, -nx:nx + 1]
    return np.hypot(yy * spacing[0], xx * spacing[1]) <= radius


def _opened(mask: np.ndarray, disc: np.ndarray) -> np.ndarray:
    """``mask`` opened by ``disc``, worked out on the box round the mask only (with the
    disc's reach to spare, so the result is the same): a lesion covers a few hundredths of
    a plane, and opening the whole plane with a 6-mm disc cost the pictures a second."""
    if not mask.any():
        return mask.copy()
    box = box_round(mask, max(disc.shape) + 1)
    out = np.zeros_like(mask)
    out[box] = ndimage.binary_opening(mask[box], disc)
    return out


def _masses(labels: np.ndarray, mature: Sequence[bool]):
    """Each mature lesion's index and where its mass (rim and centre) lies in the plane."""
    index = np.where(_ripe(labels, mature) & (lesion_zone(labels) > HALO),
                     lesion_index(labels), -1)
    for i in np.unique(index[index >= 0]).tolist():
        yield i, index == i


def _ripe(labels: np.ndarray, mature: Sequence[bool]) -> np.ndarray:
    """Where the plane holds a mature lesion's code."""
    return np.asarray(list(mature) + [False])[np.where(labels >= LESION_FIRST,
                                                       lesion_index(labels), -1)]


def _fingers_filled(labels: np.ndarray, spacing: tuple[float, float],
                    mature: Sequence[bool]) -> np.ndarray:
    """In each piece of a mature lesion whose centre is somewhere FINGER_MM across, the
    centre narrower than that made rim: a finger of centre 3-5 mm across, or a loop round a
    small one, off a broad mass reads as a squiggle, an eye or a calcified vessel (radiology
    review 7: 3a, 3b), and its rim is then judged like any spur."""
    zone = lesion_zone(labels)
    core = (zone == CORE) & _ripe(labels, mature)
    if not core.any():
        return labels
    broad = _opened(core, _disc(FINGER_MM / 2, spacing))
    parts, _ = ndimage.label(zone > HALO)
    # (a pixel's margin: a digital outline is not quite a union of digital discs)
    narrow = core & ~ndimage.binary_dilation(broad, np.ones((3, 3), bool)) \
        & np.isin(parts, np.unique(parts[broad]))
    # a neck of centre between two broad ones stays: made rim, it would be a septum
    lobes, _ = ndimage.label(broad)
    necks, n = ndimage.label(narrow)
    grown = ndimage.grey_dilation(lobes, size=(5, 5))
    joins = [np.unique(grown[(necks == k) & (grown > 0)]).size for k in range(1, n + 1)]
    finger = np.isin(necks, np.arange(1, n + 1)[np.array(joins, int) < 2])
    return _made_rim(labels, finger)


def _bars_hollowed(labels: np.ndarray, spacing: tuple[float, float], rims: Sequence[float],
                   mature: Sequence[bool], slack: Sequence[float]) -> np.ndarray:
    """A mature lesion's rim thicker than its thickness and twice its slack, deeper than
    BAR_CORTEX under the mass's surface, made centre where it meets the centre, and rim
    then left inside the centre made centre too: the rim once round a small lobe's centre,
    made rim or dropped, stays as a thick white bar or club with no centre (radiology
    review 8: 3b's C-bar, 1b's club); bone there is a cortex with marrow behind it."""
    zone = lesion_zone(labels)
    marrow = np.zeros(labels.shape, bool)
    for i, whole in _masses(labels, mature):
        box = box_round(whole, 1)  # (worked out round the mass only: the same, and cheaper)
        mass = whole[box]
        rim, core = mass & (zone[box] == RIM), mass & (zone[box] == CORE)
        bar = _opened(rim, _disc((rims[i] + 2 * slack[i]) / 2, spacing))
        deep = bar & (ndimage.distance_transform_edt(mass, sampling=spacing)
                      > min(rims[i], BAR_CORTEX))
        parts, _ = ndimage.label(deep)
        hollow = np.isin(parts, np.unique(parts[deep & ndimage.binary_dilation(core)]))
        left, _ = ndimage.label(rim & ~hollow, np.ones((3, 3), bool))
        surface = mass & ~ndimage.binary_erosion(mass)
        marrow[box] |= hollow | (left > 0) & ~np.isin(left, np.unique(left[surface]))
    return np.where(marrow, labels + (CORE - RIM), labels).astype(labels.dtype)


def _cortex_closed(labels: np.ndarray, cortex: Sequence[bool]) -> np.ndarray:
    """A cortex's centre bare on its mass's surface made cortex: a ten-month mass has a
    continuous cortex (broken, it drew 3b's posterior mass as a flake and an S-hook round
    muscle-grey marrow, radiology review 8)."""
    zone = lesion_zone(labels)
    mass = _ripe(labels, cortex) & (zone > HALO)
    # (each lesion's own surface: two masses that touch still each have a cortex)
    index = np.where(mass, lesion_index(labels), -1)
    inner = ndimage.grey_erosion(index, size=(3, 1)) == index
    inner &= ndimage.grey_dilation(index, size=(3, 1)) == index
    inner &= ndimage.grey_erosion(index, size=(1, 3)) == index
    inner &= ndimage.grey_dilation(index, size=(1, 3)) == index
    return _made_rim(labels, mass & (zone == CORE) & ~inner)


def _made_rim(labels: np.ndarray, where: np.ndarray) -> np.ndarray:
    """``labels`` with the centre ``where`` says made the same lesion's rim."""
    return np.where(where, labels - (CORE - RIM), labels).astype(labels.dtype)


def _knobs(labels: np.ndarray, spacing: tuple[float, float], rims: Sequence[float],
           mature: Sequence[bool]) -> np.ndarray:
    """A mature lesion's rim beyond its thickness from a centre where no disc FINGER_MM
    across fits within its mineral: a flag, knob or arm of rim standing off a cored mass
    (radiology review 7: 3a's flag, 1a's corner knob). (Rim within its thickness of a centre
    stays: there it follows the lobules of the centre.)"""
    zone = lesion_zone(labels)
    out = np.zeros(labels.shape, bool)
    disc = _disc(FINGER_MM / 2, spacing)
    for i, mass in _masses(labels, mature):
        cored = mass & (zone == CORE)
        if not cored.any():
            off = ndimage.distance_transform_edt(~cored, sampling=spacing)
        else:  # (the nearest centre of a pixel of the mass lies in the mass's box)
            box = box_round(mass)
            off = np.full(mass.shape, np.inf)
            off[box] = ndimage.distance_transform_edt(~cored[box], sampling=spacing)
        out |= mass & ~_opened(mass, disc) & (zone == RIM) & (off > rims[i])
    return out


def _pinholes_filled(labels: np.ndarray, spacing: tuple[float, float]) -> np.ndarray:
    """Holes narrower than HOLE_MM closed in by a lesion's rim made that rim: a pin-hole
    of muscle or centre in a rim reads as an eyelet (radiology review 7: 3a's cap)."""
    zone = lesion_zone(labels)
    rim = zone == RIM
    holes = ndimage.binary_fill_holes(rim) & ~rim
    parts, n = ndimage.label(holes)
    if not n:
        return labels
    half = _per_piece(ndimage.distance_transform_edt(holes, sampling=spacing), parts, n,
                      np.maximum)
    small = np.isin(parts, np.arange(1, n + 1)[2 * half < HOLE_MM])
    # each hole takes the rim code of the lesion round it
    near = ndimage.distance_transform_edt(~rim, return_distances=False, return_indices=True)
    rim_code = labels[near[0], near[1]]
    return np.where(small, rim_code, labels).astype(labels.dtype)


def _spurs(labels: np.ndarray, spacing: tuple[float, float], rims: Sequence[float],
           slack: Sequence[float]) -> np.ndarray:
    """Rim more than its lesion's rim thickness (+ its slack) from every centre in the
    plane, when the plane has a centre at all (a rim closes round its centre; a finger of
    rim with nothing inside it is a spur)."""
    zone = lesion_zone(labels)
    core = zone == CORE
    if not core.any():
        return np.zeros(labels.shape, bool)
    far = ndimage.distance_transform_edt(~core, sampling=spacing)
    limit = np.asarray([r + k for r, k in zip(rims, slack, strict=True)] + [0.0], np.float32)[
        np.where(zone >= 0, lesion_index(labels), len(rims))]
    return (zone == RIM) & (far > limit)


def _per_piece(values: np.ndarray, parts: np.ndarray, n: int, reduce) -> np.ndarray:
    """``reduce`` (np.maximum or np.minimum) of values over each labelled piece 1…n, taken
    over the pieces' pixels alone (ndimage's per-label statistics sort the whole plane)."""
    at = parts > 0
    out = np.full(n + 1, -np.inf if reduce is np.maximum else np.inf)
    reduce.at(out, parts[at], values[at].astype(np.float64))
    return out[1:]


def sample_axial(scene: Scene, z: float, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Tissue codes on an axial plane: rows follow ``ys``, columns ``xs`` (the lesion-free
    plane is cached on disk)."""
    xx, yy = np.meshgrid(np.asarray(xs, np.float32), np.asarray(ys, np.float32))
    zz = np.full_like(xx, np.float32(z))
    name = f"axial-{z:.2f}-{xs[0]:.2f}-{xs[-1]:.2f}-{len(xs)}-{ys[0]:.2f}-{ys[-1]:.2f}-{len(ys)}"
    return cached_plane(scene, name, xx, yy, zz)


@dataclass(frozen=True)
class Volume:
    """Tissue codes on a grid (index order z, y, x); axes ascending, millimetres."""

    labels: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    zs: np.ndarray
    lesion_box: tuple[slice, slice, slice] = (slice(0, 0),) * 3
    """The part of the grid (z, y, x) that the lesions were painted into: what reads the
    lesions back need not scan the whole body's 25 million voxels."""


def _axis(spec: tuple[float, float, float]) -> np.ndarray:
    lo, hi, step = spec
    return np.arange(lo + step / 2, hi, step, dtype=np.float32)


def _axes() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return _axis(GRID_X), _axis(GRID_Y), _axis(GRID_Z)


@lru_cache(maxsize=2)
def base_volume(spec: BodySpec) -> Volume:
    """The lesion-free body on the projection grid (cached on disk per body)."""
    b = body(spec)
    xs, ys, zs = _axes()

    def make() -> dict[str, np.ndarray]:
        labels = np.zeros((len(zs), len(ys), len(xs)), np.uint8)
        paint_grid(labels, b.solids, xs, ys, zs)
        return {"labels": labels}

    labels = body_cached(spec, "volume", make)["labels"]
    labels.setflags(write=False)
    return Volume(labels, xs, ys, zs)


@lru_cache(maxsize=4)
def volume(spec: BodySpec, lesions: tuple[Lesion, ...]) -> Volume:
    """The body with these lesions on the projection grid: the cached body with the
    lesions painted over it (projections do not need the swelling of oedematous muscle,
    which the planes of CT and ultrasound draw)."""
    base = base_volume(spec)
    if not lesions:
        return base
    from builder.illustrate.lesions import lesion_solids

    labels = base.labels.copy()
    solids = lesion_solids(body(spec), lesions, swell=False)
    paint_grid(labels, solids, base.xs, base.ys, base.zs)
    labels.setflags(write=False)
    return Volume(labels, base.xs, base.ys, base.zs,
                  grid_box(solids, base.xs, base.ys, base.zs))
