"""Fuzzing the loader: whatever an author writes, the answer is an Atlas or AtlasErrors.

Hypothesis generates case records from strategies that mirror builder/model/ (these must
load), and mutates those and the fixture atlas' own files (a key dropped, a value of the
wrong type or random unicode put in its place, random YAML text, random bytes). For every
one ``load_atlas`` returns an Atlas or raises ``AtlasErrors`` whose errors name a file; it
never raises anything else. ``read_yaml`` gets arbitrary bytes too.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.atlas import Atlas
from builder.checks import load_atlas
from builder.errors import AtlasErrors
from builder.source.yamlsource import read_yaml
from support import DATA

# 200 examples a test keeps the module near 30 s; ATLAS_FUZZ_EXAMPLES=5000 searches deeper.
# No example database: nothing is written into the work tree (failures print their example).
SETTINGS = settings(max_examples=int(os.environ.get("ATLAS_FUZZ_EXAMPLES", "200")),
                    deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
VALID_FILES = sorted(p.relative_to(DATA / "valid").as_posix()
                     for p in (DATA / "valid").rglob("*.yaml"))
MODALITIES = ["CT", "US"]  # those of tests/data/valid
REFERENCES = ["ref-a", "ref-b"]

# --- strategies that mirror builder/model/ ----------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() and "[@" not in s)
slug = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,20}\Z")
months = st.floats(min_value=0, max_value=600, allow_nan=False)


DAYS = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12, "years": 365.25}


@st.composite
def when(draw: st.DrawFn, upper: float) -> dict:
    """A time up to ``upper`` months, in any unit, as one number or a range."""
    unit = draw(st.sampled_from(list(DAYS)))
    top = upper * DAYS["months"] / DAYS[unit] * 0.999
    low = draw(st.floats(0, top, allow_nan=False))
    out: dict = {unit: low}
    if draw(st.booleans()):
        high = draw(st.floats(low, top, allow_nan=False))
        if high > low:
            out[unit] = [low, high]
    if draw(st.booleans()):
        out["approx"] = draw(st.booleans())
    if draw(st.booleans()):
        out["note"] = draw(text)
    return out


@st.composite
def question(draw: st.DrawFn, qid: str) -> dict:
    kind = draw(st.sampled_from(["single", "multiple", "true-false"]))
    if kind == "true-false":
        right = draw(st.booleans())
        options = [{"text": "True", "correct": right, "feedback": draw(text)},
                   {"text": "False", "correct": not right, "feedback": draw(text)}]
    else:
        n = draw(st.integers(2, 5))
        correct = draw(st.integers(0, n - 1))
        chosen = {correct} | (draw(st.sets(st.integers(0, n - 1))) if kind == "multiple" else set())
        options = [{"text": draw(text), "correct": i in chosen, "feedback": draw(text)}
                   for i in range(n)]
    out = {"id": qid, "kind": kind, "stem": draw(text), "options": options,
           "explanation": draw(text) + " [@ref-a].", "references": ["ref-a"]}
    if draw(st.booleans()):
        out["topic"] = draw(text)
    return out


@st.composite
def case(draw: st.DrawFn) -> dict:
    """A valid case record, cross-checks included (time order, follow-up, known keys)."""
    case_id = draw(slug.filter(lambda s: s != "case-test"))
    follow = draw(st.floats(0, 600, allow_nan=False))
    times = sorted(draw(st.lists(st.floats(0, follow, allow_nan=False), min_size=1,
                                 max_size=4)))
    study_ids = draw(st.lists(slug, min_size=len(times), max_size=len(times), unique=True))
    studies = [{"id": sid, "at": {"months": t}, "modality": draw(st.sampled_from(MODALITIES)),
                "region": draw(text), "reason": draw(text), "findings": draw(text),
                "recognised": draw(st.booleans())} for sid, t in zip(study_ids, times, strict=True)]
    treatments = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.floats(0, follow, allow_nan=False))
        longest = min(520.0, (follow - start) * 52 / 12)
        if longest < 0.01:
            continue
        weeks = draw(st.floats(0.01, longest, allow_nan=False))
        if start * DAYS["months"] + weeks * 7 <= follow * DAYS["months"]:
            length = draw(st.sampled_from([{"weeks": weeks}, {"days": weeks * 7},
                                           {"not_reported": True}]))
            treatments.append({"name": draw(text), "start": {"months": start},
                               **(draw(st.sampled_from([{"weeks": weeks},
                                                        {"duration": length}]))),
                               "response": draw(text)})
    record = {
        "id": case_id, "title": draw(text), "source": draw(text) + " [@ref-a]",
        "summary": draw(text),
        "patient": {"age_group": draw(st.sampled_from(
            ["child", "adolescent", "young adult", "adult", "middle-aged", "older adult",
             "not stated"])),
            "sex": draw(st.sampled_from(["female", "male", "not stated"]))},
        "injury": {"kind": draw(st.lists(st.sampled_from(
            ["SCI", "TBI", "ABI", "spinal fracture", "stroke", "other"]), min_size=1,
            max_size=3)), "summary": draw(text)},
        "presentation": draw(st.lists(text, min_size=1, max_size=3)),
        "follow_up": {"months": follow},
        "studies": studies,
        "events": [{"at": draw(when(follow)), "label": draw(text)}
                   for _ in range(draw(st.integers(0, 2)))],
        "treatments": treatments,
        "outcome": draw(text),
        "discrepancies": draw(st.lists(text, max_size=2)),
        "teaching_points": draw(st.lists(text, min_size=1, max_size=3)),
        "references": draw(st.lists(st.sampled_from(REFERENCES), min_size=1, max_size=2)),
        "questions": [draw(question(f"q{i}")) for i in range(draw(st.integers(0, 3)))],
    }
    if draw(st.booleans()):
        record["injury"]["level"] = draw(text)
    if draw(st.booleans()):
        record["injury"]["asia"] = draw(st.sampled_from("ABCDE"))
    return record


# --- mutations ----------------------------------------------------------------------------

junk = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                 st.text(max_size=30), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def paths(data: Any, prefix: tuple = ()) -> Iterator[tuple]:
    """Every path to a value in nested dicts and lists."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield (*prefix, key)
            yield from paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield (*prefix, i)
            yield from paths(value, (*prefix, i))


