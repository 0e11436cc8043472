"""Case 1's coronal bone SPECT read as a radiologist reads it (radiology review 6, fix 6):
the slice follows the femoral necks from the heads to the trochanters, and the hot mass
beside the right hip keeps its structure instead of saturating into one white blob."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml
from illustrate_support import WIDTH, scene
from scipy import ndimage

from builder.illustrate import phantom, spect
from builder.illustrate.render import render_frame
from builder.illustrate.scene import Body, Scene

ROOT = Path(__file__).resolve().parents[2]
BODY = Body(sex="female", atrophy=0.4, osteopenia=0.2)


def _heat_value(rgb: np.ndarray) -> np.ndarray:
    """Display value (0-1) of spect.heat's colours."""
    r, g, b = (rgb[..., k] / 255 for k in range(3))
    return np.where(g <= 0, 0.35 * r, np.where(b <= 0, 0.35 + 0.35 * g, 0.7 + 0.3 * b))


def _fig4b() -> Scene:
    case = yaml.safe_load((ROOT / "cases" / "case-01-pelvic-nho-after-tbi.yaml").read_text())
    fig = next(f for st in case["studies"] for f in st.get("figures", []) if f["id"] == "fig4b")
    return Scene.model_validate(fig["scene"])


def test_the_coronal_slice_carries_each_femoral_neck_from_head_to_base() -> None:
    sc = scene("spect-coronal", body=BODY)
    img, heads = spect._noiseless(sc.model_dump_json())
    b, vol = phantom.body(BODY), phantom.base_volume(BODY)
    mm = float(vol.xs[1] - vol.xs[0]) * spect.POOL
    for key, (row, col) in zip("RL", heads, strict=True):
        head = float(img[row - 2:row + 3, col - 2:col + 3].mean())
        lm = b.landmarks[key]
        base = lm.points["neck_base"]
        # from the head's centre to the base of the neck, as the slice shows it (x, z)
        dx, dz = base[0] - lm.head[0], base[2] - lm.head[2]
        t = np.linspace(0, 1, 20)
        along = ndimage.map_coordinates(img, [row - t * dz / mm, col + t * dx / mm], order=1)
        assert along.min() > 0.6 * head, f"{key} neck leaves the slice ({along.min() / head:.2f})"


def test_the_hot_mass_below_and_medial_to_the_right_hip_is_not_one_saturated_blob() -> None:
    sc = _fig4b()
    frame = render_frame(sc, WIDTH)
    value = _heat_value(np.asarray(frame.image.convert("RGB"), np.float64))
    adductors = next(i for i, les in enumerate(sc.lesions) if les.site == "adductors")
    mass = frame.lesion_map == adductors
    assert mass.sum() > 2000
    saturated = float((value[mass] >= 0.97).mean())
    assert saturated < 0.2, f"{saturated:.0%} of the mass is at full scale"
    assert float(np.percentile(value[mass], 90)) > 0.8  # still intense: yellow to white


def test_the_left_sided_foci_stay_visible_in_the_coronal_slice() -> None:
    sc = _fig4b()
    frame = render_frame(sc, WIDTH)
    value = _heat_value(np.asarray(frame.image.convert("RGB"), np.float64))
    left = next(i for i, les in enumerate(sc.lesions)
                if les.site == "gluteus-minimus" and les.side == "left")
    focus = frame.lesion_map == left
    assert float(np.percentile(value[focus], 90)) > 0.3  # red to orange, over a dark background
    assert float(np.percentile(value[frame.lesion_map < 0], 50)) < 0.1


def test_spect_captions_give_the_slice_thickness() -> None:
    for view in ("spect-coronal", "spect-axial"):
        assert f"{spect.SLICE_MM:g} mm" in spect.render_spect(scene(view, seed=2), 256).caption
