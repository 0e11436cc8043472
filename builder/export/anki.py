"""The Anki deck: key points, figures and every question as notes, with their pictures.

Model and deck ids are fixed, and each note's guid is a hash of what it is (a question's
scope/id, a key point's id, a figure's case/id), so importing a newer deck updates the
reader's notes, and their review history, instead of adding duplicates.
"""
from __future__ import annotations

import html as htmllib
import io
import itertools
import json
import re
import sqlite3
import string
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

import genanki

from builder.atlas import Atlas
from builder.export.media import Media, jpeg, outlined, question_media
from builder.export.text import html
from builder.markup.sanitize import plain
from builder.model import QuestionKind
from builder.pictures.cache import Picture
from builder.pictures.catalogue import picture_name
from builder.progress import progress
from builder.questions.bank import entries, hotspot_target, shown_order

DECK_ID = 1_794_561_207
QUESTION_MODEL_ID = 1_794_561_208
FACT_MODEL_ID = 1_794_561_209
FIELDS = [{"name": "Key"}, {"name": "Front"}, {"name": "Back"}, {"name": "Source"}]
CSS = """.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left;
 color: #202124; background: #fff; max-width: 46em; margin: 0 auto; }
img { max-width: 100%; height: auto; } .source { color: #5f6368; font-size: 14px; }
.right { color: #1b5e20; font-weight: 700; } .wrong { color: #b71c1c; font-weight: 700; }"""
BACK = "{{FrontSide}}<hr id=answer>{{Back}}<p class=source>{{Source}}</p>"
QUESTION_MODEL = genanki.Model(
    QUESTION_MODEL_ID, "NHO Atlas question", fields=FIELDS, css=CSS,
    templates=[{"name": "Question", "qfmt": "{{Front}}", "afmt": BACK}])
FACT_MODEL = genanki.Model(
    FACT_MODEL_ID, "NHO Atlas fact", fields=FIELDS, css=CSS,
    templates=[{"name": "Fact", "qfmt": "{{Front}}", "afmt": BACK}])
LETTERS = string.ascii_uppercase


def img(media: Media) -> str:
    return f'<img src="{media.name}" alt="{htmllib.escape(plain(media.alt))}">'


