"""The registry: a package's modules that define an object of a kind, found by name."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from builder.registry import discover


@dataclass
class Thing:
    name: str


def test_discover_finds_each_module_with_the_attribute_in_name_order(tmp_path: Path,
                                                                     monkeypatch) -> None:
    package = tmp_path / "things"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "b.py").write_text("from test_registry import Thing\nTHING = Thing('bee')\n")
    (package / "a.py").write_text("from test_registry import Thing\nTHING = Thing('ant')\n")
    (package / "helper.py").write_text("THING = 'not a Thing'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = discover("things", [str(package)], "THING", Thing)
    finally:
        for name in [n for n in sys.modules if n == "things" or n.startswith("things.")]:
            del sys.modules[name]
    assert list(found) == ["ant", "bee"]
