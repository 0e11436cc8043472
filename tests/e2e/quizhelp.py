"""Answering any kind of question in the browser, right or wrong, as a reader would."""
from __future__ import annotations

from playwright.sync_api import Locator


def region(form: Locator) -> list[tuple[float, float]]:
    raw = form.locator(".atlas-hotspot").get_attribute("data-region")
    return [tuple(map(float, p.split(","))) for p in raw.split()]


def inside(x: float, y: float, polygon: list[tuple[float, float]]) -> bool:
    hit = False
    for (ax, ay), (bx, by) in zip(polygon, polygon[-1:] + polygon[:-1], strict=True):
        if (ay > y) != (by > y) and x < (bx - ax) * (y - ay) / (by - ay) + ax:
            hit = not hit
    return hit


def _margin(x: float, y: float, polygon: list[tuple[float, float]]) -> float:
    """Distance from (x, y) to the nearest edge of the polygon."""
    best = 1.0
    for (ax, ay), (bx, by) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy or 1)))
        best = min(best, ((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) ** 0.5)
    return best


def point_inside(polygon: list[tuple[float, float]]) -> tuple[float, float]:
    """The grid point deepest inside the polygon."""
    xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
    candidates = [(min(xs) + (max(xs) - min(xs)) * i / 40, min(ys) + (max(ys) - min(ys)) * j / 40)
                  for i in range(1, 40) for j in range(1, 40)]
    return max((c for c in candidates if inside(*c, polygon)), key=lambda c: _margin(*c, polygon))


def key_point_inside(polygon: list[tuple[float, float]]) -> tuple[float, float]:
    """The point deepest inside the polygon that the arrow keys reach: they move the
    crosshair 2 % at a time from the centre."""
    grid = [round(0.5 + 0.02 * k, 2) for k in range(-24, 25)]
    return max(((x, y) for x in grid for y in grid if inside(x, y, polygon)),
               key=lambda c: _margin(*c, polygon))


def point_outside(polygon: list[tuple[float, float]]) -> tuple[float, float]:
    return next((x, y) for x, y in [(0.97, 0.97), (0.03, 0.97), (0.97, 0.03), (0.5, 0.03)]
                if not inside(x, y, polygon) and _margin(x, y, polygon) > 0.05)


def click_at(form: Locator, x: float, y: float) -> None:
    stage = form.locator(".atlas-hotspot-stage")
    stage.scroll_into_view_if_needed()
    box = form.locator(".atlas-hotspot-stage img").bounding_box()
    stage.click(position={"x": x * box["width"], "y": y * box["height"]})


def put_in_order(form: Locator, order: list[int]) -> None:
    """Move items with their Up buttons until they stand in ``order`` (item indices)."""
    for position, wanted in enumerate(order):
        items = form.locator(".atlas-order-item")
        current = [int(items.nth(i).get_attribute("data-item")) for i in range(items.count())]
        for _ in range(current.index(wanted) - position):
            form.locator(f'.atlas-order-item[data-item="{wanted}"] [data-move="up"]').click()


def answer(form: Locator, right: bool) -> None:
    """Give a right or a wrong answer to the question in ``form`` (not yet checked)."""
    kind = form.get_attribute("data-kind")
    if kind == "hotspot":
        polygon = region(form)
        click_at(form, *(point_inside(polygon) if right else point_outside(polygon)))
    elif kind == "ordering":
        count = form.locator(".atlas-order-item").count()
        order = list(range(count))
        put_in_order(form, order if right else order[::-1])
    elif right:
        for box in form.locator("input[data-correct]").all():
            box.check()
    else:
        form.locator(".atlas-option input:not([data-correct])").first.check()
