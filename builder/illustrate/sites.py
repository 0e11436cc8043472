"""Where NHO grows: the site and level vocabulary of scenes, as one table each.

A lesion is placed by a site (a named muscle, or a compartment that names its muscles) and
side, and optionally a level along the limb. Each site row says which muscles host the
lesion, which neighbours an extensive lesion spreads into, the span of levels it occupies by
default, and the bone it lies against (where it bridges). Compartments follow the clinical
and radiological descriptions (flexor/anterior and adductor/medial are commonest at the hip;
the gluteal and deep groups after spinal cord injury: see IMAGING-FACTS); the sources do not
anchor NHO to particular bony points, so sites are muscles and compartments, not spines or
trochanters. Words for tissues where NHO never grows (capsule, joint, cartilage, fat, skin)
are refused with a reason. The lower-limb extension adds rows here, nothing else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Level:
    """A named height: ``anchor`` is a landmark ('acetabulum', 'neck_base',
    'lesser_trochanter', 'shaft') and ``dz`` millimetres above it (below if negative)."""

    name: str
    anchor: str
    dz: float
    label: str


LEVELS: dict[str, Level] = {lv.name: lv for lv in (
    Level("iliac-wing", "acetabulum", 70, "the iliac wings"),
    Level("acetabular-roof", "acetabulum", 33, "the acetabular roofs"),
    Level("femoral-head", "acetabulum", 0, "the femoral heads"),
    Level("femoral-neck", "neck_base", 0, "the femoral necks"),
    Level("trochanters", "lesser_trochanter", 0, "the lesser trochanters"),
    Level("proximal-thigh", "lesser_trochanter", -55, "the proximal thighs"),
    Level("mid-thigh", "lesser_trochanter", -150, "the mid thighs"),
    Level("distal-thigh", "knee", 110, "the distal thighs"),
    Level("suprapatellar", "knee", 45, "above the knees"),
    Level("knee", "knee", 0, "the knee joints"),
    Level("upper-tibia", "knee", -55, "the upper tibiae"),
)}
# levels down the limb, where the probe lies over the femoral shaft (not the hip)
LIMB_LEVELS = ("proximal-thigh", "mid-thigh", "distal-thigh", "suprapatellar", "knee",
               "upper-tibia")
LEVEL_ALIASES = {"superior": "acetabular-roof", "inferior": "femoral-head",
                 "thigh": "proximal-thigh"}


@dataclass(frozen=True)
class Site:
    """name: the scene word; muscles: hosts (the lesion grows in these); spread: neighbours
    an extensive lesion also fills; span: default (upper, lower) levels; bone: what it lies
    against ('pelvis', 'femur'); compartment: the group it belongs to; label: words for
    captions and the picture's regions."""

    name: str
    muscles: tuple[str, ...]
    spread: tuple[str, ...]
    span: tuple[str, str]
    bone: str
    compartment: str
    label: str


