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
