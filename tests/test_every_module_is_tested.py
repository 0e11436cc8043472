"""Every module of the builder is exercised by a test of its own: a test file imports it (or
runs it with ``python -m``), so that a module that breaks fails a test that names it, not
only a build somewhere downstream. builder/illustrate/ has its own tests (tests/illustrate)."""
from __future__ import annotations

import ast
import re

from support import ROOT

TESTS = ROOT / "tests"
OWN_TESTS = ("builder.illustrate",)  # tested by tests/illustrate/, kept by its own engineer


def modules() -> set[str]:
    """Every module of the builder with code in it (a package __init__ that is only a
    docstring has nothing to test)."""
    found = set()
    for path in (ROOT / "builder").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        body = ast.parse(path.read_text(encoding="utf-8")).body
        if len(body) > 1 or (body and not isinstance(body[0], ast.Expr)):
            found.add(name)
    return {m for m in found if not m.startswith(OWN_TESTS)}


def imported_by_tests() -> set[str]:
    """The modules test files import (at the top or in a test) or run as ``python -m``."""
    found = set()
    for path in TESTS.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
        found |= set(re.findall(r'"-m", "(builder[\w.]*)"', text))
        found |= {f"{m}.__main__" for m in re.findall(r'"-m", "(builder[\w.]*)"', text)}
    return found


def test_every_module_is_imported_by_a_test() -> None:
    untested = sorted(modules() - imported_by_tests())
    assert not untested, f"no test imports {untested}: add a test beside its package's tests"


def test_the_tests_mirror_the_package() -> None:
    """Each package of the builder has its folder of tests."""
    packages = {p.parent.relative_to(ROOT / "builder").parts[0]
                for p in (ROOT / "builder").rglob("*/__init__.py")}
    assert packages <= {p.name for p in TESTS.iterdir() if p.is_dir()}