SITES: dict[str, Site] = {s.name: s for s in (
    Site("iliopsoas", ("iliacus", "psoas"), ("rectus_femoris", "pectineus", "sartorius"),
         ("acetabular-roof", "trochanters"), "femur", "anterior", "iliopsoas"),
    Site("rectus-femoris", ("rectus_femoris",), ("iliacus", "sartorius", "tensor_fasciae_latae",
                                                 "vastus_intermedius"),
         ("acetabular-roof", "proximal-thigh"), "pelvis", "anterior", "rectus femoris"),
    Site("sartorius", ("sartorius",), ("rectus_femoris", "tensor_fasciae_latae"),
         ("femoral-head", "proximal-thigh"), "pelvis", "anterior", "sartorius"),
    Site("tensor-fasciae-latae", ("tensor_fasciae_latae",), ("gluteus_medius", "sartorius"),
         ("femoral-head", "proximal-thigh"), "pelvis", "lateral", "tensor fasciae latae"),
    Site("gluteus-minimus", ("gluteus_minimus",), ("gluteus_medius", "tensor_fasciae_latae"),
         ("iliac-wing", "femoral-neck"), "pelvis", "lateral", "gluteus minimus"),
    Site("gluteus-medius", ("gluteus_medius",), ("gluteus_minimus", "gluteus_maximus"),
         ("iliac-wing", "femoral-neck"), "pelvis", "lateral", "gluteus medius"),
    Site("supra-acetabular", ("gluteus_minimus", "gluteus_medius"), ("tensor_fasciae_latae",),
         ("iliac-wing", "acetabular-roof"), "pelvis", "superior",
         "gluteal muscles above the joint"),
    Site("gluteus-maximus", ("gluteus_maximus",), ("gluteus_medius", "quadratus_femoris"),
         ("acetabular-roof", "proximal-thigh"), "femur", "posterior", "gluteus maximus"),
    Site("short-external-rotators", ("quadratus_femoris", "obturator_internus", "piriformis"),
         ("gluteus_maximus",), ("acetabular-roof", "trochanters"), "femur",
         "posterior", "short external rotators"),
    Site("obturator-externus", ("obturator_externus",), ("pectineus", "quadratus_femoris"),
         ("femoral-head", "trochanters"), "pelvis", "medial", "obturator externus"),
    Site("pectineus", ("pectineus",), ("adductor_longus", "iliacus", "obturator_externus"),
         ("femoral-neck", "proximal-thigh"), "pelvis", "medial", "pectineus"),
    Site("adductors", ("adductor_brevis", "adductor_longus", "pectineus"),
         ("adductor_magnus", "obturator_externus", "gracilis"),
         ("femoral-neck", "proximal-thigh"), "pelvis", "medial", "adductor"),
    Site("vastus-intermedius", ("vastus_intermedius",), ("vastus_lateralis",
                                                         "vastus_medialis", "rectus_femoris"),
         ("trochanters", "mid-thigh"), "femur", "anterior thigh", "vastus intermedius"),
    Site("anteromedial", ("iliacus", "psoas", "pectineus"), ("adductor_longus", "sartorius"),
         ("acetabular-roof", "trochanters"), "femur", "anteromedial",
         "anteromedial muscles (iliopsoas and pectineus)"),
    Site("vastus-medialis", ("vastus_medialis",), ("vastus_intermedius", "sartorius"),
         ("proximal-thigh", "mid-thigh"), "femur", "medial thigh", "vastus medialis"),
    Site("quadriceps", ("vastus_intermedius", "rectus_femoris", "vastus_medialis",
                        "vastus_lateralis"), ("sartorius",),
         ("proximal-thigh", "mid-thigh"), "femur", "anterior thigh", "quadriceps"),
    Site("knee-medial", ("vastus_medialis", "sartorius", "gracilis"),
         ("adductor_magnus", "hamstrings"), ("distal-thigh", "knee"), "femur", "medial",
         "medial side of the knee (medial collateral region)"),
    Site("vastus-lateralis", ("vastus_lateralis",), ("vastus_intermedius",
                                                     "tensor_fasciae_latae"),
         ("trochanters", "mid-thigh"), "femur", "lateral thigh", "vastus lateralis"),
)}

# compartment words of the first scenes, kept so that old scenes still read the same
SITE_ALIASES = {
    "anterior": "iliopsoas",
    "lateral": "gluteus-minimus",
    "superior": "supra-acetabular",
    "posterior": "short-external-rotators",
    "medial": "adductors",
    "femoral-shaft": "vastus-intermedius",
}

NEVER = {
    "capsule": "the joint capsule",
    "joint": "the joint",
    "cartilage": "cartilage",
    "labrum": "the labrum",
    "fat": "fat",
    "subcutaneous": "subcutaneous fat",
    "subcutaneous-fat": "subcutaneous fat",
    "skin": "the skin",
}


