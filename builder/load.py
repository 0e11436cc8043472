"""Load the atlas: YAML files → validated models, with every problem reported at once.

Each problem is an ``AtlasError`` that names the file, the line and the field, and says what
would be right, so an educator can fix a case without reading Python.
"""
from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from builder.errors import AtlasError, AtlasErrors
from builder.model import (
    SLUG_PATTERN,
    Case,
    Explorer,
    GlossaryTerm,
    KeyPoint,
    Modality,
    Quiz,
    Reference,
)
from builder.phi import phi_warnings
from builder.yamlsource import Source, read_yaml

DATA_FILES: dict[str, Any] = {
    "modalities": list[Modality],
    "references": list[Reference],
    "glossary": list[GlossaryTerm],
    "key-points": list[KeyPoint],
    "explorer": Explorer,
}


@dataclass
class Atlas:
    """Everything the site is built from, validated and cross-checked."""

    root: Path
    cases: list[Case]
    modalities: dict[str, Modality]
    references: dict[str, Reference]
    glossary: list[GlossaryTerm]
    key_points: list[KeyPoint]
    quizzes: list[Quiz]
    explorer: Explorer | None
    sources: dict[str, Source] = field(default_factory=dict)
    """The parsed file behind each record ('case:ID', 'quiz:ID' or a data file's name)."""
    warnings: list[AtlasError] = field(default_factory=list)
    """What looks wrong but may be right, such as a possible patient identifier."""

    def case(self, case_id: str) -> Case:
        return self._numbered[case_id][1]

    def number(self, case: Case) -> int:
        """The case's 1-based position: constant time, as every case's pages ask for it."""
        return self._numbered[case.id][0]

    @cached_property
    def _numbered(self) -> dict[str, tuple[int, Case]]:
        return {case.id: (n, case) for n, case in enumerate(self.cases, start=1)}


def load_atlas(root: Path, cases_dir: str = "cases", data_dir: str = "content/data") -> Atlas:
    """Read and check every record under ``root``; raise AtlasErrors listing every problem."""
    from builder.checks import check_atlas  # checks needs Atlas: import here, not at the top

    errors: list[AtlasError] = []
    data: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for name, shape in DATA_FILES.items():
        path = root / data_dir / f"{name}.yaml"
        source = _read(path, root, errors)
        if source is not None:
            data[name] = validate(source, shape, errors)
            sources[name] = source

    cases = []
    for path in sorted((root / cases_dir).glob("*.yaml")):
        source = _read(path, root, errors)
        case = validate(source, Case, errors) if source else None
        if case is not None:
            if case.id != path.stem:
                errors.append(source.error(("id",), f"id {case.id!r} differs from the file name",
                                           f"use id: {path.stem}, or rename the file"))
            if f"case:{case.id}" in sources:
                errors.append(source.error(("id",), f"duplicate case id {case.id!r}",
                                           f"also used in {sources[f'case:{case.id}'].file}"))
                continue
            sources[f"case:{case.id}"] = source
            cases.append(case)

    quizzes = []
    for path in sorted((root / data_dir / "quizzes").glob("*.yaml")):
        source = _read(path, root, errors)
        quiz = validate(source, Quiz, errors) if source else None
        if quiz is not None:
            sources[f"quiz:{quiz.id}"] = source
            quizzes.append(quiz)

    atlas = Atlas(
        root=root,
        cases=cases,
        modalities={m.id: m for m in data.get("modalities") or []},
        references={r.key: r for r in data.get("references") or []},
        glossary=data.get("glossary") or [],
        key_points=data.get("key-points") or [],
        quizzes=quizzes,
        explorer=data.get("explorer"),
        sources=sources,
    )
    if not errors:  # cross-checks assume each record is valid on its own
        errors += check_atlas(atlas)
    if errors:
        raise AtlasErrors(errors)
    atlas.warnings = [w for c in cases for w in phi_warnings(sources[f"case:{c.id}"])]
    return atlas