@st.composite
def mutated(draw: st.DrawFn, data: Any) -> Any:
    """The record with one to three random changes: a value dropped, replaced or retyped."""
    data = yaml.safe_load(yaml.safe_dump(data))  # a deep copy
    for _ in range(draw(st.integers(1, 3))):
        where = list(paths(data))
        if not where:
            return draw(junk)
        *parent_path, last = draw(st.sampled_from(where))
        parent = data
        for key in parent_path:
            parent = parent[key]
        action = draw(st.sampled_from(["drop", "junk", "unicode", "duplicate"]))
        if action == "drop":
            del parent[last]
        elif action == "junk":
            parent[last] = draw(junk)
        elif action == "unicode":
            parent[last] = draw(st.text(min_size=0, max_size=30))
        elif isinstance(parent, list):
            parent.append(parent[last])
        else:
            parent[draw(st.text(min_size=1, max_size=10))] = parent[last]  # an unknown field
    return data


# --- the atlas the examples are written into ------------------------------------------------


@pytest.fixture(scope="module")
def atlas_root() -> Iterator[Path]:
    """One fixture atlas for the whole module: hypothesis examples overwrite its files."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "atlas"
        shutil.copytree(DATA / "valid", root)
        yield root


def restore(root: Path) -> None:
    for name in VALID_FILES:
        shutil.copy(DATA / "valid" / name, root / name)
    for extra in (root / "cases").glob("*.yaml"):
        if extra.name != "case-test.yaml":
            extra.unlink()


def load_or_errors(root: Path) -> Atlas | AtlasErrors:
    """The property: an Atlas, or AtlasErrors that each name a file; nothing else escapes."""
    try:
        return load_atlas(root)
    except AtlasErrors as exc:
        assert exc.errors, "AtlasErrors without any error"
        for error in exc.errors:
            assert error.file and error.line >= 0 and str(error)
        return exc


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@SETTINGS
@given(record=case())
def test_generated_valid_case_loads(atlas_root: Path, record: dict) -> None:
    restore(atlas_root)
    (atlas_root / "cases" / f"{record['id']}.yaml").write_text(dump(record), encoding="utf-8")
    result = load_or_errors(atlas_root)
    assert isinstance(result, Atlas), str(result)
    assert any(c.id == record["id"] for c in result.cases)


@SETTINGS
@given(data=st.data())
def test_mutated_case_gives_atlas_or_errors(atlas_root: Path, data: st.DataObject) -> None:
    restore(atlas_root)
    record = data.draw(case())
    bad = data.draw(mutated(record))
    name = record["id"]
    (atlas_root / "cases" / f"{name}.yaml").write_text(dump(bad), encoding="utf-8")
    load_or_errors(atlas_root)


@SETTINGS
@given(data=st.data())
def test_mutated_fixture_file_gives_atlas_or_errors(atlas_root: Path,
                                                    data: st.DataObject) -> None:
    """Every file of the fixture atlas (case, quiz and each data file) mutated in place."""
    restore(atlas_root)
    name = data.draw(st.sampled_from(VALID_FILES))
    original = yaml.safe_load((DATA / "valid" / name).read_text())
    bad = data.draw(mutated(original))
    (atlas_root / name).write_text(dump(bad), encoding="utf-8")
    load_or_errors(atlas_root)


@SETTINGS
@given(name=st.sampled_from(VALID_FILES), content=st.text(max_size=400))
def test_random_yaml_text_gives_atlas_or_errors(atlas_root: Path, name: str,
                                                content: str) -> None:
    restore(atlas_root)
    (atlas_root / name).write_bytes(content.encode("utf-8", "surrogatepass"))
    load_or_errors(atlas_root)


yaml_ish = st.lists(st.sampled_from(
    ["a:", " b:", "- ", "  - x", "&a", "*a", "<<:", "!!str", "!!python/object:os.system",
     "{", "}", "[", "]", '"', "'", "\t", "\n", ": ", "? ", "|", ">", "#", "---", "...", "%YAML",
     "\x00", "\ufeff", "é", "1e9", "~", "null", "yes", ",", "&b [*b]"]), max_size=60).map("".join)


@SETTINGS
@given(content=st.one_of(st.binary(max_size=400), yaml_ish.map(str.encode)))
def test_read_yaml_takes_any_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.yaml"
        path.write_bytes(content)
        try:
            source = read_yaml(path, "x.yaml")
        except AtlasErrors as exc:
            assert all(e.file == "x.yaml" for e in exc.errors)
        else:
            assert source.file == "x.yaml"
