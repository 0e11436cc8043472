"""The hostile corpus in the exports: no field of the Anki deck or the Moodle XML holds live
markup, and every attacked field that an export carries is there, as text.

A reference author with an entity lacking its ';' once became live markup in the deck's
fields and in the Moodle XML. The .apkg's SQLite collection is opened and each note field
parsed as HTML; every HTML text of the Moodle XML likewise, and the plain texts (names) must
hold no tag at all.
"""
from __future__ import annotations

import io
import re
import sqlite3
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from hostile_corpus import build_hostile_atlas, live

from support import run_atlas

TAG = re.compile(r"<[A-Za-z/!?]")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile-export") / "atlas"
    markers = build_hostile_atlas(root)
    for fmt, name in (("anki", "deck.apkg"), ("moodle", "bank.xml")):
        result = run_atlas("export", fmt, "-o", name, cwd=root)
        assert result.returncode == 0, result.stderr
    return root, markers


def anki_fields(apkg: Path) -> list[str]:
    with zipfile.ZipFile(apkg) as archive:
        collection = archive.read("collection.anki2")
    db = apkg.with_suffix(".anki2")
    db.write_bytes(collection)
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT flds FROM notes").fetchall()
    finally:
        conn.close()
    return [field for (flds,) in rows for field in flds.split("\x1f")]


def test_no_anki_field_holds_live_markup(exported: tuple[Path, dict[str, str]]) -> None:
    root, markers = exported
    fields = anki_fields(root / "deck.apkg")
    assert len(fields) > 20
    found = [(item, field[:80]) for field in fields for item in live(field)]
    assert not found, found[:10]
    text = " ".join(fields)
    shown = {label for marker, label in markers.items() if marker in text}
    for label in ("Question.stem", "Option.text", "Option.feedback", "Question.explanation",
                  "Question.items", "Hotspot.label", "Figure.caption", "KeyPoint.text"):
        assert label in shown, f"{label} is not in the deck"
    assert "&amp;ltimg src=x onerror=window.__pwned=8&gt;" in text  # shown as typed


def test_no_moodle_text_holds_live_markup(exported: tuple[Path, dict[str, str]]) -> None:
    root, markers = exported
    tree = ET.parse(root / "bank.xml")
    html_texts, plain_texts = [], []
    for element in tree.iter():
        for text in element.findall("text"):
            (html_texts if element.get("format") == "html" else plain_texts).append(
                text.text or "")
    assert len(html_texts) > 20
    found = [(item, t[:80]) for t in html_texts for item in live(t)]
    assert not found, found[:10]
    tags = [t for t in plain_texts if TAG.search(t)]
    assert not tags, tags[:5]
    everything = " ".join(html_texts + plain_texts)
    for label in ("Question.stem", "Option.text", "Option.feedback", "Question.explanation",
                  "Question.items"):
        assert any(marker in everything for marker, lab in markers.items() if lab == label), \
            f"{label} is not in the Moodle XML"


def test_the_deck_and_the_bank_parse_as_html_fragments(
        exported: tuple[Path, dict[str, str]]) -> None:
    """Sanity: the checks above see real markup (a field with a list, a picture)."""
    root, _ = exported
    fields = anki_fields(root / "deck.apkg")
    assert any("<img " in f for f in fields) and any("<li>" in f for f in fields)
    raw = (root / "bank.xml").read_bytes()
    assert b"<quiz>" in raw and io.BytesIO(raw).read(5) == b"<?xml"
