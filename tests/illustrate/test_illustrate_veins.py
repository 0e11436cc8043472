"""The vein pictures: compression ultrasound, CT venography and the contrast venogram, each
measured on what it draws (vein area, contrast in the lumen, the side it is on)."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from builder.illustrate import compression, ct, ctv, phantom, vessels
from builder.illustrate.raster import resize
from builder.illustrate.render import render, render_frame
from builder.illustrate.scene import Scene
from builder.illustrate.tissues import T

PRESSING = {"site": "anteromedial", "side": "left", "level": "trochanters",
            "maturity": 0.8, "compresses": "femoral"}


def scene(**kw) -> Scene:
    return Scene.model_validate({"seed": 5, **kw})


def grey(img) -> np.ndarray:
    return np.asarray(img.convert("L"), np.float32)


@pytest.mark.parametrize("vein", ["common-femoral", "femoral"])
def test_normal_vein_collapses_under_the_probe(vein: str) -> None:
    free, pressed = compression.areas(scene(view="us-compression", side="left", vein=vein))
    assert free > 60  # mm²: an open vein
    assert pressed < 0.25 * free


@pytest.mark.parametrize("age", ["acute", "chronic"])
def test_thrombosed_vein_does_not_collapse(age: str) -> None:
    sc = scene(view="us-compression", side="right", vein="common-femoral",
               thrombi=[{"vein": "common-femoral", "side": "right", "age": age}])
    free, pressed = compression.areas(sc)
    assert pressed > 0.75 * free


def test_thrombus_has_echoes_and_no_colour() -> None:
    base = {"view": "us-compression", "side": "left", "vein": "common-femoral", "doppler": True}
    normal = compression.panel(scene(**base), 0.0)
    clot = scene(**base, thrombi=[{"vein": "common-femoral", "side": "left"}])
    p = compression.panel(clot, 0.0)
    inner = ndimage.binary_erosion  # away from the bright wall's blurred edge
    assert p.echo[inner(p.clot, iterations=5)].mean() > \
        5 * normal.echo[inner(normal.lumen, iterations=5)].mean()
    img = np.asarray(render_frame(clot, 1024).image.convert("RGB")).astype(int)
    blue_normal = np.asarray(render_frame(scene(**base), 1024).image.convert("RGB")).astype(int)
    blue = lambda a: ((a[..., 2] - a[..., 0]) > 120).sum()  # noqa: E731
    pw = 1024 // 2 - 8  # the left (unpressed) panel, where colour is drawn
    top = round(0.09 * 1024)
    vein = resize(p.vein.astype(np.float32), (pw, pw)) > 0.5
    # the channel round an acute thrombus is too slow for colour (the artery beside it may
    # show blue specks of aliasing, which are not in the vein)
    assert blue(img[top:top + pw, 4:4 + pw][vein][None]) == 0
    assert blue(blue_normal) > 2000  # while the open vein fills with it
    assert not (p.lumen & p.clot).any()  # and none in the thrombus itself
    shades = blue_normal[(blue_normal[..., 2] - blue_normal[..., 0]) > 120][:, 2]
    assert shades.std() > 8  # graded and mottled, not a flat fill


def _left_panel(sc: Scene) -> tuple[np.ndarray, compression.Panel, int]:
    """The unpressed (colour) panel as displayed, its Panel, and its size in pixels."""
    img = np.asarray(render_frame(sc, 1024).image.convert("RGB")).astype(int)
    pw, top = 1024 // 2 - 8, round(0.09 * 1024)
    return img[top:top + pw, 4:4 + pw], compression.panel(sc, 0.0), pw


def test_colour_is_speckled_and_not_quite_filling_the_lumen_with_aliasing_in_the_artery(
        ) -> None:
    """A scanner's colour is coarse, mottled and leaves small gaps near the wall (not a
    flat filled disc); the artery's fastest flow wraps round the scale (aliasing)."""
    sc = scene(view="us-compression", side="left", vein="common-femoral", doppler=True,
               seed=1502)
    img, p, pw = _left_panel(sc)
    grey = (np.abs(img[..., 0] - img[..., 1]) < 6) & (np.abs(img[..., 1] - img[..., 2]) < 6)
    vein = ndimage.binary_erosion(resize(p.lumen.astype(np.float32), (pw, pw)) > 0.5,
                                  iterations=3)
    art = ndimage.binary_erosion(resize((p.labels == T.ARTERY).astype(np.float32),
                                        (pw, pw)) > 0.5, iterations=3)
    fill = 1 - grey[vein].mean()
    assert 0.8 < fill < 0.995
    blue = (img[..., 2] - img[..., 0]) > 120
    aliased = blue[art].mean()
    assert 0.003 < aliased < 0.15  # some, at the centre, not a blue artery
    rows, cols = np.nonzero(art)
    centre = np.hypot(rows - rows.mean(), cols - cols.mean())
    assert centre[blue[art]].mean() < 0.6 * centre.mean()


