"""The pieces the exports are written with: text for other applications, pictures for them,
the Moodle question every kind starts from, and the atomic write."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from builder.checks import load_atlas, pictures
from builder.export.base import source_timestamp, write
from builder.export.media import jpeg, outlined, question_media
from builder.export.moodle import MoodleQuestion, grade
from builder.export.text import html, with_citations
from builder.questions.bank import entries, hotspot_target
from support import ROOT

ATLAS = load_atlas(ROOT)
PICTURES = pictures(ATLAS, ROOT / ".cache" / "atlas" / "images")
BANK = entries(ATLAS)


def test_citations_become_author_and_year_and_markup_stays_inert() -> None:
    key = next(iter(ATLAS.references))
    ref = ATLAS.references[key]
    text = with_citations(ATLAS, f"A claim [@{key}].")
    assert "[@" not in text and str(ref.year) in text
    assert html(ATLAS, "One *short* line.", inline=True) == "One <em>short</em> line."
    assert html(ATLAS, "A [link](javascript:alert(1)).").count("javascript:") == 0


def test_pictures_ship_as_named_jpegs_and_answers_are_outlined() -> None:
    entry = next(e for e in BANK if e.question.hotspot is not None)
    target = hotspot_target(ATLAS, entry, PICTURES)
    plain = jpeg(target.picture, target.alt)
    assert plain.data[:3] == b"\xff\xd8\xff" and plain.name.endswith(".jpg")
    answer = outlined(target)
    assert answer.name == plain.name.replace(".jpg", "-answer.jpg")
    assert answer.data != plain.data and (answer.width, answer.height) == (plain.width,
                                                                          plain.height)
    with Image.open(io.BytesIO(answer.data)) as image:
        x, y = target.polygon[0]
        r, g, b = image.convert("RGB").getpixel((int(x * image.width), int(y * image.height)))
        assert r > 150 and g > 150 and b < 120, "the outline is drawn in yellow"
    assert question_media(ATLAS, entry, PICTURES)[0].name == plain.name


def test_moodle_grades_are_the_ones_moodle_accepts() -> None:
    assert grade(50) == "50" and grade(-25) == "-25" and grade(48) == "50"
    assert float(grade(100 / 3)) == pytest.approx(33.33333, abs=1e-3)
    assert float(grade(-100 / 7)) == pytest.approx(-14.28571, abs=1e-3)


def test_every_moodle_question_starts_with_its_name_text_and_feedback() -> None:
    entry = BANK[0]
    writer = MoodleQuestion(ATLAS, entry, PICTURES, question_media(ATLAS, entry, PICTURES))
    element = writer.element("multichoice", writer.stem(), writer.files)
    assert element.get("type") == "multichoice"
    assert element.find("name/text").text == f"{entry.scope}: {entry.question.id}"
    assert element.find("idnumber").text == entry.key
    assert "[@" not in element.find("generalfeedback/text").text


def test_write_is_atomic_and_the_timestamp_comes_from_the_sources(
        tmp_path: Path, fixture_atlas: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = write(b"data", tmp_path / "a" / "file.bin")
    assert target.read_bytes() == b"data" and not list(target.parent.glob(".*partial"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert source_timestamp(ATLAS) == 1700000000
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    atlas = load_atlas(fixture_atlas)  # not in git: the newest authored file's time
    newest = max((fixture_atlas / s.file).stat().st_mtime for s in atlas.sources.values())
    assert source_timestamp(atlas) == int(newest)
