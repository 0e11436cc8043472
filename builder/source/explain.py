"""Pydantic's validation errors in words an educator understands, each with a hint."""
from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel

from builder.model import SLUG_PATTERN
from builder.source.hints import did_you_mean


def explain(err: Any, shape: Any, missing: set[tuple] = frozenset()) -> tuple[str, str]:
    """Turn one pydantic error into words an author understands, with a hint."""
    kind, loc, value = err["type"], tuple(err["loc"]), err.get("input")
    parent = model_at(shape, loc[:-1])
    name = loc[-1] if loc else ""
    fields = list(parent.model_fields) if parent else []
    if kind == "extra_forbidden":  # a required field that is absent is the likeliest meaning
        absent = [m[-1] for m in missing if m[:-1] == loc[:-1]]
        hint = did_you_mean(str(name), absent, 0.3) or did_you_mean(str(name), fields, 0.6) \
            or "allowed: " + ", ".join(fields)
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
        hint = did_you_mean(str(value), choices) or f"one of {expected}"
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
    if kind == "atlas":  # builder.model.base.rule_error: the model's own words and hint
        return err["ctx"]["message"], err["ctx"]["hint"]
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
