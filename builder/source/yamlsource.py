"""Safe YAML reading that remembers where every value came from.

PyYAML's node tree carries line marks but its Python objects do not, and pydantic's errors
name a path (``studies[2].modality``), not a line. This module builds plain Python data
from the node tree itself, recording the line of every path, and refuses what has no place
in an authored record: duplicate keys, aliases that expand without end (the "billion laughs"
bomb; an alias that reuses a block is fine), custom tags
such as ``!!python/object``, non-UTF-8 bytes, tabs and oversized files.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.errors import AtlasError, AtlasErrors, file_kind_problem, os_problem

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 1_000_000
MAX_VALUES = 100_000  # after alias expansion: a "billion laughs" file stops here
SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
}
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
Path_ = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed YAML file: its data and the (line, column) of each path in it."""

    file: str
    data: Any
    lines: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_) -> tuple[int, int]:
        """Line and column of the deepest part of ``path`` that exists in the file."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1, 0

    def line(self, path: Path_) -> int:
        return self.position(path)[0]

    def error(self, path: Path_, message: str, hint: str = "") -> AtlasError:
        line, column = self.position(path)
        return AtlasError(self.file, line, format_path(path), message, hint, column)


def strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string in parsed YAML data, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))


def format_path(path: Path_) -> str:
    """``('studies', 2, 'modality')`` → ``studies[2].modality``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def read_yaml(path: Path, display: str) -> Source:
    """Parse one file; raise AtlasErrors naming the file and line of each problem."""

    def fail(line: int, message: str, hint: str = "", column: int = 0) -> AtlasErrors:
        return AtlasErrors([AtlasError(display, line, "", message, hint, column)])

    kind = file_kind_problem(path)
    if kind:
        raise fail(0, f"the file {kind[0]}", kind[1])
    try:
        raw = path.read_bytes()
    except OSError as exc:
        what, hint = os_problem(exc)
        raise fail(0, f"cannot read file: {what}", hint) from None
    if len(raw) > MAX_BYTES:
        raise fail(0, f"file is {len(raw):,} bytes", f"a record is at most {MAX_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - raw.rfind(b"\n", 0, exc.start)
        raise fail(line, "the file is not valid UTF-8 text", "save it as UTF-8", column) from None
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as exc:
        raise AtlasErrors([_syntax_error(display, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise fail(1, f"YAML syntax: {exc}") from None
    if node is None:
        raise fail(1, "the file is empty", "expected a YAML record; see the authoring guide")
    source = Source(display, None)
    errors: list[AtlasError] = []
    try:
        source.data = _build(node, (), source, errors, (), [0])
    except _TooBig as exc:
        errors.append(source.error(exc.path[:1], f"the document expands to more than "
                                   f"{MAX_VALUES:,} values", "YAML aliases inside aliases?"))
    if errors:
        raise AtlasErrors(errors)
    return source


def _syntax_error(display: str, text: str, exc: yaml.MarkedYAMLError) -> AtlasError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = (exc.problem or "").strip()
    source_line = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    hint = "indent with spaces, not tabs" if "\t" in source_line else (
        "check indentation, colons and quotes on this line and above:"
        " an unclosed quote shows up lines later")
    return AtlasError(display, line, "", f"YAML syntax: {problem}", hint,
                      mark.column + 1 if mark else 0)


class _TooBig(Exception):
    def __init__(self, path: Path_):
        self.path = path


def _where(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _build(node: yaml.Node, path: Path_, src: Source, errors: list[AtlasError],
           ancestors: tuple[int, ...], count: list[int]) -> Any:
    """Turn a node into Python data, recording lines and collecting refusals.

    Aliases arrive as shared nodes: each use is expanded, within a budget of values, and an
    alias to one of its own ancestors (a cycle) is refused.
    """
    src.lines.setdefault(path, _where(node))
    count[0] += 1
    if count[0] > MAX_VALUES:
        raise _TooBig(path)
    if id(node) in ancestors:
        errors.append(src.error(path, "a YAML alias refers to a block that contains it",
                                "write the value out in full"))
        return None
    ancestors = (*ancestors, id(node))
    if node.tag not in SAFE_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        errors.append(src.error(path, f"the YAML tag {tag!r} is not allowed",
                                "remove the '!' tag; plain values only"))
        return None
    if isinstance(node, yaml.ScalarNode):
        return _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), src, errors, ancestors, count)
                for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            errors.append(src.error(path, "YAML merge keys (<<) are not allowed",
                                    "write the fields out in full"))
            continue
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            errors.append(src.error(path, "a key must be a plain word"))
            continue
        child = (*path, key)
        if key in result:
            src.lines[child] = _where(key_node)
            errors.append(src.error(child, f"duplicate key {key!r}",
                                    f"it is already given on line {src.line((*path, key, ''))}"))
            continue
        src.lines[(*path, key, "")] = src.lines[child] = _where(key_node)
        result[key] = _build(value_node, child, src, errors, ancestors, count)
    return result

