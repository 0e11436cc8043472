"""Pictures agree with their words: measured visibility, the words check, Doppler colour,
regions clear of the joint, and the atlas's own figures."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from illustrate_support import lesion, scene

from builder.checks import load_atlas
from builder.illustrate import measure, spect, words
from builder.illustrate.render import render
from builder.illustrate.scene import Phase, View

ROOT = Path(__file__).resolve().parents[2]


def test_visibility_tells_drawn_from_absent() -> None:
    sc = scene("ct-axial", lesion(0.8, "gluteus-minimus", extent="extensive"),
               lesion(0.8, "vastus-intermedius", side="left"), level="acetabular-roof",
               window="bone")
    seen, absent = measure.visibility(sc)
    assert seen.visible and seen.state == "detectable" and seen.cnr >= measure.THRESHOLD
    assert not absent.in_view and absent.state == "not detectable"


def test_oedema_alone_is_abnormal_but_not_specific() -> None:
    sc = scene("ct-axial", lesion(0.0, "iliopsoas"), level="femoral-neck", contrast=True)
    assert measure.visibility(sc)[0].state == "abnormal, not specific"


def test_a_bone_window_hides_the_oedema_a_soft_tissue_window_shows() -> None:
    soft = scene("ct-axial", lesion(0.0, "iliopsoas"), level="femoral-neck")
    bone = soft.model_copy(update={"window": "bone"})
    assert measure.visibility(soft)[0].cnr > 2 * measure.visibility(bone)[0].cnr


def test_the_words_check_accepts_true_words_and_catches_a_planted_mismatch() -> None:
    sc = scene("ct-axial", lesion(0.8, "gluteus-minimus", extent="extensive"),
               level="acetabular-roof", window="bone")
    seen = measure.visibility(sc)
    good = ("Simulated illustration: axial CT. Corticated bone lies in the muscles beside the "
            "right hip. The left hip is normal.")
    assert words.problems(good, seen) == []
    planted = ("Simulated illustration: axial CT. Bone lies behind the right hip and in front "
               "of the left hip; it encircles the right hip. No calcification.")
    found = words.problems(planted, seen)
    assert any("posterior" in p for p in found)
    assert any("anterior" in p and "left" in p for p in found)
    assert any("surrounds the right hip" in p for p in found)
    assert any("no mineral" in p for p in found)


def test_the_words_check_wants_colour_where_it_says_flow() -> None:
    sc = scene("us-transverse", lesion(0.3, vascular=True, extent="extensive"), doppler=True)
    ill = render(sc, 768)
    colour = measure.colour_pixels(ill.image, ill.regions[0].polygon)
    assert colour > 0
    text = "A dark focus in front of the right hip contains colour flow."
    assert words.problems(text, measure.visibility(sc), colour) == [] or \
        all("flow" not in p for p in words.problems(text, measure.visibility(sc), colour))
    assert any("colour" in p for p in words.problems(text, measure.visibility(sc), 0))


def test_lesion_regions_do_not_lie_in_the_joint() -> None:
    sc = scene("ct-axial", lesion(0.8, "iliopsoas", extent="extensive"),
               lesion(0.8, "short-external-rotators", extent="extensive"),
               level="femoral-head")
    assert max(measure.joint_overlap(render(sc, 768).frame)) <= measure.JOINT_LIMIT


def _figures():
    atlas = load_atlas(ROOT)
    for case in atlas.cases:
        for study in case.studies:
            for fig in study.figures:
                if fig.scene is not None:
                    yield pytest.param(fig, id=fig.id)


def test_figure_5a_shows_every_lesion_plainly() -> None:
    fig = next(f.values[0] for f in _figures() if f.id == "fig5a")
    seen = measure.visibility(fig.scene)
    assert all(v.cnr >= 3 for v in seen), [(v.label, round(v.cnr, 1)) for v in seen]


def test_explorer_verdicts_follow_the_time_course() -> None:
    """2 weeks: radiograph negative; oedema on ultrasound and CT and hyperaemia on the
    blood-pool bone scan (the earliest sourced sign) abnormal but not specific; 1 month:
    ultrasound, CT and the delayed bone scan positive; from 3 months every modality."""
    atlas = load_atlas(ROOT)
    ex = atlas.explorer
    states = {(n, m): measure.visibility(ex.scene(m, step))[0].state
              for n, step in enumerate(ex.steps) for m in ex.views}
    early = ex.scene("SPECT", ex.steps[0])
    assert (early.view, early.phase) == (View.BONE_SCAN_ANTERIOR, Phase.BLOOD_POOL)
    assert ex.scene("SPECT", ex.steps[1]).view == View.SPECT_AXIAL  # delayed from 1 month
    assert states[(0, "XR")] == "not detectable"
    assert states[(0, "US")] == states[(0, "CT")] == states[(0, "SPECT")] \
        == "abnormal, not specific"
    assert all(states[(1, m)] == "detectable" for m in ("US", "CT", "SPECT"))
    assert all(states[(n, m)] == "detectable" for n in (2, 3, 4) for m in ex.views)


def _figure(fid: str):
    return next(f.values[0] for f in _figures() if f.id == fid)


def test_figure_6b_shows_red_and_blue_flow_in_an_unshadowed_focus_inside_the_box() -> None:
    """The review's top fix: the hypoechoic focus with flow exists, superficial to the sheet
    and not in its shadow, in both hues, and no colour lies outside the colour box."""
    sc = _figure("fig6b").scene
    ill = render(sc, 1024)
    counts = measure.doppler_colour(ill.frame, ill.frame.image)
    focus = counts[0]  # the vascular rectus femoris lesion
    assert focus["stray"] == 0
    assert focus["colour"] >= 0.01 * focus["open_area"] and focus["colour"] >= 200
    assert focus["red"] >= words.MIN_HUE and focus["blue"] >= words.MIN_HUE
    x0, y0, x1, y1 = ill.frame.colour_box
    rgb = np.asarray(ill.frame.image.convert("RGB"), np.int16)
    coloured = (rgb.max(-1) - rgb.min(-1)) > 40
    coloured[:, ill.frame.field_box[2]:] = False  # the colour bar beside the image
    ys, xs = np.nonzero(coloured)
    assert ys.size and xs.min() >= x0 and xs.max() <= x1 and ys.min() >= y0 and ys.max() <= y1
    assert not (coloured & ~ill.frame.open_beam).any()  # no colour in a shadow


def test_the_flow_words_count_colour_over_one_percent_and_both_hues() -> None:
    seen = [measure.Visibility("right rectus femoris NHO", "right", "anterior", True, 6.0, True)]
    text = "In front of the right hip, a dark focus contains red and blue colour flow."
    good = [{"colour": 400, "red": 250, "blue": 150, "open_area": 20000, "stray": 0}]
    assert words.problems(text, seen, good) == []
    sparse = [{"colour": 33, "red": 33, "blue": 0, "open_area": 20000, "stray": 0}]
    assert any("1 %" in p for p in words.problems(text, seen, sparse))
    one_hue = [{"colour": 400, "red": 400, "blue": 0, "open_area": 20000, "stray": 0}]
    assert any("one hue" in p for p in words.problems(text, seen, one_hue))
    assert words.problems("A dark focus contains colour flow.", seen, one_hue) == []


def test_the_case_1_spect_reads_marked_on_the_right_and_less_on_the_left() -> None:
    """Ten months: right lesions at least 0.9 of the display, left clearly less but above
    normal bone (a tenth above its share of the display), normal femoral heads 0.35-0.55
    (the review's SPECT fix)."""
    sc = _figure("fig4b").scene
    frame = render(sc, 1024).frame
    rgb = np.asarray(frame.image.convert("RGB"), np.float64) / 255
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    v = np.where(g <= 0, 0.35 * r, np.where(b <= 0, 0.35 + 0.35 * g, 0.7 + 0.3 * b))
    peak = {}
    for les, poly in zip(sc.lesions, frame.outlines, strict=True):
        if poly:
            top = float(np.percentile(v[measure.mask_of(poly, frame.image.size)], 95))
            peak[les.side] = max(peak.get(les.side, 0.0), top)
    assert peak["right"] >= 0.9
    assert 1.1 * spect.NORMAL_FRACTION["spect"] <= peak["left"] <= 0.8


def test_an_explorer_alt_says_what_the_picture_draws() -> None:
    base = {"label": "right rectus femoris NHO", "mineral": True}
    assert "nothing abnormal" in words.drawn({**base, "state": "not detectable"})
    assert "without mineral" in words.drawn({**base, "state": "abnormal, not specific"})
    found = words.drawn({**base, "state": "detectable", "colour": 0, "open_area": 900})
    assert "forming bone shows in the right rectus femoris" in found and "no Doppler" in found


@pytest.mark.parametrize("fid", ["fig2a", "fig5a"])
def test_hotspot_regions_of_different_lesions_do_not_overlap(fid: str) -> None:
    """The quiz's hotspot figures: a radiograph can lay one lesion over another (5a: 'above'
    and 'beside' the left hip) and a CT slice can show two touching; each contested pixel
    goes to one lesion, so a click names one lesion only."""
    atlas = load_atlas(ROOT)
    hot = {q.hotspot.figure for case in atlas.cases for q in case.questions
           if q.hotspot is not None}
    assert fid in hot
    ill = render(_figure(fid).scene, 1024)
    masks = [measure.mask_of(r.polygon, ill.image.size) for r in ill.regions]
    assert len(masks) >= 2
    for i in range(len(masks)):
        for j in range(i + 1, len(masks)):
            assert not (masks[i] & masks[j]).any(), (fid, i + 1, j + 1)


def test_drawn_together_names_lesions_of_one_state_together() -> None:
    regions = [{"label": "right iliopsoas NHO", "state": "detectable"},
               {"label": "right adductor NHO", "state": "detectable"},
               {"label": "right gluteus minimus NHO", "state": "not detectable"}]
    assert words.drawn_together(regions) == (
        "forming bone shows in the right iliopsoas and right adductor; nothing abnormal "
        "shows where the right gluteus minimus lesion lies")
