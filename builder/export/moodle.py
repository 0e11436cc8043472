"""Moodle XML: every question for a Moodle question bank, one category per quiz or case.

Each kind of question writes its own Moodle type (builder/questions/kinds/: ``multichoice``,
``truefalse``, ``ordering``, a hotspot as ``ddmarker``) through ``MoodleQuestion``, which holds
what every type shares. Pictures travel inside the file as base64, so one import brings
everything.
"""
from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass

from builder.atlas import Atlas
from builder.export.base import Format
from builder.export.media import Media, question_media
from builder.export.text import html
from builder.markup.sanitize import attribute, clean_html, plain
from builder.pictures.cache import Picture
from builder.progress import progress
from builder.questions.bank import Entry, Target, entries, hotspot_target
from builder.questions.kinds import kind

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
    return (f'<p><img src="@@PLUGINFILE@@/{media.name}" alt="{attribute(media.alt)}"'
            f' width="{media.width}" height="{media.height}"></p>')


@dataclass
class MoodleQuestion:
    """One question while it is written: what its kind may ask (kinds.base.MoodleQuestion)."""

    atlas: Atlas
    entry: Entry
    pictures: Mapping[str, Picture]
    files: list[Media]
    sub = staticmethod(sub)
    grade = staticmethod(grade)

    def text(self, markdown: str, inline: bool = False) -> str:
        return html(self.atlas, markdown, inline)

    def stem(self) -> str:
        """The question's pictures, then its text."""
        return "".join(img(m) for m in self.files) + self.text(self.entry.question.stem)

    def element(self, moodle_type: str, stem: str, files: list[Media]) -> ET.Element:
        """The <question> with its name, text, general feedback and grading."""
        q = self.entry.question
        question = ET.Element("question", type=moodle_type)
        sub(sub(question, "name"), "text", f"{self.entry.scope}: {q.id}")
        rich(question, "questiontext", stem, files)
        rich(question, "generalfeedback", self.text(q.explanation))
        sub(question, "defaultgrade", "1")
        sub(question, "penalty", "0.3333333")
        sub(question, "hidden", "0")
        sub(question, "idnumber", self.entry.key[:100])
        return question

    def rich(self, parent: ET.Element, tag: str, content: str) -> ET.Element:
        return rich(parent, tag, content)

    def feedbacks(self, question: ET.Element) -> None:
        for tag, words in (("correctfeedback", "Your answer is correct."),
                           ("partiallycorrectfeedback", "Your answer is partially correct."),
                           ("incorrectfeedback", "Your answer is incorrect.")):
            rich(question, tag, f"<p>{words}</p>")

    def target(self) -> Target:
        return hotspot_target(self.atlas, self.entry, self.pictures)


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
        writer = MoodleQuestion(atlas, entry, pictures, question_media(atlas, entry, pictures))
        quiz.append(kind(entry.question.kind).moodle(entry.question, writer))
    for field in quiz.iter():  # every HTML field, sanitised as every page's HTML
        if field.get("format") == "html":
            for text in field.findall("text"):
                text.text = clean_html(text.text or "")
    ET.indent(quiz)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(quiz, encoding="unicode").encode() + b"\n")


FORMAT = Format(
    "moodle", "downloads/nho-atlas-moodle.xml", "Moodle question bank", "Moodle XML",
    "every question with its options, feedback and pictures, for *Question bank → Import → "
    "Moodle XML format*. Hotspot questions become drag-and-drop marker questions.", moodle_xml)
