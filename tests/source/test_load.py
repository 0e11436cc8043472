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
    assert case.treatments[0].end_months == pytest.approx(2 + 12 * 12 / 52)
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