def resolve(word: str) -> Site:
    """The site a scene word names; a clear error for words NHO can never occupy."""
    if word in NEVER:
        raise ValueError(
            f"NHO forms in muscle and along fascial planes, never in {NEVER[word]}: "
            "choose the muscle beside it, such as iliopsoas (in front of the hip), "
            "gluteus-minimus (beside it), short-external-rotators (behind it) or adductors "
            "(on its inner side)")
    name = SITE_ALIASES.get(word, word)
    if name not in SITES:
        raise ValueError(f"{word!r} is not a site (sites: {', '.join(site_words())})")
    return SITES[name]


def site_words() -> list[str]:
    return sorted(SITES) + sorted(SITE_ALIASES)


def level_words() -> list[str]:
    return list(LEVELS) + list(LEVEL_ALIASES)


MM_LEVEL = r"^-?\d{1,3}(\.\d)?mm$"
"""A height in millimetres from the hip-joint centres, e.g. '-250mm' (below them)."""


def is_level(word: str) -> bool:
    return word in LEVELS or word in LEVEL_ALIASES or re.match(MM_LEVEL, word) is not None


def level(word: str) -> Level:
    """The named level, or a height in millimetres ('-250mm': 250 mm below the hip-joint
    centres)."""
    if re.match(MM_LEVEL, word):
        dz = float(word[:-2])
        where = f"{abs(dz):.0f} mm {'above' if dz >= 0 else 'below'} the hip-joint centres"
        return Level(word, "acetabulum", dz, where)
    return LEVELS[LEVEL_ALIASES.get(word, word)]


def is_limb(word: str) -> bool:
    """Whether a level lies down the limb (a probe there sits over the femoral shaft)."""
    lv = level(word)
    return lv.name in LIMB_LEVELS or (lv.name not in LEVELS and lv.dz < -90)


def level_schema() -> dict:
    """The JSON Schema of a level: a level word or a height in millimetres."""
    return {"anyOf": [{"enum": level_words()}, {"type": "string", "pattern": MM_LEVEL}]}


ANCHOR_WORDS = {"acetabulum": "the hip-joint centres", "neck_base": "the base of the femoral necks",
                "lesser_trochanter": "the lesser trochanters", "knee": "the knee-joint lines"}


def _where(lv: Level) -> str:
    anchor = ANCHOR_WORDS[lv.anchor]
    if lv.dz == 0:
        return f"at {anchor}"
    return f"{abs(lv.dz):.0f} mm {'above' if lv.dz > 0 else 'below'} {anchor}"


def levels_table() -> str:
    """The level vocabulary as the authoring guide shows it (a test keeps them equal)."""
    old = {v: k for k, v in LEVEL_ALIASES.items()}
    rows = ["| `level` | Height | An axial slice shows | Older word |", "|---|---|---|---|"]
    for lv in LEVELS.values():
        alias = f"`{old[lv.name]}`" if lv.name in old else ""
        rows.append(f"| `{lv.name}` | {_where(lv)} | {lv.label} | {alias} |")
    return "\n".join(rows)


def sites_table() -> str:
    """The site vocabulary as the authoring guide shows it (a test keeps them equal)."""
    old: dict[str, str] = {}
    for k, v in SITE_ALIASES.items():
        old[v] = k
    rows = ["| `site` | Compartment | Grows in | Extensive: also fills | Usual span "
            "(top, bottom) | Older word |", "|---|---|---|---|---|---|"]
    for s in SITES.values():
        words = ", ".join(m.replace("_", " ") for m in s.muscles)
        spread = ", ".join(m.replace("_", " ") for m in s.spread)
        alias = f"`{old[s.name]}`" if s.name in old else ""
        rows.append(f"| `{s.name}` | {s.compartment} | {words} | {spread} | "
                    f"`{s.span[0]}`, `{s.span[1]}` | {alias} |")
    return "\n".join(rows)
