"""Click the image: the reader places a crosshair on a picture, right inside a region drawn by
the author or derived from a lesion of the scene (builder/site/assets/hotspot.js)."""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any
from xml.etree.ElementTree import Element

from builder.questions.kinds.base import Card, Kind, MoodleQuestion, Show

if TYPE_CHECKING:
    from builder.model import Hotspot, Question


class HotspotKind(Kind):
    name = "hotspot"
    label = "click the image"
    answer = "hotspot"
    template = "question-hotspot.md.j2"
    script = "hotspot.js"

    def check_answer(self, hotspot: Hotspot | None) -> None:
        if hotspot is None:
            raise ValueError("a hotspot question needs 'hotspot' (figure or scene, region, "
                             "label)")

    def page(self, question: Question, show: Show) -> dict[str, Any]:
        target = show.target()
        return {"target": target,
                "solution": show.picture(f"The answer: {target.label}", outlined=True)}

    def handout(self, question: Question, show: Show) -> dict[str, Any]:
        target = show.target()
        return {"picture": show.picture(question.stem, outlined=False),
                "prompt": "Mark the place on the picture:", "answer": target.label,
                "solution": show.picture(target.label, outlined=True)}

    def anki(self, question: Question, card: Card) -> tuple[str, str]:
        return ("<p><em>Where on the picture?</em></p>",
                f"<p class=right>{card.text(question.hotspot.label)}</p>{card.outlined()}")

    def moodle(self, question: Question, moodle: MoodleQuestion) -> Element:
        """A ``ddmarker``: one marker to drop on the picture, right inside the region."""
        target = moodle.target()
        background = moodle.files[0]
        element = moodle.element("ddmarker", moodle.text(question.stem) + moodle.text(
            f"Drag the marker onto the picture. {target.alt}"), [])
        moodle.sub(element, "showmisplaced")
        moodle.feedbacks(element)
        moodle.sub(element, "file", base64.b64encode(background.data).decode(),
                   name=background.name, encoding="base64")
        drag = moodle.sub(element, "drag")
        moodle.sub(drag, "no", "1")
        moodle.sub(drag, "text", "Here")
        moodle.sub(drag, "noofdrags", "1")
        drop = moodle.sub(element, "drop")
        moodle.sub(drop, "no", "1")
        moodle.sub(drop, "shape", "polygon")
        moodle.sub(drop, "coords",
                   polygon_coords(target.polygon, background.width, background.height))
        moodle.sub(drop, "choice", "1")
        return element


def polygon_coords(polygon: list[tuple[float, float]], width: int, height: int) -> str:
    """Moodle's 'x,y;x,y;…' in whole pixels, without repeated or closing points."""
    points: list[tuple[int, int]] = []
    for x, y in polygon:
        point = (min(width, max(0, round(x * width))), min(height, max(0, round(y * height))))
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return ";".join(f"{x},{y}" for x, y in points)


KIND = HotspotKind()
