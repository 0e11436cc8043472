"""CT pictures after radiology review 4: the femoral-neck slice shows the necks, the
oedematous side is fuller, early mineral is faint and soft, and the fat round the vessels
is partial."""
from __future__ import annotations

import numpy as np
from illustrate_support import scene
from scipy import ndimage

from builder.illustrate import ct, phantom
from builder.illustrate.heights import slice_z
from builder.illustrate.scene import Body
from builder.illustrate.tissues import BONE

CASE_1 = {"sex": "female", "atrophy": 0.4, "osteopenia": 0.2}


def test_the_femoral_neck_slice_cuts_head_neck_and_trochanter_in_one_section() -> None:
    """Review 4: the 'femoral neck' slices showed lateral ovals at the intertrochanteric
    level. At the level of the necks each femur's section is one piece of bone that runs
    from inside the femoral head (its sphere) out to the greater trochanter."""
    sc = scene("ct-axial", level="femoral-neck", body=CASE_1)
    b = phantom.body(Body(**CASE_1))
    z = slice_z(b, "femoral-neck")
    xs, ys = ct.axes(z)
    lab = phantom.sample_axial(sc, z, xs, ys)
    pieces, _ = ndimage.label(np.isin(lab, list(BONE)))
    xx, yy = np.meshgrid(xs, ys)
    for key in "RL":
        side = b.landmarks[key]
        c, r = side.head, side.head_r
        in_head = (np.hypot(xx - c[0], yy - c[1]) ** 2 + (z - c[2]) ** 2) < r ** 2
        gt = side["trochanter_lateral"]
        near_gt = np.hypot(xx - gt[0], yy - gt[1]) < 15.0
        head_pieces = set(np.unique(pieces[in_head & (pieces > 0)]))
        assert (in_head & (pieces > 0)).sum() * (xs[1] - xs[0]) ** 2 > 30.0  # mm² of the head
        assert head_pieces & set(np.unique(pieces[near_gt & (pieces > 0)]))
