"""Every mesh of a body as a signed distance field, computed once and cached on disk.

Bones get 1 mm voxels (their cortex is drawn a millimetre or two inside the surface), organs
1.5 mm and the skin 2.5 mm (a smooth, large surface). Hollow organs published as walls only
(bowel) are filled slice by slice, so their lumen belongs to them.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from scipy import ndimage

from builder.illustrate.anatomy import fields, meshes, store, voxelise
from builder.illustrate.anatomy.fields import Field
from builder.illustrate.anatomy.voxelise import Grid

Z_MIN = -575.0  # mm: the phantom reaches the upper tibia (the meshes end there)
Z_MAX = {"colon": 150.0, "small_bowel": 200.0}  # only the part in or near the pelvis
STEP = {"skin": 4.0, "uterus": 1.5, "rectum": 1.5, "sigmoid": 1.5, "colon": 1.5,
        "small_bowel": 1.5}
BONE_STEP = 1.25
MASKS: frozenset[str] = frozenset()  # parts whose inside alone is needed
SKIN_HALF_WIDTH = 250.0
BOWEL = frozenset({"rectum", "sigmoid", "colon", "small_bowel"})
HOLLOW = frozenset({"bladder", "uterus"})
SKIP = ("bladder", "knee_cartilage")  # the knee's cartilage is drawn over the bones


def _fill_slices(mask: np.ndarray) -> np.ndarray:
    """Fill holes in every slice along each axis (a tube's lumen is a hole in its sections):
    background regions of a slice that do not reach the slice's border are holes."""
    out = mask.copy()
    for axis in range(3):
        st = np.zeros((3, 3, 3), bool)
        idx = [slice(None)] * 3
        idx[axis] = 1
        st[tuple(idx)] = ndimage.generate_binary_structure(2, 1)
        lab, n = ndimage.label(~mask, structure=st)
        border = np.zeros(n + 1, bool)
        for other in range(3):
            if other == axis:
                continue
            for end in (0, -1):
                border[np.unique(np.take(lab, end, axis=other))] = True
        border[0] = True
        out |= ~border[lab]
    return out


def _parts(sex: str) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """Meshes to voxelise together: a hip bone is its ilium, ischium and pubis as one (their
    meshes abut at the acetabulum, and separate fields would leave seams like fractures)."""
    m = meshes.load(sex)
    out: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {}
    for name, mesh in m.items():
        if name.startswith(SKIP) or len(mesh[1]) == 0:
            continue
        bone, _, rest = name.partition("_")
        if bone in ("ilium", "ischium", "pubis"):  # compact shell + spongy core, one surface set
            out.setdefault("hip_" + rest[-1], []).append(mesh)
        else:
            out[name] = [mesh]
    return out


def _make(sex: str) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, group in _parts(sex).items():
        v = np.concatenate([g[0] for g in group])
        f = np.concatenate([g[1] + sum(len(h[0]) for h in group[:k])
                            for k, g in enumerate(group)])
        keep = (v[f][:, :, 2] >= Z_MIN - 20).any(axis=1)
        f = f[keep]
        if len(f) == 0:
            continue
        step = STEP.get(name, BONE_STEP)
        lo, hi = v[np.unique(f)].min(axis=0), v[np.unique(f)].max(axis=0)
        lo[2] = max(lo[2], Z_MIN)
        hi[2] = min(hi[2], Z_MAX.get(name, hi[2]))
        if name == "skin":  # the arms hang beside the hips: keep the trunk and thighs
            lo[0], hi[0] = max(lo[0], -SKIN_HALF_WIDTH), min(hi[0], SKIN_HALF_WIDTH)
        grid = Grid.around(lo, hi, step, max(3 * step, 10.0))  # room for capsule, cartilage
        # one parity over all the parts' surfaces: the compact shell's inner surface coincides
        # with the spongy core's surface, so crossing both flips twice and the bone is solid
        mask = voxelise.inside(v, f, grid)
        if name.startswith("hip_"):  # seams where ilium, ischium and pubis meet: closed
            mask = voxelise.fill_enclosed(ndimage.binary_closing(mask, iterations=2))
        if name.startswith("femur"):
            # the distal femur is published as the femur plus surface patches (condyles,
            # fossa, entheses) whose seams defeat parity: there the bone is what the surfaces
            # enclose (above, parity alone, so the head keeps its measured size)
            filled = voxelise.fill_enclosed(ndimage.binary_closing(
                mask | voxelise.shell(v, f, grid), iterations=3))
            distal = grid.axis(2) < v[:, 2].min() + 110
            mask = np.where(distal[:, None, None], filled, mask)
        if name == "skin":  # close the folds (natal cleft, groins) a supine patient closes
            mask = ndimage.binary_closing(mask, iterations=2)
        if name in MASKS:
            out[f"{name}.mask"] = mask
            out[f"{name}.grid"] = np.array([*grid.origin, step, *grid.shape], np.float64)
            continue
        if name in BOWEL:  # thin walls: close small gaps first, so the lumen is enclosed
            mask = ndimage.binary_dilation(mask, iterations=2)
            mask = ndimage.binary_erosion(_fill_slices(mask), iterations=1)
        elif name in HOLLOW:
            mask = _fill_slices(mask)
        sdf = voxelise.signed_distance(mask, step)
        out[f"{name}.sdf"] = np.clip(sdf, -60, 60).astype(np.float16)
        out[f"{name}.grid"] = np.array([*grid.origin, step, *grid.shape], np.float64)
    return out


@lru_cache(maxsize=2)
def body_fields(sex: str) -> dict[str, Field]:
    """name → distance field of every mesh of the body (cached on disk, keyed by the mesh
    file and this code)."""
    key = "fields-" + sex + "-" + meshes.digest(sex) + "-" + store.source_hash(
        voxelise, fields, __import__(__name__, fromlist=["x"]))
    arrays = store.cached(key, lambda: _make(sex))
    out: dict[str, Field] = {}
    for k in arrays:
        name, _, kind = k.rpartition(".")
        if kind not in ("sdf", "mask"):
            continue
        g = arrays[f"{name}.grid"]
        grid = Grid((g[0], g[1], g[2]), float(g[3]), (int(g[4]), int(g[5]), int(g[6])))
        if kind == "mask":  # a hard mask as a field: ±half a voxel at its border
            out[name] = Field(np.where(arrays[k], -0.5, 0.5).astype(np.float32) * grid.step,
                              grid)
        else:
            out[name] = Field(arrays[k].astype(np.float32), grid)
    return out