def _read(path: Path, root: Path, errors: list[AtlasError]) -> Source | None:
    try:
        return read_yaml(path, display=_display(path, root))
    except AtlasErrors as exc:
        errors += exc.errors
        return None


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def validate(source: Source, shape: Any, errors: list[AtlasError]) -> Any:
    """Validate a source against a model or type; append one AtlasError per problem."""
    try:
        return TypeAdapter(shape).validate_python(source.data)
    except ValidationError as exc:
        missing = {tuple(e["loc"]) for e in exc.errors() if e["type"] == "missing"}
        found = [(tuple(err["loc"]), *explain(err, shape, missing)) for err in exc.errors()]
        # A misspelt field is also a missing one: report only the misspelling.
        meant = {(*loc[:-1], hint.split("'")[1]) for loc, message, hint in found
                 if message.startswith("unknown field") and hint.startswith("did you mean")}
        errors += [source.error(loc, message, hint) for loc, message, hint in found
                   if not (loc in meant and message == "required field is missing")]
        return None


def explain(err: Any, shape: Any, missing: set[tuple] = frozenset()) -> tuple[str, str]:
    """Turn one pydantic error into words an author understands, with a hint."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    parent = model_at(shape, loc[:-1])
    name = loc[-1] if loc else ""
    fields = list(parent.model_fields) if parent else []
    if kind == "extra_forbidden":  # a required field that is absent is the likeliest meaning
        absent = [m[-1] for m in missing if m[:-1] == loc[:-1]]
        near = difflib.get_close_matches(str(name), absent, n=1, cutoff=0.3) or \
            difflib.get_close_matches(str(name), fields, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else "allowed: " + ", ".join(fields)
        return f"unknown field {name!r}", hint
    if kind == "missing":
        info = parent.model_fields.get(str(name)) if parent else None
        return "required field is missing", f"add {name}: {info.description}" if info and \
            info.description else f"add {name}:"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (key: value lines), got {_kind_of(value)}", ""
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), got {_kind_of(value)}", ""
    if kind in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        choices = [c.strip(" '") for c in expected.replace(" or ", ", ").split(",")]
        near = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = f"did you mean {near[0]!r}?" if near else f"one of {expected}"
        return f"{value!r} is not allowed", hint
    if kind == "string_pattern_mismatch":
        if err["ctx"]["pattern"] == SLUG_PATTERN:
            return f"{value!r} has the wrong form", ("use lower-case letters, digits and "
                                                    "hyphens, e.g. 'case-01-hip-nho'")
        info = parent.model_fields.get(str(name)) if parent else None
        return f"{value!r} has the wrong form", info.description if info and info.description \
            else f"must match {err['ctx']['pattern']}"
    if kind in ("float_parsing", "int_parsing", "float_type", "int_type"):
        return f"{value!r} is not a number", "write a number, e.g. 6 or 0.5"
    if kind == "value_error":
        return err["msg"].removeprefix("Value error, "), ""
    bounds = {"less_than_equal": ("large", "at most", "le"), "less_than": ("large", "below", "lt"),
              "greater_than_equal": ("small", "at least", "ge"),
              "greater_than": ("small", "above", "gt")}
    if kind in bounds:
        size, word, key = bounds[kind]
        return f"{value!r} is too {size}", f"write a number {word} {err['ctx'][key]:g}"
    if kind == "string_type" and isinstance(value, bool | int | float | date):
        return (f"expected text, but YAML read {_kind_of(value)}",
                "put the value in quotes: YAML reads Yes/No/True/False/On/Off, numbers and "
                "dates as values, not text")
    if kind == "bool_parsing" or kind == "bool_type":
        return f"{value!r} is not true or false", "write true or false"
    if kind == "too_short":
        return "the list is empty", "give at least one entry"
    return err["msg"], f"got {_kind_of(value)}" if kind.endswith("_type") else ""


def _kind_of(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"


def model_at(shape: Any, loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that holds the field at ``loc``, following lists, dicts and Optionals."""
    current = shape
    for part in (*loc, None):
        current = _unwrap(current)
        if part is None:
            break
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif typing.get_origin(current) in (list, tuple):
            current = typing.get_args(current)[0]
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional so the walk sees the real type."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0]
        else:
            return tp
