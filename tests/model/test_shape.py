"""Shapes drawn on pictures: hotspot regions and annotations follow one set of rules and
make their outlines one way."""
from __future__ import annotations

import math

import pytest

from builder.model import Annotation, HotspotRegion
from builder.model.shape import check_shape, outline


def test_an_ellipse_outline_lies_on_the_ellipse() -> None:
    points = outline("ellipse", (0.5, 0.4), (0.2, 0.1), None, steps=12)
    assert len(points) == 12 and points[0] == pytest.approx((0.7, 0.4))
    for x, y in points:
        assert ((x - 0.5) / 0.2) ** 2 + ((y - 0.4) / 0.1) ** 2 == pytest.approx(1)


def test_a_polygon_outline_is_its_corners_and_other_shapes_have_none() -> None:
    corners = [(0.1, 0.1), (0.2, 0.1), (0.2, 0.3)]
    assert outline("polygon", None, None, corners, steps=48) == corners
    assert outline("lesion", None, None, None, steps=48) == []


@pytest.mark.parametrize(("shape", "size", "points", "message"), [
    ("ellipse", None, None, "needs 'size'"),
    ("ellipse", (0.1, 0), None, "radii greater than 0"),
    ("polygon", None, None, "needs 'points'"),
    ("polygon", None, [(0, 0), (1, 1)], "at least 3 points"),
])
def test_a_shape_without_what_it_needs_is_refused(shape, size, points, message) -> None:
    with pytest.raises(ValueError, match=message):
        check_shape(shape, size, points)


def test_regions_and_annotations_share_the_rules_and_the_outline() -> None:
    region = HotspotRegion(shape="ellipse", at=(0.5, 0.5), size=(0.1, 0.2))
    mark = Annotation(shape="ellipse", at=(0.5, 0.5), size=(0.1, 0.2), label="it")
    assert region.outline(steps=24) == mark.outline()
    with pytest.raises(ValueError, match="needs 'size'"):
        Annotation(shape="ellipse", at=(0.5, 0.5), label="it")
    with pytest.raises(ValueError, match="needs 'points'"):
        Annotation(shape="polygon", at=(0.5, 0.5), label="it")


def test_an_arrow_is_a_shaft_ending_at_its_tip_from_the_upper_right() -> None:
    (x0, y0), tip = Annotation(shape="arrow", at=(0.4, 0.6), label="it").outline()
    assert tip == (0.4, 0.6) and x0 > 0.4 and y0 < 0.6
    assert math.hypot(x0 - 0.4, y0 - 0.6) == pytest.approx(0.08 * math.sqrt(2))
