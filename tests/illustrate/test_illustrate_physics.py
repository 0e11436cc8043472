"""Each modality shows a lesion as the stage table says it should (IMAGING-FACTS.md)."""
from __future__ import annotations

import numpy as np
import pytest
from illustrate_support import grey, lesion, pixels, region_mask, scene

from builder.illustrate import ct, xray
from builder.illustrate.tissues import CORE, LESION_FIRST, RIM, is_muscle, lesion_index


def _hu(sc):
    return ct.hounsfield(sc)


# --- X-ray --------------------------------------------------------------------------------

def test_xray_stored_display_range_is_the_normal_phantoms() -> None:
    assert pytest.approx(xray.display_range(), rel=1e-6) == xray.DISPLAY_RANGE


def test_xray_early_lesion_is_invisible() -> None:
    sc = scene("xray-ap-pelvis", lesion(0.0, extent="extensive"))
    mask = region_mask(sc)
    diff = np.abs(grey(sc) - grey(scene("xray-ap-pelvis")))[mask]
    assert diff.mean() < 1.5  # grey levels: within noise of the normal film


def test_xray_mature_lesion_is_dense() -> None:
    sc = scene("xray-ap-pelvis", lesion(1.0))
    mask = region_mask(sc)
    diff = (grey(sc) - grey(scene("xray-ap-pelvis")))[mask]
    assert diff.mean() > 12


def test_xray_maturing_lesion_is_a_faint_cloud() -> None:
    base = grey(scene("xray-ap-pelvis"))
    sc = scene("xray-ap-pelvis", lesion(0.3, "lateral"))
    mask = region_mask(sc)
    faint = (grey(sc) - base)[mask].mean()
    mature = (grey(scene("xray-ap-pelvis", lesion(1.0, "lateral"))) - base)[mask].mean()
    assert 1.0 < faint < mature / 2


# --- CT ----------------------------------------------------------------------------------

def _lesion_vs_normal(maturity: float, **kw) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sc = scene("ct-axial", lesion(maturity, extent="extensive"), **kw)
    hu, lab = _hu(sc)
    hu0, lab0 = _hu(scene("ct-axial", **kw))
    where = (lesion_index(lab) == 0) & is_muscle(lab0)
    return hu[where], hu0[where], lab[where]


def test_ct_early_lesion_is_lower_than_normal_muscle() -> None:
    les, normal, _ = _lesion_vs_normal(0.0)
    assert les.size > 200
    assert normal.mean() - les.mean() > 20  # oedema ~20 HU against muscle ~50 HU


def test_ct_early_lesion_enhances_less_than_muscle_after_contrast() -> None:
    les_c, normal_c, _ = _lesion_vs_normal(0.0, contrast=True)
    les, normal, _ = _lesion_vs_normal(0.0)
    muscle_gain, lesion_gain = (normal_c - normal).mean(), (les_c - les).mean()
    assert muscle_gain > 15 and lesion_gain < muscle_gain / 3  # hypoperfused oedema


def test_ct_mature_lesion_is_bone_dense() -> None:
    les, normal, _ = _lesion_vs_normal(1.0)
    assert les.mean() - normal.mean() > 200


def test_ct_maturing_lesion_has_a_rim_brighter_than_its_centre() -> None:
    hu, lab = _hu(scene("ct-axial", lesion(0.3, extent="extensive")))
    rim, core = hu[lab == LESION_FIRST + RIM], hu[lab == LESION_FIRST + CORE]
    assert rim.size > 50 and core.size > 200
    assert rim.mean() - core.mean() > 150


# --- SPECT -------------------------------------------------------------------------------

def _heat(sc) -> np.ndarray:
    return pixels(sc).sum(axis=2)  # black → red → yellow → white: hotter is brighter


@pytest.mark.parametrize("view", ["spect-coronal", "spect-axial"])
def test_spect_early_lesion_is_already_hot(view: str) -> None:
    sc = scene(view, lesion(0.0))
    mask = region_mask(sc)
    assert (_heat(sc) - _heat(scene(view)))[mask].mean() > 40


def test_spect_uptake_falls_as_the_lesion_matures() -> None:
    forming = scene("spect-axial", lesion(0.3))
    mask = region_mask(forming)
    mature = scene("spect-axial", lesion(1.0))
    assert _heat(forming)[mask].mean() > _heat(mature)[mask].mean() + 60


# --- ultrasound --------------------------------------------------------------------------

def test_us_mature_lesion_casts_an_acoustic_shadow() -> None:
    sc = scene("us-longitudinal", lesion(1.0))
    mask = region_mask(sc)
    ys, xs = np.nonzero(mask)
    cols = slice(int(np.percentile(xs, 35)), int(np.percentile(xs, 65)))
    top, bottom = int(ys.min()), int(ys.max())
    below = slice(top + (bottom - top) // 3, bottom)  # beneath the lesion's anterior surface
    shadowed = grey(sc)[below, cols].mean()
    normal = grey(scene("us-longitudinal"))[below, cols].mean()
    assert normal - shadowed > 15


def test_us_early_lesion_is_hypoechoic() -> None:
    sc = scene("us-transverse", lesion(0.0, extent="extensive"))
    mask = region_mask(sc)
    assert (grey(scene("us-transverse")) - grey(sc))[mask].mean() > 8


def test_us_doppler_shows_flow_only_in_a_vascular_lesion() -> None:
    def colour(vascular: bool, doppler: bool) -> int:
        sc = scene("us-longitudinal", lesion(0.3, vascular=vascular), doppler=doppler)
        px = pixels(sc)
        mask = region_mask(sc)
        chroma = px.max(axis=2) - px.min(axis=2)
        return int((chroma[mask] > 60).sum())

    assert colour(True, True) > 200
    assert colour(False, True) == 0 and colour(True, False) == 0


# --- side (radiological convention) ------------------------------------------------------

@pytest.mark.parametrize("view,kw", [("ct-axial", {"window": "bone"}), ("xray-ap-pelvis", {}),
                                     ("spect-coronal", {}), ("spect-axial", {})])
def test_a_right_sided_lesion_brightens_the_left_half_of_the_image(view: str, kw: dict) -> None:
    maturity = 1.0 if view in ("ct-axial", "xray-ap-pelvis") else 0.3
    diff = grey(scene(view, lesion(maturity, "lateral", "right"), **kw)) - grey(scene(view, **kw))
    half = diff.shape[1] // 2
    left, right = diff[:, :half].sum(), diff[:, half:].sum()  # noise averages out
    assert left > 0 and left > 5 * abs(right)