def test_vessel_walls_are_thin_bright_lines_not_black_rings() -> None:
    """Just outside each lumen the wall echoes brighter than the tissue a few millimetres
    out, and an acute thrombus fills its vein without an anechoic ring."""
    base = {"view": "us-compression", "side": "left", "vein": "common-femoral"}
    for sc in (scene(**base), scene(**base, thrombi=[{"vein": "common-femoral",
                                                      "side": "left"}])):
        p = compression.panel(sc, 0.0)
        for vessel in (p.vein, p.labels == T.ARTERY):
            d = ndimage.distance_transform_edt(~vessel) * compression.STEP
            wall = (d > 0.1) & (d < 0.35)
            out = (d > 2) & (d < 4) & ~p.vein & (p.labels != T.ARTERY)
            assert np.median(p.echo[wall]) > 2 * np.median(p.echo[out])
        inside = ndimage.distance_transform_edt(p.vein) * compression.STEP
        rim = (inside > 0.2) & (inside < 1.0)
        if p.clot.any():
            assert np.median(p.echo[rim]) >= compression.ECHO["acute"] * 0.9


def test_no_dark_vertical_band_under_the_probe() -> None:
    """The skin meets the whole probe face: no column is shadowed by air above it."""
    p = compression.panel(scene(view="us-compression", side="left", vein="common-femoral"),
                          0.0)
    near = p.gain[20:150].mean(axis=0)  # 2–15 mm deep, every column
    assert near.min() > 0.85 * near.max()


def _echo_db(p: compression.Panel) -> np.ndarray:
    return 10 * np.log10(np.maximum(p.echo * p.gain, 1e-9))


def test_the_vessels_lie_in_mid_grey_tissue_not_a_dark_halo() -> None:
    """The tissue 1–5 mm round the vein and artery is about as bright as the muscle
    further out (a dark disc round them reads as a mass)."""
    p = compression.panel(scene(view="us-compression", side="left", vein="common-femoral"),
                          0.0)
    vessels_ = p.vein | (p.labels == T.ARTERY)
    d = ndimage.distance_transform_edt(~vessels_) * compression.STEP
    db = _echo_db(p)
    rows = np.arange(p.echo.shape[0])[:, None] * compression.STEP
    level = (rows > 12) & (rows < 40)  # beneath the subcutaneous fat, above the bone
    ring = (d > 1) & (d < 5) & level
    beyond = (d > 12) & level & np.isin(p.labels, list(range(20, 72)))
    assert np.median(db[ring]) > np.median(db[beyond]) - 2


