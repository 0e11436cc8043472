"""The registry of question kinds: every module in this folder with a module-level ``KIND``.

Adding a kind is one module here (a subclass of builder.questions.kinds.base.Kind) and its
template in builder/site/templates (and its script in builder/site/assets if quiz.js's choice
handler does not serve it): the model, the pages, the handout, the exports, the scripts a
page loads and the JSON Schema all read this registry. See content/authoring/questions.md.
"""
from __future__ import annotations

import importlib
import pkgutil

from builder.questions.kinds.base import ANSWER_FIELDS, Kind

__all__ = ["ANSWER_FIELDS", "KINDS", "Kind", "kind"]


def _discover() -> dict[str, Kind]:
    found = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        kind = getattr(importlib.import_module(f"{__name__}.{module}"), "KIND", None)
        if isinstance(kind, Kind):
            found[kind.name] = kind
    return found


KINDS: dict[str, Kind] = _discover()


def kind(name: str) -> Kind:
    """The kind a question names (the model has checked the name)."""
    return KINDS[str(name)]
