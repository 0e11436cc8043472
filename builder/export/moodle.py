"""Moodle XML: every question for a Moodle question bank, one category per quiz or case.

Single best answer and multiple select become ``multichoice`` (grades from Moodle's list of
allowed fractions), true/false ``truefalse``, ordering Moodle's ``ordering`` type, and a
hotspot ``ddmarker``: one marker to drop on the picture, right inside the region's polygon.
Pictures travel inside the file as base64, so one import brings everything.
"""
from __future__ import annotations

import base64
import html as htmllib
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from builder.atlas import Atlas
from builder.export.media import Media, question_media
from builder.export.text import html
from builder.markup.sanitize import plain
from builder.model import QuestionKind
from builder.pictures.cache import Picture
from builder.progress import progress
from builder.questions.bank import Entry, entries, hotspot_target

# Moodle accepts only these grades (question_bank::fraction_options_full), as percentages.
GRADES = [100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20,
          16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0]


def grade(share: float) -> str:
    """The allowed grade nearest to ``share`` percent (negative for a penalty)."""
    nearest = min(GRADES, key=lambda g: abs(g - abs(share)))
    return f"{-nearest if share < 0 else nearest:g}"


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def rich(parent: ET.Element, tag: str, content: str, files: list[Media] = ()) -> ET.Element:
    """A Moodle text field in HTML, with its embedded files."""
    element = sub(parent, tag, format="html")
    sub(element, "text", content)
    for media in files:
        sub(element, "file", base64.b64encode(media.data).decode(), name=media.name, path="/",
            encoding="base64")
    return element


def img(media: Media) -> str:
    return (f'<p><img src="@@PLUGINFILE@@/{media.name}" alt="{htmllib.escape(plain(media.alt))}"'
            f' width="{media.width}" height="{media.height}"></p>')


def common(atlas: Atlas, entry: Entry, kind: str, stem: str,
           files: list[Media]) -> ET.Element:
    q = entry.question
    question = ET.Element("question", type=kind)
    sub(sub(question, "name"), "text", f"{entry.scope}: {q.id}")
    rich(question, "questiontext", stem, files)
    rich(question, "generalfeedback", html(atlas, q.explanation))
    sub(question, "defaultgrade", "1")
    sub(question, "penalty", "0.3333333")
    sub(question, "hidden", "0")
    sub(question, "idnumber", entry.key[:100])
    return question


def feedbacks(question: ET.Element) -> None:
    for tag, words in (("correctfeedback", "Your answer is correct."),
                       ("partiallycorrectfeedback", "Your answer is partially correct."),
                       ("incorrectfeedback", "Your answer is incorrect.")):
        rich(question, tag, f"<p>{words}</p>")


def choice(atlas: Atlas, entry: Entry, files: list[Media]) -> ET.Element:
    q = entry.question
    stem = "".join(img(m) for m in files) + html(atlas, q.stem)
    if q.kind is QuestionKind.TRUE_FALSE:
        question = common(atlas, entry, "truefalse", stem, files)
        for option in q.options:
            answer = sub(question, "answer", fraction="100" if option.correct else "0",
                         format="moodle_auto_format")
            sub(answer, "text", option.text.lower())
            rich(answer, "feedback", html(atlas, option.feedback))
        return question
    question = common(atlas, entry, "multichoice", stem, files)
    single = q.kind is QuestionKind.SINGLE
    sub(question, "single", "true" if single else "false")
    sub(question, "shuffleanswers", "true")
    sub(question, "answernumbering", "abc")
    feedbacks(question)
    right = sum(o.correct for o in q.options)
    wrong = len(q.options) - right
    for option in q.options:
        if option.correct:
            fraction = "100" if single else grade(100 / right)
        else:
            fraction = "0" if single or not wrong else grade(-100 / wrong)
        answer = sub(question, "answer", fraction=fraction, format="html")
        sub(answer, "text", html(atlas, option.text))
        rich(answer, "feedback", html(atlas, option.feedback))
    return question


def ordering(atlas: Atlas, entry: Entry, files: list[Media]) -> ET.Element:
    q = entry.question
    question = common(atlas, entry, "ordering",
                      "".join(img(m) for m in files) + html(atlas, q.stem), files)
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", "0"),
                       ("gradingtype", "ABSOLUTE_POSITION"), ("showgrading", "SHOW"),
                       ("numberingstyle", "none")):
        sub(question, tag, value)
    feedbacks(question)
    for position, item in enumerate(q.items, start=1):
        answer = sub(question, "answer", fraction=f"{position}", format="html")
        sub(answer, "text", html(atlas, item, inline=True))
    return question


def hotspot(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture],
            files: list[Media]) -> ET.Element:
    """A ddmarker question: drop the one marker inside the region (pixel polygon)."""
    q = entry.question
    target = hotspot_target(atlas, entry, pictures)
    background = files[0]
    question = common(atlas, entry, "ddmarker", html(atlas, q.stem) + html(
        atlas, f"Drag the marker onto the picture. {target.alt}"), [])
    sub(question, "showmisplaced")
    feedbacks(question)
    sub(question, "file", base64.b64encode(background.data).decode(), name=background.name,
        encoding="base64")
    drag = sub(question, "drag")
    sub(drag, "no", "1")
    sub(drag, "text", "Here")
    sub(drag, "noofdrags", "1")
    drop = sub(question, "drop")
    sub(drop, "no", "1")
    sub(drop, "shape", "polygon")
    sub(drop, "coords", polygon_coords(target.polygon, background.width, background.height))
    sub(drop, "choice", "1")
    return question


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


def moodle_xml(atlas: Atlas, pictures: Mapping[str, Picture]) -> bytes:
    quiz = ET.Element("quiz")
    bank = entries(atlas)
    current = None
    for entry in progress(bank, len(bank), "Writing Moodle questions"):
        if entry.scope != current:
            current = entry.scope
            category = sub(quiz, "question", type="category")
            name = plain(entry.title).replace("/", "-")
            sub(sub(category, "category"), "text", f"$course$/NHO Atlas/{name}")
        files = question_media(atlas, entry, pictures)
        kind = entry.question.kind
        if kind is QuestionKind.HOTSPOT:
            quiz.append(hotspot(atlas, entry, pictures, files))
        elif kind is QuestionKind.ORDERING:
            quiz.append(ordering(atlas, entry, files))
        else:
            quiz.append(choice(atlas, entry, files))
    ET.indent(quiz)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(quiz, encoding="unicode").encode() + b"\n")
