"""The muscles of the hip and thigh by name, each running between its bony attachments.

Every muscle is a row of the table below: strands through points given as a landmark plus
an offset (lateral, anterior, cranial, in mm; "lateral" is mirrored for each side), with a
radius at each point. Landmarks come from the measured bones (anatomy.landmarks), so the
muscles follow each body. Muscles inside the abdominopelvic cavity (iliacus, psoas,
obturator internus, piriformis, levator ani) are packed separately from those of the limb
and trunk wall, so neither can spill into the other across a bone; those that leave the pelvis
for the femur (iliopsoas, obturator internus, piriformis) are packed in both.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from builder.illustrate.anatomy.landmarks import SIDES, Landmarks
from builder.illustrate.body.strands import Muscle, Strand
from builder.illustrate.tissues import MUSCLE_FIRST

P = tuple  # (anchor, lateral, anterior, cranial)


@dataclass(frozen=True)
class Spec:
    """One muscle: strands of (points, radii), an optional flattening (normal in lateral,
    anterior, cranial terms, and short/long ratio), and whether it lies in the pelvis."""

    name: str
    strands: tuple[tuple[tuple[P, ...], tuple[float, ...]], ...]
    flat: tuple[float, float, float] | None = None
    ratio: float = 1.0
    cavity: bool = False


TABLE: tuple[Spec, ...] = (
    Spec("iliacus", (
        ((("iliac_fossa", -10, 14, 40), ("iliac_fossa", -14, 18, 0),
          ("iliopubic_eminence", 10, 6, 6), ("head", 4, 34, -14),
          ("lesser_trochanter", -2, 10, 4)), (14, 18, 14, 12, 8)),
        ((("iliac_fossa", -2, 34, 30), ("iliac_fossa", -8, 34, -10),
          ("iliopubic_eminence", 14, 10, 10)), (12, 14, 12)),
    ), flat=(-0.7, 0.7, 0.0), ratio=0.6, cavity=True),
    Spec("psoas", (
        ((("promontory", 38, -28, 110), ("promontory", 48, -18, 40), ("promontory", 58, -2, -20),
          ("iliopubic_eminence", 2, 12, 10), ("head", -4, 30, -18),
          ("lesser_trochanter", -4, 8, 0)), (17, 18, 17, 13, 11, 7)),
    ), cavity=True),
    Spec("rectus_femoris", (
        ((("aiis", 0, 4, -4), ("head", 14, 36, -45), ("front", 104, 30, -90),
          ("shaft:-150", 0, 44, 0), ("shaft:-330", 0, 42, 0), ("patella", 0, -2, 48)),
         (7, 11, 14, 17, 13, 6)),
    ), flat=(0, 1, 0), ratio=0.75),
    Spec("sartorius", (
        ((("asis", -4, 0, -8), ("front", 108, 20, -10), ("front", 92, 22, -60),
          ("shaft:-150", -38, 44, 0), ("shaft:-330", -52, 8, 0),
          ("medial_condyle", -12, -22, 0), ("tibial_tuberosity", -34, -4, -30)),
         (6, 9, 10, 11, 11, 9, 4)),
    ), flat=(0, 1, 0), ratio=0.55),
    Spec("tensor_fasciae_latae", (
        ((("asis", 8, -8, -6), ("greater_trochanter", 16, 34, -20),
          ("greater_trochanter", 26, 18, -90)), (9, 13, 6)),
    ), flat=(1, 0.3, 0), ratio=0.55),
    Spec("gluteus_maximus", (
        ((("psis", 12, -18, 4), ("greater_trochanter", 14, -46, 10),
          ("shaft:-95", 26, -22, 0)), (18, 26, 14)),
        ((("sacral_apex", 38, -16, 30), ("greater_trochanter", 2, -56, -32),
          ("shaft:-110", 18, -30, 0)), (24, 30, 14)),
        ((("coccyx_tip", 34, -20, -6), ("ischial_tuberosity", 18, -44, -14),
          ("shaft:-135", 6, -34, 0)), (20, 24, 12)),
    )),
    Spec("gluteus_medius", (
        ((("iliac_tubercle", 8, -4, -8), ("greater_trochanter", 10, 6, 26),
          ("greater_trochanter", 4, 0, 2)), (12, 16, 10)),
        ((("crest_top", 26, -4, -22), ("greater_trochanter", 8, -10, 30),
          ("greater_trochanter", 2, -6, 2)), (14, 17, 10)),
        ((("psis", 40, 16, -22), ("greater_trochanter", -6, -22, 24),
          ("greater_trochanter", -2, -10, 0)), (12, 14, 9)),
    ), flat=(1, 0, 0), ratio=0.55),
    Spec("gluteus_minimus", (
        ((("acetabulum", 34, 16, 44), ("acetabulum", 36, 10, 18),
          ("greater_trochanter", -4, 16, -4)), (9, 10, 7)),
        ((("acetabulum", 36, -16, 46), ("acetabulum", 38, -12, 20),
          ("greater_trochanter", -6, 4, 2)), (9, 10, 7)),
    ), flat=(1, 0, 0.2), ratio=0.5),
    Spec("piriformis", (
        ((("sacral_apex", 24, 22, 48), ("ischial_spine", 6, -10, 34),
          ("greater_trochanter", -14, -8, 4)), (10, 11, 6)),
    ), cavity=True),
    Spec("obturator_internus", (
        ((("obturator", -12, 14, 12), ("obturator", -12, -4, 4), ("obturator", -12, -20, -6),
          ("ischial_spine", 4, -2, -16), ("greater_trochanter", -18, -14, -14)),
         (10, 12, 10, 7, 6)),
        ((("obturator", -13, 4, 30), ("ischial_spine", -8, 10, 4)), (9, 9)),
        # its upper fibres cover the pelvic surface of the acetabulum (the quadrilateral
        # plate) up to the level of the roof
        ((("acetabulum", -33, 6, 36), ("acetabulum", -34, -14, 32), ("acetabulum", -36, -32, 20),
          ("ischial_spine", 4, 6, -6)), (9, 10, 9, 7)),
    ), flat=(1, 0, 0), ratio=0.45, cavity=True),
    Spec("obturator_externus", (
        ((("obturator", 8, 6, -4), ("head", -2, -6, -32), ("neck_base", -6, -18, -4)), (11, 10, 6)),
    ), flat=(1, 0, 0), ratio=0.6),
    Spec("quadratus_femoris", (
        ((("ischial_tuberosity", 14, -2, 10), ("lesser_trochanter", 14, -16, 8)), (10, 10)),
    ), flat=(0, 0, 1), ratio=0.7),
    Spec("pectineus", (
        ((("pubic_tubercle", 26, -10, 2), ("lesser_trochanter", -6, 20, -18)), (9, 10)),
    ), flat=(0, 1, 0), ratio=0.6),
    Spec("adductor_longus", (
        ((("pubic_tubercle", 6, -4, -10), ("shaft:-150", -34, 10, 0),
          ("shaft:-250", -14, -12, 0)), (8, 16, 10)),
    ), flat=(0, 1, 0), ratio=0.6),
    Spec("adductor_brevis", (
        ((("symphysis", 22, -6, -30), ("shaft:-110", -22, -8, 0)), (12, 12)),
    ), flat=(0, 1, 0), ratio=0.6),
    Spec("adductor_magnus", (
        ((("ischial_tuberosity", -6, 10, -4), ("shaft:-150", -36, -26, 0),
          ("shaft:-330", -28, -26, 0), ("medial_condyle", -6, 6, 45)), (14, 24, 22, 7)),
        ((("symphysis", 30, -16, -44), ("shaft:-120", -22, -22, 0)), (10, 14)),
    )),
    Spec("gracilis", (
        ((("symphysis", 12, -4, -36), ("shaft:-200", -72, -6, 0), ("shaft:-330", -70, -22, 0),
          ("medial_condyle", -26, -26, 0), ("tibial_tuberosity", -36, -10, -40)),
         (7, 10, 8, 6, 3)),
    ), flat=(1, 0, 0), ratio=0.6),
    Spec("hamstrings", (
        ((("ischial_tuberosity", 2, -8, -12), ("shaft:-150", -8, -46, 0),
          ("shaft:-330", 0, -46, 0), ("knee", -34, -42, 30), ("knee", -36, -30, -40)),
         (11, 22, 24, 12, 6)),
        ((("shaft:-330", 20, -40, 0), ("knee", 40, -34, 30), ("fibular_head", 4, 0, 4)),
         (14, 11, 6)),
    )),
    Spec("vastus_lateralis", (
        ((("greater_trochanter", 4, 4, -26), ("shaft:-150", 28, 2, 0), ("shaft:-330", 28, 8, 0),
          ("patella", 22, -6, 40)), (12, 20, 20, 7)),
    ), flat=(1, 0, 0), ratio=0.7),
    Spec("vastus_intermedius", (
        ((("shaft:-75", 4, 18, 0), ("shaft:-330", 4, 20, 0), ("patella", 0, -16, 70)),
         (12, 14, 8)),
        ((("shaft:-80", 16, 10, 0), ("shaft:-330", 16, 12, 0)), (10, 12)),
    )),
    Spec("vastus_medialis", (
        ((("lesser_trochanter", 8, 22, -22), ("shaft:-200", -24, 20, 0),
          ("shaft:-330", -32, 16, 0), ("patella", -30, -10, 20)), (8, 16, 20, 14)),
    )),
    Spec("rectus_abdominis", (
        ((("pubic_tubercle", -6, -2, 10), ("front", 45, 14, 120), ("front", 50, 14, 250)),
         (8, 10, 10)),
    ), flat=(0, 1, 0), ratio=0.4),
    Spec("abdominal_wall", (
        ((("iliac_tubercle", -4, 4, 14), ("side", 0, 16, 180), ("side", 0, 16, 250)), (9, 12, 12)),
        ((("asis", -6, -2, 10), ("front", 110, 18, 150), ("front", 100, 16, 250)), (8, 10, 10)),
    ), flat=(1, 0.3, 0), ratio=0.45),
    Spec("erector_spinae", (
        ((("back", 28, 26, 250), ("back", 26, 24, 150), ("sacral_apex", 20, -30, 50)),
         (24, 22, 10)),
    ), flat=(0, 1, 0), ratio=0.75),
    Spec("quadratus_lumborum", (
        ((("crest_top", -20, -4, 8), ("promontory", 62, -44, 120)), (12, 13)),
    )),
    Spec("levator_ani", (
        ((("symphysis", 14, -18, -6), ("obturator", -26, -30, 14), ("coccyx_tip", 12, 4, 4)),
         (6, 7, 6)),
    ), flat=(0, 0.3, 1), ratio=0.45, cavity=True),
)

NAMES = tuple(spec.name for spec in TABLE)
CAVITY = frozenset(spec.name for spec in TABLE if spec.cavity)
PELVIC_ONLY = frozenset({"levator_ani"})  # the others leave the pelvis for the femur


def code(name: str, side: str) -> int:
    """Tissue code of a muscle on one side ('R' or 'L')."""
    return MUSCLE_FIRST + 2 * NAMES.index(name) + (1 if side == "L" else 0)


def name_of(code_: int) -> tuple[str, str]:
    k = code_ - MUSCLE_FIRST
    return NAMES[k // 2], "L" if k % 2 else "R"


Surface = dict[str, object]  # "front"/"back"/"side": callable (x, z) -> surface point


def _point(p: P, key: str, lm: Landmarks, surface: Surface) -> np.ndarray:
    anchor, lat, ant, cran = p
    s = SIDES[key]
    side = lm[key]
    if anchor in ("front", "back", "side"):
        return surface[anchor](s, lat, cran, ant)  # type: ignore[operator]
    if anchor.startswith("shaft:"):
        base = side.shaft(float(anchor.split(":")[1]))
    elif anchor == "head":
        base = side.head
    elif anchor == "acetabulum":
        base = side.acetabulum
    elif anchor in side.points:
        base = side.points[anchor]
    elif f"{anchor}_{key}" in lm.points:
        base = lm.points[f"{anchor}_{key}"]
    else:
        base = lm.points[anchor]
        base = np.array([s * abs(base[0]), base[1], base[2]])
    return base + np.array([s * lat, ant, cran])


def build(lm: Landmarks, surface: Surface, scale: dict[str, float]) -> list[Muscle]:
    """Every muscle of both sides (right first), ``scale`` per '<name>_<side>' (default 1)."""
    out: list[Muscle] = []
    for key in ("R", "L"):
        s = SIDES[key]
        for spec in TABLE:
            flat = None
            if spec.flat is not None:
                n = np.array([s * spec.flat[0], spec.flat[1], spec.flat[2]], float)
                flat = n / np.linalg.norm(n)
            strands = tuple(
                Strand(np.array([_point(p, key, lm, surface) for p in pts]), np.array(radii, float),
                       flat, spec.ratio)
                for pts, radii in spec.strands)
            out.append(Muscle(spec.name, code(spec.name, key), strands,
                              scale.get(f"{spec.name}_{key}", 1.0)))
    return out
