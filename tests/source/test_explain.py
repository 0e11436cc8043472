"""Turning what pydantic finds into words an author understands, with the nearest name."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from builder.model import Case, Question
from builder.source.explain import explain, model_at
from builder.source.hints import did_you_mean, nearest
from builder.source.load import read_atlas


def errors_of(shape, data) -> list[dict]:
    try:
        shape.model_validate(data)
    except ValidationError as exc:
        return exc.errors()
    raise AssertionError("the data was valid")


def test_the_nearest_name_is_offered_only_when_it_is_close() -> None:
    assert nearest("femal", ["female", "male", "not stated"]) == "female"
    assert did_you_mean("truefalse", ["single", "true-false"]) == "did you mean 'true-false'?"
    assert did_you_mean("xyz", ["single", "multiple"]) == ""


def test_a_misspelt_field_suggests_the_missing_one() -> None:
    data = {"id": "q", "kind": "single", "stemm": "S?", "explanation": "E.",
            "references": ["a"], "options": []}
    errs = errors_of(Question, data)
    missing = {tuple(e["loc"]) for e in errs if e["type"] == "missing"}
    extra = next(e for e in errs if e["type"] == "extra_forbidden")
    assert explain(extra, Question, missing) == ("unknown field 'stemm'", "did you mean 'stem'?")


def test_a_missing_field_says_what_to_write_and_a_wrong_choice_what_is_allowed() -> None:
    errs = errors_of(Question, {"id": "q", "kind": "singel", "explanation": "E.",
                                "references": ["a"]})
    words = {tuple(e["loc"]): explain(e, Question) for e in errs}
    assert words[("kind",)] == ("'singel' is not allowed", "did you mean 'single'?")
    assert words[("stem",)] == ("required field is missing", "add stem: The question.")


def test_model_at_walks_down_to_the_record_a_location_names() -> None:
    assert model_at(Case, ("questions", 0)) is Question
    assert model_at(Case, ()) is Case


def test_read_atlas_loads_what_is_valid_and_lists_the_rest(fixture_atlas: Path) -> None:
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("  sex: not stated", "  sex: femal"))
    atlas, errors = read_atlas(fixture_atlas)
    assert atlas.cases == [] and atlas.unloaded_cases == {"case-test"}
    assert [str(e) for e in errors] == [
        "cases/case-test.yaml:7:3: patient.sex: 'femal' is not allowed (did you mean 'female'?)"]
    assert atlas.references and atlas.modalities  # the other files loaded
