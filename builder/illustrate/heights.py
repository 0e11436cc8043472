"""The height (mm) of a named level in a body: where an axial slice, a probe or a lesion's
span is placed."""
from __future__ import annotations

import numpy as np

from builder.illustrate import sites
from builder.illustrate.body.build import Body


def level_z(b: Body, word: str) -> float:
    """Height of a named level in this body (mean of the two sides)."""
    lv = sites.level(word)
    zs = []
    for key in "RL":
        side = b.landmarks[key]
        zs.append(side.acetabulum[2] if lv.anchor == "acetabulum" else side[lv.anchor][2])
    return float(np.mean(zs) + lv.dz)


def slice_z(b: Body, word: str) -> float:
    """Height of an axial picture at a named level. The femoral neck runs down and out from
    the head, so a cut at its base (where lesions' spans are measured from) shows only the
    intertrochanteric region: the picture of the necks is cut through their middle, halfway
    from the head's edge to the base, where head, neck and greater trochanter lie in one
    section."""
    lv = sites.level(word)
    if lv.anchor != "neck_base":
        return level_z(b, word)
    zs = []
    for key in "RL":
        side = b.landmarks[key]
        base = float(np.dot(side["neck_base"] - side.head, side.neck_axis))
        mid = side.head + side.neck_axis * (side.head_r + base) / 2
        zs.append(mid[2])
    return float(np.mean(zs) + lv.dz)
