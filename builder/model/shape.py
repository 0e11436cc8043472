"""Shapes an author draws on a picture, in fractions of its width and height (0..1): the
rules they follow and the outline they make, for hotspot regions and annotations alike."""
from __future__ import annotations

import math

Point = tuple[float, float]


def check_shape(shape: str, size: Point | None, points: list[Point] | None) -> None:
    """An ellipse has radii above 0; a polygon has 3 corners or more. Raise ValueError."""
    if shape == "ellipse":
        if size is None:
            raise ValueError("an ellipse needs 'size' (its radii across and down, e.g. "
                             "[0.08, 0.06])")
        if min(size) <= 0:
            raise ValueError("an ellipse needs radii greater than 0")
    if shape == "polygon":
        if points is None:
            raise ValueError("a polygon needs 'points' (its corners, at least 3 [x, y])")
        if len(points) < 3:
            raise ValueError("a polygon needs at least 3 points")


def outline(shape: str, at: Point | None, size: Point | None, points: list[Point] | None,
            steps: int) -> list[Point]:
    """A polygon's corners, or an ellipse as ``steps`` points; empty for any other shape."""
    if shape == "polygon" and points:
        return [tuple(p) for p in points]
    if shape == "ellipse" and at and size:
        (cx, cy), (rx, ry) = at, size
        return [(cx + rx * math.cos(t * math.tau / steps),
                 cy + ry * math.sin(t * math.tau / steps)) for t in range(steps)]
    return []
