"""JSON Schemas of the authoring format, for editors that check YAML as the educator types.

Case files start with ``# yaml-language-server: $schema=../schema/case.schema.json``, so VS Code
(with the YAML extension) and other editors complete field names and flag mistakes. The
schemas are generated from the pydantic models; a test fails when the committed ones are stale.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from builder.model import Case, Quiz

SCHEMAS: dict[str, type[BaseModel]] = {"case": Case, "quiz": Quiz}


def schema_text(model: type[BaseModel], name: str) -> str:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema",
              "$id": f"{name}.schema.json", **model.model_json_schema()}
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(model, name), encoding="utf-8")
        written.append(path)
    return written
