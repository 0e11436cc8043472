"""The loader: valid records load; every bad input gives its exact file:line message."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder.checks import load_atlas
from builder.errors import AtlasErrors
from support import DATA, ROOT

BAD = sorted(p for p in (DATA / "bad").iterdir() if p.suffix == ".yaml")


def test_fixture_atlas_loads(fixture_atlas: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    case = atlas.case("case-test")
    assert [s.id for s in case.studies] == ["ct-1m", "us-2m"]
    course = case.treatments[0]
    assert course.length.label == "12 weeks"
    assert course.start.in_days + course.length.in_days == pytest.approx(2 * 365.25 / 12 + 84)
    assert atlas.modalities["CT"].marker == "diamond"


def test_real_atlas_loads() -> None:
    atlas = load_atlas(ROOT)
    assert len(atlas.cases) >= 2
    figures = [f.number for c in atlas.cases for s in c.studies for f in s.figures]
    for number in ["1a", "1b", "2a", "2b", "3a", "3b", "4a", "4b", "5a", "5b",
                   "6a", "6b", "6c", "6d"]:
        assert number in figures
    questions = sum(len(c.questions) for c in atlas.cases) + sum(
        len(q.questions) for q in atlas.quizzes)
    assert questions >= 15


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_bad_input_gives_exact_message(bad: Path, fixture_atlas: Path) -> None:
    target = fixture_atlas / bad.with_suffix(".target").read_text().strip()
    expected = bad.with_suffix(".expect").read_text().strip()
    shutil.copy(bad, target)
    if ": warning: " in expected:  # a warning loads, and is listed with the atlas
        assert expected in [str(w) for w in load_atlas(fixture_atlas).warnings]
        return
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert expected in [str(e) for e in caught.value.errors]


def test_every_error_is_reported_at_once(fixture_atlas: Path) -> None:
    """Problems in several files come in one report, so one edit pass fixes them all."""
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("sex: not stated", "sex: femal"))
    quiz = fixture_atlas / "content" / "data" / "quizzes" / "topic.yaml"
    quiz.write_text(quiz.read_text().replace("kind: true-false", "kind: truefalse"))
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    files = sorted(e.file for e in caught.value.errors)
    assert files == ["cases/case-test.yaml", "content/data/quizzes/topic.yaml"]
    assert "did you mean 'true-false'?" in str(caught.value)


def test_a_case_with_problems_of_its_own_still_has_its_names_checked(fixture_atlas: Path) -> None:
    """A misspelt field used to hide a wrong modality until it was fixed (issue 16): the
    names a case file uses are checked even when the file is not a valid case."""
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("sex: not stated", "sex: femal")
                    .replace("modality: US", "modality: CTV")
                    .replace("references: [ref-a]\nquestions", "references: [ref-z]\nquestions")
                    .replace("explanation: Because [@ref-a].", "explanation: Because [@ref-q]."))
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    report = str(caught.value)
    assert "patient.sex: 'femal' is not allowed" in report
    assert "studies[1].modality: 'CTV' is not a modality" in report
    assert "references[0]: unknown reference 'ref-z'" in report
    assert "questions[0].explanation: cites unknown reference 'ref-q'" in report
