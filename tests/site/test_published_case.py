"""A case written down as its source tells it (case 3, from the abstract of a case report)
appears correctly in every place a case appears.

It has a time in weeks, times and a duration that are not reported, an adverse event of
treatment, a study read differently at the time, a modality added through
content/data/modalities.yaml that the atlas cannot draw (figures with no picture), and a
reference with no DOI. Browser behaviour (the unknown-case reveal, the timeline's markers)
is in tests/e2e/test_published_case_browser.py.
"""
from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

from builder.checks import load_atlas
from builder.export import FORMATS
from support import ROOT

ATLAS = load_atlas(ROOT)
CASE = ATLAS.case("case-03-nho-mimicking-dvt-on-venography")
NUMBER = re.compile(r"\d+(?:\.\d+)? (?:months?|weeks?|days?) after the injury")


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_case_uses_every_new_kind_of_fact() -> None:
    venography, ct = CASE.studies
    assert CASE.events[1].at.weeks == (12, 12)
    assert not venography.at.reported and venography.at.after == "signs-of-dvt"
    assert venography.read_at_the_time and not venography.recognised
    assert not CASE.treatments[0].length.reported
    assert CASE.treatments[0].adverse_events[0].onset.days == (4, 4)
    assert venography.modality == "VENO" and ATLAS.modalities["VENO"].views  # drawn since #15
    assert all(f.scene is not None for s in CASE.studies for f in s.figures)
    reference = ATLAS.references["ragone1986"]
    assert reference.pmid == "3085635" and reference.doi is None
    assert ATLAS.references["venography1989"].authors is None  # known by its PubMed record


def test_case_page_says_what_the_source_says(built_site: Path) -> None:
    page = text((built_site / f"cases/{CASE.id}.html").read_text())
    assert "12 weeks" in page and "time not reported" in page
    assert "Read at the time. Deep vein thrombosis" in page and "In retrospect." in page
    assert "A1, 4 days into the course." in page
    assert page.count("No picture available") == 0 and "Simulated illustration" in page
    assert "Follow-up not reported" in page
    assert "Young adult, male" in page and "year-old" not in page
    assert not NUMBER.search(page.replace("12 weeks after the injury", ""))


def test_timeline_draws_unknown_times_apart_in_their_order(built_site: Path) -> None:
    html = (built_site / f"cases/{CASE.id}.html").read_text()
    svg = html[html.index("<svg class=\"atlas-timeline-svg"):]
    svg = svg[:svg.index("</svg>")]
    assert svg.count('class="study unknown"') == 2
    assert 'class="treatment unknown"' in svg and 'class="adverse"' in svg
    assert "time not reported," in svg and "Weeks since injury" in svg
    start = html.index("Time since injury")
    table = text(html[start:html.index("Imaging studies", start)])
    order = [table.index(s) for s in ("Closed head injury", "Signs of a left iliofemoral",
                                      "Contrast venography of the left leg",
                                      "Anticoagulation (heparin), duration not reported",
                                      "after 4 days of anticoagulation",
                                      "Computed tomography of the left thigh")]
    assert order == sorted(order)


def test_modality_pages_and_the_comparison_table(built_site: Path) -> None:
    veno = text((built_site / "modalities/venography.html").read_text())
    assert "The atlas cannot draw this modality yet" not in veno
    assert "NHO becomes detectable: not reported." in veno
    veno_html = (built_site / "modalities/venography.html").read_text()
    assert CASE.title in veno and f'id="{CASE.id}-venogram"' in veno_html
    ct = (built_site / "modalities/ct.html").read_text()
    assert f'id="{CASE.id}-ct-quadriceps"' in ct  # anchors carry the case id
    table = text((built_site / "modalities/index.html").read_text())
    assert "Contrast venography" in table and "0.0 months" not in table
    assert re.search(r"NHO detectable from .* not reported", table)


def test_unknown_page_keeps_the_retrospective_reading_for_the_end(built_site: Path) -> None:
    html = (built_site / f"cases/{CASE.id}-unknown.html").read_text()
    final = html.index("data-final")
    first = html[html.index('data-step="1"'):html.index('data-step="2"')]
    assert "Read at the time." in first and "In retrospect" not in first
    assert "compressed" not in first  # the retrospective reading and the captions wait
    assert "Read again in retrospect" in html[final:]
    step2 = text(html[html.index('data-step="2"'):final])
    assert "Time not reported: anticoagulation (heparin) began (duration not reported)" in step2
    assert "After 4 days of anticoagulation (heparin): Left thigh larger" in step2


def test_exam_and_handout_include_the_case(built_site: Path) -> None:
    exam = (built_site / "exam.html").read_text()
    assert all(q.stem.split()[0] in exam for q in CASE.questions)
    assert "c3-step-venography" in exam
    handout = (built_site / "handout.html").read_text()
    section = text(handout[handout.index(f'id="{CASE.id}"'):])
    assert "time not reported" in section and "Simulated illustration" in section
    assert "Read at the time." in section
    assert "both cases" not in text(handout) and "both cases" not in text(
        (built_site / "progress.html").read_text())


def test_exports_carry_its_questions_and_no_invented_time(built_site: Path,
                                                           tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site / FORMATS["anki"].path) as apkg:
        apkg.extract("collection.anki2", tmp_path)
    with sqlite3.connect(tmp_path / "collection.anki2") as db:
        notes = [flds.split("\x1f") for (flds,) in db.execute("SELECT flds FROM notes")]
    mine = [n for n in notes if CASE.id in n[0]]
    figures = {f.id for s in CASE.studies for f in s.figures}  # drawn since issue 15
    assert {n[0].rsplit("/", 1)[-1] for n in mine} == {q.id for q in CASE.questions} | figures
    moodle = (built_site / FORMATS["moodle"].path).read_text()
    assert all(q.id in moodle for q in CASE.questions)
    everything = " ".join(" ".join(n) for n in notes) + moodle
    assert "Ragone et al. 1986" in everything
    assert not re.search(r"\d+(?:\.\d+)? months? after the injury", " ".join(
        " ".join(n) for n in mine))


def test_search_finds_the_case(built_site: Path) -> None:
    index = json.loads((built_site / "search/search_index.json").read_text())
    pages = {doc["location"] for doc in index["docs"]}
    assert f"cases/{CASE.id}.html" in pages
    assert "modalities/venography.html" in pages
    words = " ".join(doc["text"] for doc in index["docs"]
                     if doc["location"].startswith(f"cases/{CASE.id}.html"))
    assert "venogra" in words and "not reported" in words
