"""Load the atlas: YAML files → validated models, with every problem reported at once.

Each problem is an ``AtlasError`` that names the file, the line and the field, and says what
would be right, so an educator can fix a case without reading Python.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from builder.atlas import Atlas
from builder.errors import AtlasError, AtlasErrors
from builder.model import (
    Case,
    Differential,
    Explorer,
    GlossaryTerm,
    KeyPoint,
    Modality,
    Quiz,
    Reference,
)
from builder.source.explain import explain
from builder.source.yamlsource import Source, read_yaml

DATA_FILES: dict[str, Any] = {
    "modalities": list[Modality],
    "references": list[Reference],
    "glossary": list[GlossaryTerm],
    "key-points": list[KeyPoint],
    "explorer": Explorer,
    "differential": Differential,
}
OPTIONAL_DATA = frozenset({"differential"})  # an atlas may have no "DVT or NHO?" page


def read_atlas(root: Path, cases_dir: str = "cases", data_dir: str = "content/data",
               pages_dir: str = "content") -> tuple[Atlas, list[AtlasError]]:
    """Every record under ``root`` that is valid on its own, and a problem for each one that
    is not. What no single record can know (unknown references, time order, pictures) is
    for builder.checks, which runs over whatever loaded here."""
    errors: list[AtlasError] = []
    data: dict[str, Any] = {}
    sources: dict[str, Source] = {}
    for name, shape in DATA_FILES.items():
        path = root / data_dir / f"{name}.yaml"
        if name in OPTIONAL_DATA and not path.exists():
            continue
        source = _read(path, root, errors)
        value = validate(source, shape, errors) if source else None
        if value is not None:  # a broken file is reported, not half-used
            data[name] = value
            sources[name] = source

    cases, unloaded = [], set()
    for path in sorted((root / cases_dir).glob("*.yaml")):
        source = _read(path, root, errors)
        case = validate(source, Case, errors) if source else None
        if case is None:
            unloaded.add(path.stem)
            if source:  # its references and modalities are still checked
                sources[f"unloaded:{path.stem}"] = source
            if source and isinstance(source.data, dict) and isinstance(source.data.get("id"), str):
                unloaded.add(source.data["id"])
        else:
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
        differential=data.get("differential"),
        sources=sources,
        unloaded_cases=unloaded,
        pages_dir=pages_dir,
    )
    return atlas, errors


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


