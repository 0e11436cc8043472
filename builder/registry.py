"""Registries: the variants of one thing (question kinds, export formats) are the modules of
one package, each with a module-level object that names itself, so adding one is adding a
module, and nothing lists them by hand."""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import Protocol, TypeVar


class Named(Protocol):
    name: str


T = TypeVar("T", bound=Named)


def discover(package: str, path: Iterable[str], attribute: str, kind: type[T]) -> dict[str, T]:
    """{name: object} for each module of ``package`` (at ``path``, its ``__path__``) whose
    ``attribute`` is a ``kind``, in the order of the modules' names."""
    found: dict[str, T] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(list(path))):
        value = getattr(importlib.import_module(f"{package}.{module}"), attribute, None)
        if isinstance(value, kind):
            found[value.name] = value
    return found
