"""Bone scintigraphy pictures, checked as a radiologist would read them (radiology review 3):
the coronal SPECT separates the femoral head from the acetabular roof, and a blood-pool
blush fades out instead of ending at a ruler-straight edge."""
from __future__ import annotations

import numpy as np
from illustrate_support import lesion, scene

from builder.illustrate import spect
from builder.illustrate.scene import Body


def test_coronal_spect_shows_a_cooler_joint_line_between_head_and_acetabular_roof() -> None:
    sc = scene("spect-coronal", body=Body(sex="female", atrophy=0.4, osteopenia=0.2))
    img, heads = spect._noiseless(sc.model_dump_json())
    assert len(heads) == 2
    for row, col in heads:
        head = float(img[row - 1:row + 2, col - 1:col + 2].mean())
        above = img[row - 14:row, col]  # up through the joint into the roof (3 mm pixels)
        gap = int(np.argmin(above))
        roof = float(above[:gap].max())  # the roof above the line is as hot as bone again
        assert above[gap] < 0.62 * head, "head and acetabulum merge into one blob"
        assert roof > 0.9 * head


def test_coronal_spect_is_labelled_a_tomographic_slice() -> None:
    frame = spect.render_spect(scene("spect-coronal", seed=2), 256)
    assert "tomographic slice" in frame.caption


def test_blood_pool_blush_fades_out_without_a_straight_edge() -> None:
    sc = scene("bone-scan-anterior", lesion(0.0, "rectus-femoris", level="femoral-head",
                                            extent="moderate"), phase="blood-pool")
    excess = spect._image(sc)[0] - spect._image(sc.model_copy(update={"lesions": []}))[0]
    assert excess.max() > 1.0  # the blush is there
    gy, gx = np.gradient(excess)
    # a step edge (the old drawing) changes by a quarter of the peak within one 3 mm pixel
    assert float(np.hypot(gy, gx).max()) < 0.16 * float(excess.max())
