"""Make the committed anatomy files from the HuBMAP 3D Reference Object Library (v1.1).

Run once, by hand, when the source meshes change:
``python -m builder.illustrate.anatomy.derive /path/to/ccf-releases/v1.1/models anatomy/``.
The published meshes (metres, glTF axes: x = patient's left, y = cranial, z = anterior) are
converted to millimetres in patient coordinates (left = +x, anterior = +y, cranial = +z) with
the origin midway between the two hip-joint centres (acetabular sphere fits), cropped to the
region from the lower abdomen to the upper tibia, merged by organ (e.g. the bladder's dome,
base and trigone become one ``bladder``), and stored compactly in one ``.npz`` per body.
The skin, pelvis, knee and organ meshes of one body share one coordinate frame (checked:
femoral head and acetabulum fit spheres agree within 4 mm), so no registration is needed.
Changes from the source are listed in anatomy/ATTRIBUTION.md, as CC BY 4.0 requires.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from builder.illustrate.anatomy.glb import Mesh, read_glb

Z_RANGE = (-560.0, 260.0)  # mm from the hip centres: upper tibia to lower abdomen

FEMUR_PATCHES = ("intercondylar_", "anterior_cruciate", "posterior_cruciate", "lateral_perichond",
                 "medial_perichond", "lateral_epicond", "medial_epicond", "trochlear",
                 "medial_condyle", "lateral_condyle", "distal_most")

# organ name → (file stem with {S} for F/M, substrings of the mesh names to merge)
PARTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "skin": ("VH_{S}_Skin", ("skin",)),
    "sacrum": ("VH_{S}_Pelvis", ("sacrum",)),
    "coccyx": ("VH_{S}_Pelvis", ("coccyx",)),
    **{f"{bone}_{side}": ("VH_{S}_Pelvis", (f"{bone}_compact_bone_{side}",))
       for bone in ("ilium", "ischium", "pubis") for side in "LR"},
    **{f"{bone}_spongy_{side}": ("VH_{S}_Pelvis", (f"{bone}_spongy_bone_{side}",))
       for bone in ("ilium", "ischium", "pubis") for side in "LR"},
    **{f"{bone}_{side}": (f"VH_{{S}}_Knee_{side}", (f"{bone}_{side}",))
       for bone in ("patella", "tibia", "fibula", "meniscus") for side in "LR"},
    # the distal femur's surface is published in patches beside the femur mesh (condyles,
    # intercondylar fossa, entheses, perichondral surfaces, trochlear groove)
    **{f"femur_{side}": (f"VH_{{S}}_Knee_{side}", (f"femur_{side}", *FEMUR_PATCHES))
       for side in "LR"},
    **{f"knee_cartilage_{side}": (f"VH_{{S}}_Knee_{side}", ("articular_cartilage",))
       for side in "LR"},
    "bladder": ("VH_{S}_Urinary_Bladder", ("fundus", "trigone", "urinary_bladder_neck")),
    "uterus": ("VH_F_Uterus", ("body_of", "fundus", "posterior_wall", "anterior_wall", "cervix",
                               "lower_uterine", "cornua")),
    "rectum": ("SBU_{S}_Intestine_Large", ("rectum",)),
    "sigmoid": ("SBU_{S}_Intestine_Large", ("sigmoid",)),
    "colon": ("SBU_{S}_Intestine_Large", ("caecum", "ascending", "descending", "vermiform")),
    "small_bowel": ("VH_{S}_Small_Intestine", ("ileum", "jejunum", "jejenum")),
}


def _patient(mesh: Mesh) -> np.ndarray:
    return mesh.vertices[:, [0, 2, 1]] * 1000.0


def _sphere(points: np.ndarray) -> tuple[np.ndarray, float]:
    a = np.c_[2 * points, np.ones(len(points))]
    c, *_ = np.linalg.lstsq(a, (points ** 2).sum(1), rcond=None)
    return c[:3], float(np.sqrt(c[3] + (c[:3] ** 2).sum()))


def hip_centre(femur: np.ndarray) -> np.ndarray:
    """Centre of the femoral head: a sphere fitted to the top of the femur, refined on the
    vertices that lie near it."""
    top = femur[femur[:, 2] > femur[:, 2].max() - 45]
    medial = np.abs(top[:, 0]) < np.percentile(np.abs(top[:, 0]), 45)
    c, r = _sphere(top[medial])
    for _ in range(6):
        d = np.linalg.norm(femur - c, axis=1)
        c, r = _sphere(femur[(d > 0.85 * r) & (d < 1.15 * r)])
    return c


def _short(name: str) -> str:
    """A mesh's name without its body prefix: 'VH_F_femur_L' → 'femur_L'."""
    return name.split("_", 2)[2]


def _crop(v: np.ndarray, f: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    keep = ((v[f][:, :, 2] >= Z_RANGE[0]) & (v[f][:, :, 2] <= Z_RANGE[1])).any(axis=1)
    f = f[keep]
    used = np.unique(f)
    remap = np.full(len(v), -1, np.int64)
    remap[used] = np.arange(len(used))
    return v[used], remap[f]


def derive(models: Path, sex: str) -> dict[str, np.ndarray]:
    files: dict[str, list[Mesh]] = {}

    def meshes(stem: str) -> list[Mesh]:
        name = stem.format(S=sex)
        if name not in files:
            files[name] = read_glb(models / f"{name}.glb")
        return files[name]

    femurs = [_patient(m) for side in "LR" for m in meshes(f"VH_{{S}}_Knee_{side}")
              if _short(m.name) == f"femur_{side}"]
    origin = (hip_centre(femurs[0]) + hip_centre(femurs[1])) / 2
    out: dict[str, np.ndarray] = {"origin_mm": origin.astype(np.float32)}
    for part, (stem, keys) in PARTS.items():
        if "VH_F_" in stem and sex != "F":
            continue
        chosen = [m for m in meshes(stem) if _short(m.name).startswith(keys)]
        verts, faces, base = [], [], 0
        for m in chosen:
            verts.append(_patient(m) - origin)
            faces.append(m.faces + base)
            base += len(m.vertices)
        v, f = _crop(np.concatenate(verts), np.concatenate(faces))
        out[f"{part}.v"] = np.round(v, 2).astype(np.float32)
        out[f"{part}.f"] = f.astype(np.uint16 if len(v) < 65536 else np.uint32)
    return out


def main(argv: list[str]) -> None:
    models, target = Path(argv[0]), Path(argv[1])
    for sex, name in (("F", "vh-female"), ("M", "vh-male")):
        np.savez_compressed(target / f"{name}.npz", **derive(models, sex))


if __name__ == "__main__":
    main(sys.argv[1:])
