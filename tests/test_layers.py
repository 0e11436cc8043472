"""The package's imports run one way: each layer imports only from the layers below it.

A newcomer finds "add a modality", "add a question kind", "change the case page", "add an
export" or "change CT noise" from the folder names, and can change a layer knowing that
nothing below it depends on it. Imports under ``if TYPE_CHECKING:`` are annotations only
and do not count.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "builder"
LAYERS = [  # lowest first
    ("builder.errors", "builder.progress", "builder.storage", "builder.markup",
     "builder.illustrate"),
    ("builder.questions.kinds",),  # the model asks each kind for its rules
    ("builder.model",),
    ("builder.atlas",),
    ("builder.source",),
    ("builder.pictures",),
    ("builder.questions",),
    ("builder.checks",),
    ("builder.export",),
    ("builder.site",),
    ("builder.mkdocs",),
    ("builder.cli",),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    for n, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return n
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")


def runtime_imports(path: Path) -> set[str]:
    """The builder modules a file imports when it runs (at the top or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and "TYPE_CHECKING" in ast.unparse(block.test)
                   for node in ast.walk(block)}
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found |= {n for n in names if n.startswith("builder") and n in MODULES}
    return found


def parents(module: str) -> list[str]:
    """The packages Python runs before ``module`` (builder.questions for its kinds)."""
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(2, len(parts))
            if ".".join(parts[:n]) in MODULES]


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "__init__.py"}
GRAPH = {name: runtime_imports(path) - {name} for name, path in MODULES.items()}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_down_or_sideways(module: str) -> None:
    up = [other for other in GRAPH[module] if layer(other) > layer(module)]
    assert not up, f"{module} (layer {layer(module)}) imports from above: {up}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_parent_packages_import_nothing_from_above(module: str) -> None:
    """Importing a module runs its packages' __init__ first: a package that holds a lower
    layer (builder.questions holds the kinds) must not import from above that layer."""
    up = [(package, other) for package in parents(module) for other in GRAPH[package]
          if layer(other) > layer(module)]
    assert not up, f"importing {module} runs imports from above it: {up}"


def test_no_import_cycles() -> None:
    """A cycle hides an import inside a function; every module must be importable on its
    own, so the graph of runtime imports has no cycle (package __init__s count as their
    package)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for other in sorted(GRAPH[name]):
            if other.startswith(name + "."):
                continue  # a package's __init__ gathering its own modules
            if state.get(other) == 1:
                cycle = stack[stack.index(other):] + [other]
                raise AssertionError("import cycle: " + " → ".join(cycle))
            if other not in state:
                visit(other)
        stack.pop()
        state[name] = 2

    for name in sorted(GRAPH):
        if name not in state:
            visit(name)


def test_the_layers_name_every_package() -> None:
    assert {layer(m) for m in MODULES} == set(range(len(LAYERS)))
