"""The limb below the hip: knee joint space, and the side and orientation of each new view
(knee AP and lateral, femur AP, CT at the knee)."""
from __future__ import annotations

import numpy as np
import pytest

from builder.illustrate import ct, limbxray, phantom, xray
from builder.illustrate.render import render, render_frame
from builder.illustrate.scene import Body, Scene, View

MEDIAL_KNEE = {"site": "knee-medial", "side": "left", "maturity": 0.9}


def scene(**kw) -> Scene:
    return Scene.model_validate({"seed": 4, **kw})


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("side", ["left", "right"])
def test_knee_joint_space(sex: str, side: str) -> None:
    gap = limbxray.joint_space(scene(view="xray-ap-knee", side=side, body={"sex": sex}))
    assert 2.0 <= gap <= 9.0  # mm between femoral and tibial bone on the AP view


def _lesion_column(sc: Scene) -> float:
    f = render_frame(sc, 1024)
    cols = np.nonzero(f.lesion_map >= 0)[1]
    return float(cols.mean()) / f.image.size[0]


def test_knee_ap_medial_lesion_side() -> None:
    # a left knee seen from the front: its medial side (towards the midline) is on the
    # image's left, the fibula (lateral) on its right
    left = _lesion_column(scene(view="xray-ap-knee", side="left", lesions=[MEDIAL_KNEE]))
    right = _lesion_column(scene(view="xray-ap-knee", side="right",
                                 lesions=[{**MEDIAL_KNEE, "side": "right"}]))
    assert left < 0.5 < right


def test_knee_lateral_orientation() -> None:
    # anterior on the left: a lesion in front of the femur (rectus femoris above the
    # knee) lies in the image's left half, the femur's shaft behind it
    sc = scene(view="xray-lateral-knee", side="left",
               lesions=[{"site": "rectus-femoris", "side": "left", "level": "suprapatellar",
                         "maturity": 0.9}])
    assert render_frame(sc, 1024).edge_labels == ("ANT", "POST")
    assert _lesion_column(sc) < 0.5


def test_femur_ap_side_and_mineral_visible() -> None:
    sc = scene(view="xray-ap-femur", side="right",
               lesions=[{"site": "vastus-intermedius", "side": "right", "level": "mid-thigh",
                         "maturity": 0.8}])
    ill = render(sc, 1024)
    assert ill.regions[0].visible
    assert ill.frame.edge_labels == ("R", "L")
    from builder.illustrate import measure
    assert measure.visibility(sc, ill.frame)[0].cnr >= 3


def test_ct_at_the_knee_shows_both_knees_on_their_sides() -> None:
    from builder.illustrate import ct
    from builder.illustrate.tissues import T

    sc = scene(view="ct-axial", level="distal-thigh")
    _, labels = ct.hounsfield(sc)
    cols = np.nonzero((labels == T.CORTICAL).any(axis=0))[0]
    assert cols.min() < ct.MATRIX / 2 < cols.max()  # a femur on each side
    assert (labels == T.CORTICAL).sum() > 200


def test_popliteal_vein_is_drawn_behind_the_knee() -> None:
    from builder.illustrate import compression
    free, pressed = compression.areas(scene(view="us-compression", side="left",
                                            vein="popliteal"))
    assert free > 30 and pressed < 0.25 * free


def test_a_level_in_millimetres() -> None:
    from builder.illustrate import sites

    b = phantom.body(scene(view="ct-axial").body)
    assert phantom.level_z(b, "-250mm") == pytest.approx(phantom.level_z(b, "femoral-head")
                                                          - 1.4 - 250, abs=2)
    assert sites.is_limb("-250mm") and not sites.is_limb("-20mm")
    assert render(scene(view="ct-axial", level="-250mm"), 1024).frame.caption.startswith(
        "CT axial at 250 mm below the hip-joint centres")
    with pytest.raises(ValueError, match="or a height such as -250mm"):
        scene(view="ct-axial", level="-250")