def tag(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-") or "untagged"


def question_note(atlas: Atlas, entry, pictures: Mapping[str, Picture],
                  media: dict[str, bytes]) -> genanki.Note:
    q = entry.question
    shown = question_media(atlas, entry, pictures)
    front = [img(m) for m in shown] + [f"<p>{html(atlas, q.stem, inline=True)}</p>"]
    back: list[str] = []
    if q.kind is QuestionKind.ORDERING:
        order = shown_order(q)
        front.append("<p><em>Put in order:</em></p><ol type=A>" + "".join(
            f"<li>{html(atlas, q.items[i], inline=True)}</li>" for i in order) + "</ol>")
        back.append("<p class=right>The right order:</p><ol>" + "".join(
            f"<li>{LETTERS[order.index(i)]}. {html(atlas, item, inline=True)}</li>"
            for i, item in enumerate(q.items)) + "</ol>")
    elif q.kind is QuestionKind.HOTSPOT:
        answer = outlined(hotspot_target(atlas, entry, pictures))
        shown.append(answer)
        front.append("<p><em>Where on the picture?</em></p>")
        back.append(f"<p class=right>{html(atlas, q.hotspot.label, inline=True)}</p>"
                    + img(answer))
    else:
        if q.kind is QuestionKind.MULTIPLE:
            front.append("<p><em>Select all that apply.</em></p>")
        front.append("<ol type=A>" + "".join(f"<li>{html(atlas, o.text, inline=True)}</li>"
                                             for o in q.options) + "</ol>")
        back.append("<ul>" + "".join(
            f"<li><span class={'right' if o.correct else 'wrong'}>{LETTERS[i]}. "
            f"{'Right' if o.correct else 'Wrong'}:</span> {html(atlas, o.text, inline=True)}."
            f" {html(atlas, o.feedback, inline=True)}</li>"
            for i, o in enumerate(q.options)) + "</ul>")
    back.append(html(atlas, q.explanation))
    for m in shown:
        media[m.name] = m.data
    source = f"{'Case' if entry.case else 'Quiz'}: {html(atlas, entry.title, inline=True)}"
    return genanki.Note(
        model=QUESTION_MODEL, fields=[entry.key, "".join(front), "".join(back), source],
        guid=genanki.guid_for("nho-atlas", "question", entry.key),
        tags=["nho-atlas", f"kind::{q.kind.value}", f"topic::{tag(entry.topic)}"])


def key_point_notes(atlas: Atlas, pictures: Mapping[str, Picture],
                    media: dict[str, bytes]) -> list[genanki.Note]:
    terms = {t.term.lower(): t.term for t in atlas.glossary}
    cases = {c.id: c for c in atlas.cases}
    notes = []
    for n, point in enumerate(atlas.key_points, start=1):
        words = [terms.get(w, w) for w in point.id.split("-")]
        topic = " ".join(words)[:1].upper() + " ".join(words)[1:]
        shown = []
        for ref in point.figures:
            case_id, _, fig_id = ref.partition("/")
            case = cases[case_id]
            figure = next(f for s in case.studies for f in s.figures if f.id == fig_id)
            if figure.has_picture:
                shown.append(jpeg(pictures[picture_name(case, figure, 0)], figure.alt))
        for m in shown:
            media[m.name] = m.data
        front = (f"<p>NHO key point {n} of {len(atlas.key_points)}: what does the atlas "
                 f"teach about</p><p><strong>{htmllib.escape(topic)}</strong>?</p>")
        back = html(atlas, point.text) + "".join(img(m) for m in shown)
        notes.append(genanki.Note(
            model=FACT_MODEL, fields=[f"key-point/{point.id}", front, back, "Key points"],
            guid=genanki.guid_for("nho-atlas", "key-point", point.id),
            tags=["nho-atlas", "key-point"]))
    return notes


def figure_notes(atlas: Atlas, pictures: Mapping[str, Picture],
                 media: dict[str, bytes]) -> list[genanki.Note]:
    notes = []
    for case in atlas.cases:
        for study in case.studies:
            modality = atlas.modalities[study.modality].name
            for figure in study.figures:
                if not figure.has_picture:  # a card asks what a picture shows
                    continue
                m = jpeg(pictures[picture_name(case, figure, 0)], figure.alt)
                media[m.name] = m.data
                front = (img(m) + f"<p>Figure {htmllib.escape(plain(figure.number))}: "
                         f"{htmllib.escape(modality.lower())}, {study.at.since_injury}. "
                         "What does it show?</p>")
                back = html(atlas, figure.caption) + (
                    "<p><em>Simulated illustration, not a patient image.</em></p>"
                    if figure.simulated else "")
                key = f"{case.id}/{figure.id}"
                notes.append(genanki.Note(
                    model=FACT_MODEL, fields=[f"figure/{key}", front, back,
                                              f"Case: {html(atlas, case.title, inline=True)}"],
                    guid=genanki.guid_for("nho-atlas", "figure", key),
                    tags=["nho-atlas", "figure", f"modality::{tag(study.modality)}"]))
    return notes


def notes(atlas: Atlas, pictures: Mapping[str, Picture]) -> tuple[list, dict[str, bytes]]:
    """Every note and the media files they name."""
    media: dict[str, bytes] = {}
    out = key_point_notes(atlas, pictures, media) + figure_notes(atlas, pictures, media)
    bank = entries(atlas)
    for entry in progress(bank, len(bank), "Making Anki cards"):
        out.append(question_note(atlas, entry, pictures, media))
    return out, media


def apkg_bytes(atlas: Atlas, pictures: Mapping[str, Picture], timestamp: float) -> bytes:
    """The deck as an .apkg (a zip of an SQLite collection and numbered media files).

    Written here rather than by genanki's write_to_file so that the same content and
    timestamp give the same bytes: fixed zip dates, media in name order.
    """
    deck = genanki.Deck(DECK_ID, "NHO Atlas")
    all_notes, media = notes(atlas, pictures)
    for note in all_notes:
        deck.add_note(note)
    package = genanki.Package(deck)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db)
        package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        conn.commit()
        conn.close()
        collection = db.read_bytes()
    when = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    out = io.BytesIO()
    names = sorted(media)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)

        add("collection.anki2", collection)
        add("media", json.dumps({str(i): name for i, name in enumerate(names)}).encode())
        for i, name in enumerate(names):
            add(str(i), media[name])
    return out.getvalue()
