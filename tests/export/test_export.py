"""Exports: the Anki deck and the Moodle XML open as their applications would read them.

The .apkg is a zip holding an SQLite collection and numbered media files; the Moodle XML is a
<quiz> of <question type=…> elements with base64 pictures. Both come from the built site
(the plugin writes them) and from ``atlas export``.
"""
from __future__ import annotations

import base64
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from io import BytesIO
from pathlib import Path

import genanki
import pytest
from PIL import Image

from builder.checks import load_atlas
from builder.export import FORMATS
from builder.export.anki import FACT_MODEL_ID, QUESTION_MODEL_ID
from builder.model import QuestionKind
from builder.questions.bank import entries
from support import ROOT, run_atlas

ATLAS = load_atlas(ROOT)
BANK = entries(ATLAS)
FIGURES = [f for c in ATLAS.cases for s in c.studies for f in s.figures]


@pytest.fixture(scope="module")
def deck(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The deck's notes (fields split), media index and media files."""
    folder = tmp_path_factory.mktemp("apkg")
    with zipfile.ZipFile(built_site / FORMATS["anki"].path) as apkg:
        apkg.extractall(folder)
        names = apkg.namelist()
    media = json.loads((folder / "media").read_text())
    with sqlite3.connect(folder / "collection.anki2") as db:
        notes = [(guid, mid, flds.split("\x1f"))
                 for guid, mid, flds in db.execute("SELECT guid, mid, flds FROM notes")]
        cards = db.execute("SELECT count(*) FROM cards").fetchone()[0]
    return {"notes": notes, "cards": cards, "media": media, "names": names, "folder": folder}


def test_deck_has_a_note_for_every_key_point_figure_and_question(deck: dict) -> None:
    keys = [fields[0] for _, _, fields in deck["notes"]]
    expected = ([f"key-point/{p.id}" for p in ATLAS.key_points]
                + [f"figure/{c.id}/{f.id}" for c in ATLAS.cases for s in c.studies
                   for f in s.figures if f.has_picture]  # a card asks what a picture shows
                + [e.key for e in BANK])
    assert sorted(keys) == sorted(expected)
    assert deck["cards"] == len(expected)
    assert all(len(fields) == 4 and all(fields[1:3]) for _, _, fields in deck["notes"])


def test_note_ids_are_stable_so_a_reimport_updates(deck: dict) -> None:
    guids = {fields[0]: (guid, mid) for guid, mid, fields in deck["notes"]}
    for entry in BANK:
        assert guids[entry.key] == (genanki.guid_for("nho-atlas", "question", entry.key),
                                    QUESTION_MODEL_ID)
    point = ATLAS.key_points[0]
    assert guids[f"key-point/{point.id}"] == (
        genanki.guid_for("nho-atlas", "key-point", point.id), FACT_MODEL_ID)


def test_every_picture_a_note_shows_is_in_the_deck(deck: dict) -> None:
    shipped = set(deck["media"].values())
    assert set(deck["media"]) <= set(deck["names"])
    shown = {name for _, _, fields in deck["notes"] for field in fields
             for name in re.findall(r'<img src="([^"]+)"', field)}
    assert shown == shipped
    assert len(shipped) >= len(FIGURES)
    for number in deck["media"]:
        assert (deck["folder"] / number).read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG


def test_question_notes_carry_answers_and_evidence(deck: dict) -> None:
    notes = {fields[0]: fields for _, _, fields in deck["notes"]}
    for entry in BANK:
        _, front, back, source = notes[entry.key]
        assert "<img" in front if entry.question.kind is QuestionKind.HOTSPOT else True
        assert "[@" not in front + back, "citations become (Author Year)"
        assert entry.title.split()[0] in source
        if entry.question.kind is QuestionKind.ORDERING:
            assert back.count("<li>") == len(entry.question.items)


@pytest.fixture(scope="module")
def quiz(built_site: Path) -> ET.Element:
    root = ET.fromstring((built_site / FORMATS["moodle"].path).read_bytes())
    assert root.tag == "quiz"
    return root


def questions(quiz: ET.Element) -> list[ET.Element]:
    return [q for q in quiz.findall("question") if q.get("type") != "category"]


def test_moodle_has_one_question_of_the_right_type_each(quiz: ET.Element) -> None:
    found = {q.findtext("idnumber"): q.get("type") for q in questions(quiz)}
    types = {"single": "multichoice", "multiple": "multichoice", "true-false": "truefalse",
             "ordering": "ordering", "hotspot": "ddmarker"}
    assert found == {e.key: types[e.question.kind.value] for e in BANK}
    categories = [q.findtext("category/text") for q in quiz.findall("question")
                  if q.get("type") == "category"]
    assert len(categories) == len(ATLAS.quizzes) + len(ATLAS.cases)


def test_moodle_grades_add_up(quiz: ET.Element) -> None:
    for question in questions(quiz):
        fractions = [float(a.get("fraction")) for a in question.findall("answer")]
        kind = question.get("type")
        if kind == "truefalse" or question.findtext("single") == "true":
            assert sorted(fractions)[-1] == 100 and sum(fractions) == 100
        elif kind == "multichoice":
            assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.001)
            assert sum(f for f in fractions if f < 0) >= -100.001
        elif kind == "ordering":
            assert fractions == list(range(1, len(fractions) + 1))
        for answer in question.findall("answer"):
            assert answer.findtext("text"), "every option has its text"


def test_moodle_pictures_decode_and_hotspot_zones_fit_them(quiz: ET.Element) -> None:
    files = quiz.findall(".//file")
    assert files
    for element in files:
        assert base64.b64decode(element.text, validate=True)[:3] == b"\xff\xd8\xff"
    for question in questions(quiz):
        if question.get("type") != "ddmarker":
            continue
        background = question.find("file")
        with Image.open(BytesIO(base64.b64decode(background.text))) as image:
            width, height = image.size
        coords = [tuple(map(int, p.split(","))) for p in
                  question.findtext("drop/coords").split(";")]
        assert question.findtext("drop/shape") == "polygon" and len(coords) >= 3
        assert all(0 <= x <= width and 0 <= y <= height for x, y in coords)
        assert question.findtext("drop/choice") == question.findtext("drag/no") == "1"
    for question in questions(quiz):
        text = question.findtext("questiontext/text")
        for name in re.findall(r"@@PLUGINFILE@@/([^\"]+)", text):
            assert question.find(f"questiontext/file[@name='{name}']") is not None


def test_export_command_writes_the_same_files_with_a_line_per_stage(
        real_atlas: Path, built_site: Path) -> None:
    for kind, name in (("anki", "deck.apkg"), ("moodle", "bank.xml")):
        result = run_atlas("export", kind, "-o", name, cwd=real_atlas)
        assert result.returncode == 0, result.stderr
        assert "Loading and checking the atlas: done" in result.stderr
        assert f"Writing {name}: done" in result.stderr
        assert (real_atlas / name).read_bytes() == (built_site / FORMATS[kind].path).read_bytes()