def test_ct_coronal_side_and_orientation() -> None:
    from builder.illustrate import ctcoronal
    from builder.illustrate.tissues import T

    # (a plane through the hip centres cuts the muscles beside the joint, not those in
    # front of it)
    sc = scene(view="ct-coronal", lesions=[{"site": "gluteus-minimus", "side": "left",
                                            "maturity": 0.8}])
    assert _lesion_column(sc) > 0.5  # the patient's left on the image's right
    _, labels = ctcoronal.hounsfield(sc)
    rows = np.nonzero((labels == T.CARTILAGE).any(axis=1))[0]
    # cartilage at the hips near the top and at the knees near the bottom: cranial up
    assert rows.min() < 0.3 * labels.shape[0] and rows.max() > 0.7 * labels.shape[0]


def test_a_ct_of_the_thighs_holds_both_thighs_whole() -> None:
    """Below the hips the field widens: the pelvis's 400 mm cut off the thighs' outer sides."""
    sc = scene(view="ct-axial", level="mid-thigh", body={"sex": "male"})
    hu, _ = ct.hounsfield(sc)
    rows = hu[: hu.shape[0] * 6 // 10]  # in front of the couch
    assert (rows[:, :3] < -900).all() and (rows[:, -3:] < -900).all()
    assert (rows > -200).any(axis=0).sum() > 0.5 * hu.shape[1]  # and they fill the field


@pytest.mark.parametrize("sex", ["female", "male"])
@pytest.mark.parametrize("key", ["R", "L"])
def test_the_femoral_shaft_shows_no_transverse_line_where_the_canal_begins(sex: str,
                                                                           key: str) -> None:
    """Down the AP femur the trabeculae fade into the medullary canal: no step across the
    shaft (which reads as a fracture) between the distal metaphysis and the lesser
    trochanter."""
    spec = Body(sex=sex)
    mu, _ = xray.mu_tables(Scene(view=View.XRAY_AP_FEMUR, body=spec))
    xs, _, zs = limbxray._axes(spec, View.XRAY_AP_FEMUR, key)
    line = mu[limbxray._base(spec, View.XRAY_AP_FEMUR, key)].sum(axis=1) * limbxray.STEP
    body = phantom.body(spec)
    side = body.landmarks[key]
    lt, kz = float(side["lesser_trochanter"][2]), float(side["knee"][2])
    zz = np.arange(kz + 70, lt - 35, 1.25)
    prof = []
    for z in zz:
        x = float((side.shaft(z) + body.femur_shift[key])[0])
        k, i = int(np.argmin(abs(zs - z))), int(np.argmin(abs(xs - x)))
        prof.append(line[k, i - 2:i + 3].mean())
    prof = np.array(prof)
    # a step leaves the straight line through the profile 12.5 mm above and below it
    off_line = np.abs(prof[10:-10] - (prof[20:] + prof[:-20]) / 2)
    assert off_line.max() < 0.135, zz[10 + int(np.argmax(off_line))] - lt


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_femoral_neck_shows_its_trabecular_groups(sex: str) -> None:
    """On the AP pelvis the compressive group (calcar to the dome of the head) is denser
    trabecular bone than Ward's triangle beside it, in both hips."""
    spec = Body(sex=sex)
    w, h = 768, 670
    grain = xray._grain(spec.model_dump_json(), (w, h))
    mm = (xray.FIELD_U[1] - xray.FIELD_U[0]) / w
    geometry = xray._geometry(Scene(view=View.XRAY_AP_PELVIS, body=spec))
    u, v = np.meshgrid(xray.FIELD_U[0] + (np.arange(w) + 0.5) * mm,
                       geometry[2] + xray.FIELD_V[1] - (np.arange(h) + 0.5) * mm)
    for key in "RL":
        side = phantom.body(spec).landmarks[key]
        a, p, _ = xray.neck_coords(side, geometry, u, v)
        # the compressive band's middle: on the line from (1.4, -0.9) to (-0.1, 0.9)
        t = ((a - 1.4) * -1.5 + (p + 0.9) * 1.8) / (1.5 ** 2 + 1.8 ** 2)
        off = np.hypot(a - 1.4 + 1.5 * t, p + 0.9 - 1.8 * t)
        band = grain[(off < 0.1) & (t > 0.3) & (t < 0.7)].mean()
        ward = grain[np.hypot(a - 1.3, p - 0.1) < 0.15].mean()
        assert band > ward + 0.5, (key, band, ward)
