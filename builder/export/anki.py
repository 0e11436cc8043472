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
import tempfile
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import genanki

from builder.atlas import Atlas, figures
from builder.export.base import Format, source_timestamp
from builder.export.media import Media, jpeg, outlined, question_media
from builder.export.text import html
from builder.markup.sanitize import attribute, clean_html, plain
from builder.pictures.cache import Picture
from builder.pictures.catalogue import picture_name
from builder.progress import progress
from builder.questions.bank import Entry, entries, hotspot_target
from builder.questions.kinds import kind

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


def img(media: Media) -> str:
    return f'<img src="{media.name}" alt="{attribute(media.alt)}">'


def tag(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain(text).lower()).strip("-") or "untagged"


@dataclass
class QuestionCard:
    """One question's note while it is written: what its kind may ask (kinds.base.Card)."""

    atlas: Atlas
    entry: Entry
    pictures: Mapping[str, Picture]
    shown: list[Media]
    """The pictures the note shows; their files go into the deck."""

    def text(self, markdown: str) -> str:
        return html(self.atlas, markdown, inline=True)

    def outlined(self) -> str:
        answer = outlined(hotspot_target(self.atlas, self.entry, self.pictures))
        self.shown.append(answer)
        return img(answer)


def question_note(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture],
                  media: dict[str, bytes]) -> genanki.Note:
    q = entry.question
    card = QuestionCard(atlas, entry, pictures, question_media(atlas, entry, pictures))
    front = "".join(img(m) for m in card.shown) + f"<p>{card.text(q.stem)}</p>"
    extra_front, extra_back = kind(q.kind).anki(q, card)
    back = extra_back + html(atlas, q.explanation)
    for m in card.shown:
        media[m.name] = m.data
    source = f"{'Case' if entry.case else 'Quiz'}: {card.text(entry.title)}"
    return genanki.Note(
        model=QUESTION_MODEL, fields=[entry.key, front + extra_front, back, source],
        guid=genanki.guid_for("nho-atlas", "question", entry.key),
        tags=["nho-atlas", f"kind::{q.kind.value}", f"topic::{tag(entry.topic)}"])


def key_point_notes(atlas: Atlas, pictures: Mapping[str, Picture],
                    media: dict[str, bytes]) -> list[genanki.Note]:
    terms = {t.term.lower(): t.term for t in atlas.glossary}
    notes = []
    for n, point in enumerate(atlas.key_points, start=1):
        words = [terms.get(w, w) for w in point.id.split("-")]
        topic = " ".join(words)[:1].upper() + " ".join(words)[1:]
        shown = []
        for ref in point.figures:
            case, _, figure = atlas.figure(ref)
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
        for study, figure in figures(case):
            modality = atlas.modalities[study.modality].name
            if not figure.has_picture:  # a card asks what a picture shows
                continue
            m = jpeg(pictures[picture_name(case, figure, 0)], figure.alt)
            media[m.name] = m.data
            front = (img(m) + f"<p>Figure {attribute(figure.number)}: "
                     f"{attribute(modality.lower())}, {study.at.since_injury}. "
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
        note.fields = [clean_html(field) for field in note.fields]  # as every page's HTML
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


def deck(atlas: Atlas, pictures: Mapping[str, Picture]) -> bytes:
    return apkg_bytes(atlas, pictures, source_timestamp(atlas))


FORMAT = Format(
    "anki", "downloads/nho-atlas.apkg", "Anki deck", "`.apkg`",
    "the key points, every figure and every question as flashcards, with their pictures. "
    "Importing a newer deck updates your cards instead of duplicating them.", deck)
