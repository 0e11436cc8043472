"""The deep veins a scene can name, as one table: where each segment runs along the vein's
course through the body, and the words captions use for it.

The course is the body's own vein (body/build.py: external iliac → common femoral at the
inguinal ligament → femoral down the thigh); a segment is a stretch of that course, given
as positions between its knots (0 = the iliac confluence, 2 = the inguinal ligament, 3 = the
femoral triangle, 6 = the adductor hiatus, 7 = the popliteal fossa, 8 = the lowest point the
body reaches, below the knee). Veins below the body's lowest
level are refused with a reason rather than drawn in the wrong place.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Segment:
    """name: the scene word; course: (start, end) knots along the vein; label: for captions."""

    name: str
    course: tuple[float, float]
    label: str


SEGMENTS: dict[str, Segment] = {s.name: s for s in (
    Segment("external-iliac", (0.6, 2.0), "external iliac vein"),
    Segment("common-femoral", (2.0, 3.0), "common femoral vein"),
    Segment("femoral", (3.0, 6.0), "femoral vein"),
    Segment("popliteal", (6.0, 8.0), "popliteal vein"),
)}

BEYOND = {
    "posterior-tibial": "the calf veins lie below the lowest level the body reaches (the "
                        "upper tibia)",
    "peroneal": "the calf veins lie below the lowest level the body reaches (the upper "
                "tibia)",
}


def vein_words() -> list[str]:
    return list(SEGMENTS)


def segment(word: str) -> Segment:
    """The segment a scene word names; a clear error otherwise."""
    if word in SEGMENTS:
        return SEGMENTS[word]
    if word in BEYOND:
        raise ValueError(f"{word!r} cannot be drawn yet: {BEYOND[word]} (veins: "
                         f"{', '.join(SEGMENTS)})")
    raise ValueError(f"{word!r} is not a vein (veins: {', '.join(SEGMENTS)})")


def heights(knot_z: Sequence[float], word: str) -> tuple[float, float]:
    """(top, bottom) heights of a named segment on a vein whose knots lie at ``knot_z``."""
    n = np.arange(len(knot_z))
    return tuple(float(np.interp(t, n, knot_z)) for t in segment(word).course)
