"""The public API: determinism, the SIMULATED mark, sizes and the derived regions."""
from __future__ import annotations

import io

import numpy as np
import pytest
from illustrate_support import WIDTH, lesion, scene
from PIL import Image

from builder.illustrate.render import (
    MIN_WIDTH,
    Illustration,
    render,
    render_frame,
    render_png,
)
from builder.illustrate.scene import View

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]

ALL_VIEWS = [v.value for v in View]


def test_same_scene_gives_identical_png_bytes() -> None:
    sc = scene("ct-axial", lesion(0.3), contrast=True)
    assert render_png(sc, WIDTH) == render_png(sc, WIDTH)


@pytest.mark.parametrize("view", ["ct-axial", "xray-ap-pelvis", "us-transverse", "spect-axial"])
def test_a_different_seed_gives_different_bytes(view: str) -> None:
    a = render_png(scene(view, lesion(0.5), seed=1), WIDTH)
    b = render_png(scene(view, lesion(0.5), seed=2), WIDTH)
    assert a != b


def test_png_has_no_metadata_chunks() -> None:
    data = render_png(scene("xray-ap-pelvis"), WIDTH)
    chunks, pos = [], 8
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        chunks.append(data[pos + 4:pos + 8].decode())
        pos += 12 + n
    assert set(chunks) <= {"IHDR", "IDAT", "IEND"}
    assert Image.open(io.BytesIO(data)).mode == "RGB"


@pytest.mark.parametrize("view", ALL_VIEWS)
def test_every_view_renders_rgb_at_least_768_on_the_long_side(view: str) -> None:
    ill = render(scene(view, lesion(0.6), doppler=True), WIDTH)
    assert isinstance(ill, Illustration)
    assert ill.image.mode == "RGB"
    assert max(ill.image.size) >= 768
    assert len(ill.regions) == 1 and ill.regions[0].label == "right iliopsoas NHO"


def test_too_small_a_width_is_refused() -> None:
    with pytest.raises(ValueError):
        render(scene("ct-axial"), MIN_WIDTH - 1)


@pytest.mark.parametrize("view", ["ct-axial", "spect-coronal", "us-longitudinal"])
def test_the_simulated_mark_is_drawn(view: str) -> None:
    sc = scene(view, lesion(0.3))
    marked = np.asarray(render(sc, WIDTH).image, dtype=np.int16)
    plain = np.asarray(render_frame(sc, WIDTH).image.convert("RGB"), dtype=np.int16)
    x0, y0, x1, y1 = render(sc, WIDTH).mark_box
    box = marked[y0:y1, x0:x1]
    assert box.std() > 20  # text on a plate, not a uniform patch
    assert np.abs(box - plain[y0:y1, x0:x1]).mean() > 10
    amber = (box[..., 0] > 200) & (box[..., 1] > 150) & (box[..., 2] < 120)
    assert amber.sum() > 30


def test_the_picture_cache_key_covers_the_anatomy_data() -> None:
    from builder.pictures.cache import code_hash

    assert code_hash() and (ROOT / "anatomy" / "vh-female.npz").is_file()


@pytest.mark.parametrize("view", ["ct-axial", "xray-ap-pelvis", "spect-axial", "spect-coronal"])
def test_regions_lie_in_the_image_and_on_the_radiological_side(view: str) -> None:
    sc = scene(view, lesion(0.7, "iliopsoas", "right"),
               lesion(0.7, "gluteus-minimus", "left", level="femoral-head", extent="extensive"),
               lesion(0.7, "short-external-rotators", "right", level="femoral-head"),
               level="femoral-head")
    regions = render(sc, WIDTH).regions
    assert [r.label for r in regions] == ["right iliopsoas NHO", "left gluteus minimus NHO",
                                          "right short external rotators NHO"]
    # a coronal slice through the hip joints passes in front of the short external rotators
    in_plane = [True, True, view != "spect-coronal"]
    for reg, patient_right, shown in zip(regions, [True, False, True], in_plane, strict=True):
        if not shown:
            continue
        assert reg.visible, reg.label
        xs, ys = zip(*reg.polygon, strict=True)
        assert min(xs) >= 0 and max(xs) <= 1 and min(ys) >= 0 and max(ys) <= 1
        if patient_right:  # radiological convention: patient's right on the image's left
            assert max(xs) < 0.5, reg
        else:
            assert min(xs) > 0.5, reg


def test_us_regions_lie_in_the_field_and_other_side_is_out_of_view() -> None:
    sc = scene("us-longitudinal", lesion(0.5, "iliopsoas", "right"),
               lesion(0.5, "iliopsoas", "left"), side="right")
    frame = render_frame(sc, WIDTH)
    w, h = frame.image.size
    fx0, fy0, fx1, fy1 = frame.field_box
    near, far = render(sc, WIDTH).regions
    assert near.visible and not far.visible and far.bbox is None
    x0, y0, x1, y1 = near.bbox
    assert fx0 / w - 1e-3 <= x0 and x1 <= fx1 / w + 1e-3
    assert fy0 / h - 1e-3 <= y0 and y1 <= fy1 / h + 1e-3


def test_lesion_out_of_the_axial_plane_has_an_empty_region() -> None:
    sc = scene("ct-axial", lesion(0.5, "vastus-intermedius"), level="acetabular-roof")
    assert render(sc, WIDTH).regions[0].polygon == []


def test_planar_posterior_view_shows_the_patients_right_on_the_right() -> None:
    frame = render_frame(scene("bone-scan-posterior", lesion(0.4, "gluteus-minimus")), WIDTH)
    assert frame.edge_labels == ("L", "R")
    xs = [x for x, _ in frame.outlines[0]]
    assert min(xs) > 0.5


@pytest.mark.parametrize("shade", [0, 255])
def test_the_scale_bar_shows_on_a_black_and_on_a_white_picture(shade: int) -> None:
    """A planar bone scan is white where there is no tracer: the bar is white edged in
    black, so it shows there as on a black radiograph or ultrasound field."""
    from builder.illustrate.marks import draw_marks
    im = Image.new("RGB", (1024, 768), (shade,) * 3)
    draw_marks(im, ("R", "L"), 0.5, "test")
    bar = np.asarray(im.convert("L"))[-80:, :400]  # bottom left: the bar and its label
    assert (bar < 40).sum() >= 400 and (bar > 215).sum() >= 400