def test_the_probe_thins_the_superficial_fat() -> None:
    """Pressed, the subcutaneous fat is at least a quarter thinner, and the vein nearer."""
    sc = scene(view="us-compression", side="left", vein="common-femoral")

    def fat_and_vein(press: float) -> tuple[float, float]:
        p = compression.panel(sc, press)
        col = p.labels[:, p.labels.shape[1] // 2]
        muscle = np.nonzero((col >= 20) & (col <= 71))[0][0]
        fat = float((col[:muscle] == T.FAT).sum()) * compression.STEP
        return fat, float(np.nonzero(p.vein.any(axis=1))[0][0]) * compression.STEP

    (fat0, vein0), (fat1, vein1) = fat_and_vein(0.0), fat_and_vein(1.0)
    assert fat1 < 0.75 * fat0
    assert vein1 < vein0 - 2


@pytest.mark.parametrize("side", ["left", "right"])
def test_the_femoral_nerve_lies_lateral_to_the_artery_and_is_bright(side: str) -> None:
    """In the groin the order from lateral to medial is nerve, artery, vein; the nerve is
    brighter than the muscle round it and wholly in the field."""
    p = compression.panel(scene(view="us-compression", side=side, vein="common-femoral"), 0.0)
    cols = np.arange(p.labels.shape[1])[None, :]

    def column(mask: np.ndarray) -> float:
        return float(np.broadcast_to(cols, mask.shape)[mask].mean())

    nerve = p.labels == T.NERVE
    assert nerve.any()
    order = [column(nerve), column(p.labels == T.ARTERY), column(p.vein)]
    # the patient's left is on the image's right: lateral is rightwards for the left leg
    assert order == sorted(order, reverse=(side == "left"))
    inner = ndimage.binary_erosion(nerve, iterations=3)
    muscle = (p.labels >= 20) & (p.labels <= 71)
    assert p.echo[inner].mean() > 2 * np.median(p.echo[muscle])
    assert not nerve[:, 0].any() and not nerve[:, -1].any()


def test_nho_beside_a_normal_vein_keeps_flow_and_compressibility() -> None:
    lesion = {"site": "anteromedial", "side": "left", "level": "femoral-head", "maturity": 0.8}
    sc = scene(view="us-compression", side="left", vein="common-femoral", doppler=True,
               lesions=[lesion])
    free, pressed = compression.areas(sc)
    assert pressed < 0.25 * free
    assert compression.panel(sc, 0.0).lumen.sum() > 0


def _vein_hu(sc: Scene, key: str) -> tuple[float, float]:
    hu, labels, _ = ctv.slices(sc)
    b = phantom.body(sc.body)
    z = phantom.level_z(b, sc.level)
    x, y, r = vessels.centre(b, key, z)
    xs, ys = ct.axes(z)
    xx, yy = np.meshgrid(xs, ys)
    core = np.hypot(xx - x, yy - y) < 0.4 * r
    # opacified vein only: the pressing lesion's bone and native cortex are bright too
    bright = (hu > 130) & (labels == T.VEIN) & (np.hypot(xx - x, yy - y) < 2.5 * r)
    return float(hu[core].mean()), float(bright.sum())


def test_ct_venography_filling_defect_on_the_thrombosed_side() -> None:
    sc = scene(view="ct-venography", level="femoral-head",
               thrombi=[{"vein": "common-femoral", "side": "left", "age": "acute"}])
    left, _ = _vein_hu(sc, "L")
    right, _ = _vein_hu(sc, "R")
    assert right > 150 and left < 80
    # the side: the thrombosed (left) vein is on the image's right half
    b = phantom.body(sc.body)
    x, y, _ = vessels.centre(b, "L", phantom.level_z(b, sc.level))
    col = int((x + ct.FOV / 2) / ct.FOV * 1024)
    assert col > 512


def test_ct_venography_extrinsic_narrowing() -> None:
    pressed = scene(view="ct-venography", level="trochanters", body={"sex": "male"},
                    lesions=[PRESSING])
    free = Scene.model_validate({**pressed.model_dump(mode="json"),
                                 "lesions": [{**PRESSING, "compresses": None}]})
    _, open_area = _vein_hu(free, "L")
    _, narrow_area = _vein_hu(pressed, "L")
    assert narrow_area < 0.7 * open_area


def test_bone_that_narrows_a_vein_lies_against_it() -> None:
    """The flattened vein lies on the bone that presses it, and the artery beside it stays
    clear (radiology review 4: the bone lay beyond the artery, the narrowed vein 1-1.5 cm
    from it, so nothing shown pressed on it)."""
    from builder.illustrate.body.build import artery_course, at_height
    from builder.illustrate.tissues import LESION_FIRST

    sc = scene(view="ct-venography", level="trochanters", body={"sex": "male"},
               lesions=[PRESSING])
    _, labels, _ = ctv.slices(sc)
    b = phantom.body(sc.body)
    z = phantom.level_z(b, sc.level)
    xs, ys = ct.axes(z)
    xx, yy = np.meshgrid(xs, ys)
    sec = vessels.section(sc, "L", z)
    assert sec.squeeze > 0.9
    step = float(abs(xs[1] - xs[0]))
    from_bone = ndimage.distance_transform_edt(labels < LESION_FIRST, sampling=step)
    assert from_bone[vessels.masks(sec, xx, yy)[0]].min() <= 1.5
    ax, ay, ar = at_height(np.array(artery_course(b.landmarks, "L")), np.full(9, 4.5), z)
    assert from_bone[np.hypot(xx - ax, yy - ay) < ar].min() >= 1.5


def test_bone_that_narrows_a_vein_is_lobulated_not_a_ball() -> None:
    """The bone under the flattened vein is a lobulated mass like any mature NHO, not one
    round ball (radiology review 5: d5)."""
    from illustrate_support import perimeter_ratio

    from builder.illustrate.tissues import LESION_FIRST

    sc = scene(view="ct-venography", level="trochanters", body={"sex": "male"},
               lesions=[PRESSING])
    _, labels, _ = ctv.slices(sc)
    z = phantom.level_z(phantom.body(sc.body), sc.level)
    xx, yy = np.meshgrid(*ct.axes(z))
    vein = vessels.masks(vessels.section(sc, "L", z), xx, yy)[0]
    parts, _ = ndimage.label(labels >= LESION_FIRST)
    touching = parts[ndimage.binary_dilation(vein, iterations=3) & (parts > 0)]
    mass = parts == np.bincount(touching).argmax()
    ys, xs = np.nonzero(mass)
    spread = np.sqrt(np.linalg.eigvalsh(np.cov(np.vstack([xs, ys]))))
    assert perimeter_ratio(mass) >= 1.1 and spread[1] / spread[0] >= 1.4


def _vein_width(img: np.ndarray, row: int, col: int, reach: int = 80) -> int:
    """Pixels across the brightest column of contrast within ``reach`` of ``col`` (where a
    pressed vein is bowed to), at half its height over the film around it."""
    line = img[row - 2:row + 3, col - reach:col + reach].mean(axis=0)
    peak, bg = int(np.argmax(line)), float(np.median(line))
    above = line > bg + 0.5 * (line[peak] - bg)
    lo = peak - int(np.argmin(above[peak::-1])) if not above[:peak].all() else 0
    hi = peak + int(np.argmin(above[peak:])) if not above[peak:].all() else len(line)
    return hi - lo


def test_venogram_filling_defect_and_narrowing() -> None:
    from builder.illustrate import venogram

    sc = scene(view="venogram-ap", side="left", body={"sex": "male"},
               thrombi=[{"vein": "femoral", "side": "left"}])
    f = render_frame(sc, 1024)
    img = grey(f.image)
    b = phantom.body(sc.body)
    x, _, _ = vessels.centre(b, "L", -150.0)
    col, row = venogram.locate(sc, x, -150.0, 1024)
    centre = img[row - 3:row + 4, col - 2:col + 3].mean()
    x2, _, _ = vessels.centre(b, "L", 10.0)  # the open common femoral vein above it
    col2, row2 = venogram.locate(sc, x2, 10.0, 1024)
    assert img[row2 - 3:row2 + 4, col2 - 2:col2 + 3].mean() > centre + 25  # filling defect
    # extrinsic narrowing where the mass presses: narrower than without the press
    # (a forming mass, which narrows the vein from where it lies: a mature one lies against
    # it and flattens it from behind, which a frontal film sees as a wider, fainter column)
    press = scene(view="venogram-ap", side="left", body={"sex": "male"}, lesions=[
        {**PRESSING, "level": "acetabular-roof", "compresses": "external-iliac",
         "maturity": 0.5}])
    zc = 45.0
    xc, _, _ = vessels.centre(b, "L", zc)
    c3, r3 = venogram.locate(press, xc, zc, 1024)
    frame = render_frame(press, 1024)
    narrow, plain = grey(frame.image), grey(frame.without)
    assert _vein_width(narrow, r3, c3) < 0.8 * _vein_width(plain, r3, c3)
    # the left leg, viewed from the front: the vein runs medial to (left of) the femur
    assert f.edge_labels == ("R", "L")
    femur_col, _ = venogram.locate(sc, b.landmarks["L"].shaft(-150.0)[0], -150.0, 1024)
    assert col < femur_col


def test_vein_views_are_marked_simulated_and_oriented() -> None:
    for sc in (scene(view="us-compression", side="left"),
               scene(view="ct-venography", level="femoral-head"),
               scene(view="venogram-ap", side="right")):
        ill = render(sc, 1024)
        assert ill.frame.edge_labels == ("R", "L")
        assert ill.image.size[0] == 1024


def test_unknown_and_unreachable_veins_are_refused() -> None:
    with pytest.raises(ValueError, match="not a vein"):
        scene(view="us-compression", vein="jugular")
    with pytest.raises(ValueError, match="below the lowest level"):
        scene(view="us-compression", vein="peroneal")


def test_haematoma_rules_and_density_by_age() -> None:
    with pytest.raises(ValueError, match="needs its age"):
        scene(view="ct-axial", lesions=[{"kind": "haematoma", "site": "quadriceps",
                                         "side": "left"}])
    with pytest.raises(ValueError, match="does not draw"):
        scene(view="xray-ap-pelvis", lesions=[{"kind": "haematoma", "site": "quadriceps",
                                               "side": "left", "age": "acute"}])
    hus = []
    for age in ("acute", "subacute", "chronic"):
        sc = scene(view="ct-axial", level="mid-thigh", lesions=[
            {"kind": "haematoma", "site": "quadriceps", "side": "left", "age": age}])
        t = ct.hu_tables(sc)
        hus.append(float(t["hu"][72 + 2]))  # the core zone of lesion 0
    assert hus[0] > hus[1] > hus[2]


def test_both_vessels_have_a_thin_bright_wall_and_patchy_colour() -> None:
    """The artery, like the vein, is outlined by its echogenic wall (not only a dark ring),
    and its colour is patchy, as a scanner's is, not a flat disc (radiology review 3)."""
    base = {"view": "us-compression", "side": "left", "vein": "common-femoral",
            "doppler": True}
    p = compression.panel(scene(**base), 0.0)
    art = p.labels == T.ARTERY
    ring = ndimage.binary_dilation(art) & ~art & ~p.vein
    assert p.echo[ring].mean() > 0.18  # 0.13 with no arterial wall
    img = np.asarray(render_frame(scene(**base), 1024).image.convert("RGB")).astype(int)
    red = img[(img[..., 0] - img[..., 2]) > 120]
    assert len(red) > 500 and red[:, 0].std() > 12
