"""Learning pages as built: unknown cases, exam, progress, handout, and question kinds."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.checks import load_atlas
from builder.checks.questions import check_hotspot_pictures
from builder.errors import AtlasError
from builder.model import Question, QuestionKind
from builder.pictures.cache import Picture
from builder.questions.bank import (
    content_hash,
    entries,
    hotspot_picture_name,
)
from builder.questions.kinds.ordering import shown_order
from support import ROOT

ATLAS = load_atlas(ROOT)
BANK = entries(ATLAS)


def test_the_real_atlas_shows_every_interactive_question_kind() -> None:
    kinds = {e.question.kind for e in BANK}
    assert {QuestionKind.HOTSPOT, QuestionKind.ORDERING} <= kinds


def test_unknown_page_holds_back_the_diagnosis_in_its_title_and_headings(
        built_site: Path) -> None:
    for n, case in enumerate(ATLAS.cases, start=1):
        html = (built_site / f"cases/{case.id}-unknown.html").read_text()
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        assert title.startswith(f"Unknown case {n}") and case.title not in title
        headings = " ".join(re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html))
        assert case.title not in headings
        assert html.count('class="atlas-unknown-step"') == len(case.studies) + 2
        steps = [q for q in case.questions if q.step]
        assert html.count(f'data-question="{case.id}-unknown/') == len(steps)
        # figures come without annotations: the only outlines are hotspot answers
        hotspots = [q for q in steps if q.kind is QuestionKind.HOTSPOT]
        assert html.count('class="atlas-overlay"') == len(hotspots)
        case_page = (built_site / f"cases/{case.id}.html").read_text()
        assert f'href="{case.id}-unknown.html"' in case_page


def test_exam_page_holds_every_question_once_with_a_link_to_its_evidence(
        built_site: Path) -> None:
    html = (built_site / "exam.html").read_text()
    for entry in BANK:
        assert html.count(f'data-key="{entry.key}"') == 1
        page = entry.page.replace(".md", ".html")
        assert f'href="{page}#{entry.anchor}"' in html
        home = (built_site / page).read_text()
        assert f'id="{entry.anchor}"' in home


def test_progress_page_lists_every_quiz_with_versioned_keys(built_site: Path) -> None:
    html = (built_site / "progress.html").read_text()
    for entry in BANK:
        assert f"{entry.key}:{content_hash(entry.question)}" in html
    for case in ATLAS.cases:
        assert f'data-unknown="{case.id}"' in html
    assert 'href="downloads/nho-atlas.apkg"' in html
    assert 'href="downloads/nho-atlas-moodle.xml"' in html
    index = (built_site / "quizzes/index.html").read_text()
    assert 'href="../downloads/nho-atlas.apkg"' in index


def test_handout_has_key_points_cases_and_an_answer_key(built_site: Path) -> None:
    html = (built_site / "handout.html").read_text()
    assert html.count('class="atlas-timeline-svg"') == len(ATLAS.cases)
    for case in ATLAS.cases:
        for study in case.studies:
            assert f'id="{case.id}-study-{study.id}"' in html
            for figure in study.figures:
                assert f'id="{case.id}-{figure.id}"' in html
    assert html.count('class="atlas-handout-question"') == len(BANK)
    assert html.count('class="atlas-handout-answer"') == len(BANK)
    assert 'loading="lazy"' not in html.split('<article')[1], "printing needs every picture"
    assert "@media print" in (built_site / "assets/atlas/atlas.css").read_text()


def test_ordering_is_shown_shuffled_and_the_same_every_build() -> None:
    for entry in BANK:
        if entry.question.kind is QuestionKind.ORDERING:
            order = shown_order(entry.question)
            assert sorted(order) == list(range(len(entry.question.items)))
            assert order != sorted(order) and order == shown_order(entry.question)


def test_editing_a_question_changes_only_its_hash() -> None:
    first, second = BANK[0].question, BANK[1].question
    edited = first.model_copy(update={"stem": first.stem + " Edited."})
    assert content_hash(edited) != content_hash(first)
    assert content_hash(second) == content_hash(BANK[1].question)


def test_a_lesion_the_picture_does_not_show_is_an_error_at_its_line() -> None:
    entry = next(e for e in BANK if e.question.kind is QuestionKind.HOTSPOT
                 and e.question.hotspot.figure)
    name = hotspot_picture_name(ATLAS, entry)
    lesions = [{"label": "x", "polygon": []}] * 9
    pictures = {name: Picture("k" * 64, 100, 100, tuple(lesions), Path("."))}
    others = [e for e in BANK if e.question.kind is QuestionKind.HOTSPOT and e is not entry]
    for other in others:
        pictures[hotspot_picture_name(ATLAS, other)] = Picture(
            "k" * 64, 100, 100, tuple([{"label": "x", "polygon": [[0.1, 0.1], [0.2, 0.1],
                                                                  [0.2, 0.2]]}] * 9), Path("."))
    errors = check_hotspot_pictures(ATLAS, pictures)
    assert len(errors) == 1 and isinstance(errors[0], AtlasError)
    assert errors[0].path == f"questions[{entry.index}].hotspot.region"
    assert "is not visible in this picture" in errors[0].message


@pytest.mark.parametrize("region", [
    {"shape": "ellipse", "at": [0.5, 0.5], "size": [0.6, 0.1]},
    {"shape": "ellipse", "at": [0.5, 0.5]},
    {"shape": "polygon", "points": [[0.1, 0.1], [0.2, 0.2]]},
    "lesion zero",
])
def test_bad_regions_are_refused(region: object) -> None:
    with pytest.raises(ValueError):
        Question.model_validate({
            "id": "q", "kind": "hotspot", "stem": "Click.", "explanation": "E.",
            "references": ["r"],
            "hotspot": {"figure": "fig1a", "region": region, "label": "it"}})


def test_kind_specific_fields_belong_to_their_kind() -> None:
    base = {"id": "q", "stem": "S.", "explanation": "E.", "references": ["r"]}
    with pytest.raises(ValueError, match="'items' belong to ordering"):
        Question.model_validate({**base, "kind": "true-false", "items": ["a", "b"], "options": [
            {"text": "True", "correct": True, "feedback": "f"},
            {"text": "False", "feedback": "f"}]})
    with pytest.raises(ValueError, match="needs 'hotspot'"):
        Question.model_validate({**base, "kind": "hotspot"})
    with pytest.raises(ValueError, match="has no 'options'"):
        Question.model_validate({**base, "kind": "ordering", "items": ["a", "b"], "options": [
            {"text": "x", "feedback": "f"}]})
    ellipse = Question.model_validate({**base, "kind": "hotspot", "hotspot": {
        "figure": "fig1a", "label": "it",
        "region": {"shape": "ellipse", "at": [0.5, 0.5], "size": [0.1, 0.2]}}})
    assert len(ellipse.hotspot.region.outline()) == 48
