"""The hostile corpus: an atlas in which EVERY authored text field carries every attack.

The fields are not listed by hand: they are read from the models (builder.model), so a field
added tomorrow is attacked tomorrow, and ``missing_fields`` fails a test until the fixture
gives it a place. Each field gets a marker naming it, then every payload: script tags, event
handlers, javascript: and data: links (plain and entity-encoded), iframes, style sheets,
attr_list attributes, attribute break-outs, entities with and without their ';' (``&lt``,
``&#60``, ``&#x3c``), newlines, Markdown reference definitions and code. Shared by the build
test (tests/site/test_hostile.py), the browser test (tests/e2e/test_hostile_browser.py) and
the export test (tests/export/test_hostile_exports.py).

Remote and protocol-relative media are not here: the one check refuses them in any field
(``REFUSED``, tests/site/test_hostile.py), so a site holding them is never built.
"""
from __future__ import annotations

import itertools
import re
import types
import typing
from html.parser import HTMLParser
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from PIL import Image
from pydantic import BaseModel, TypeAdapter, ValidationError

from builder.markup.sanitize import escape_markup
from builder.model import Case, Quiz
from builder.source.load import DATA_FILES
from support import ROOT, make_fixture_atlas

TOOLTIPS = "content.tooltips" in (ROOT / "mkdocs.yml").read_text()

# Each payload is one attack; a field gets all of them after a marker naming the field.
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    "[click2](JaVaScRiPt:window.__pwned=3)",
    "[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0zPC9zY3JpcHQ+)",
    "![pic](javascript:window.__pwned=3)",
    '<iframe src="https://example.com"></iframe>',
    "<style>body{display:none}</style>",
    '[styled](https://example.com){: onclick="window.__pwned=4" style="display:none" }',
    '_emphasis_{: onmouseover="window.__pwned=4" }',
    '" onmouseover="window.__pwned=5" data-pwned="',  # breaks out of an unescaped attribute
    "</title><script>window.__pwned=6</script>",
    '[titled](https://example.com "<img src=x onerror=window.__pwned=7>")',  # a title
    "<!-- comment --> {{ 7 * 191 }}",  # 1337 on the page would mean a template ran it
    '{: onclick="window.__pwned=4" }',  # attr_list at the end of the element
    '{: style="display:none" }',
    # entities without their ';', which a lenient decoder turns into '<'
    "&ltimg src=x onerror=window.__pwned=8>",
    "&#60img src=x onerror=window.__pwned=8>",
    "&#x3cimg src=x onerror=window.__pwned=8>",
    "&LT;svg onload=window.__pwned=9>",
    "&#0000060;script>window.__pwned=9&#0000060;/script>",
    "<svg/onload=window.__pwned=10>",
    '"><img src=x onerror=window.__pwned=11>',
    "'><img src=x onerror=window.__pwned=11>",
    "[click3](javascript&colon;window.__pwned=12)",
    "[click4](&#106;avascript:window.__pwned=12)",
    "<javascript:window.__pwned=13>",
    "[click5][hostile-ref]",
    "![svg](data:image/svg+xml;base64,PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIG9u"
    "bG9hZD0nd2luZG93Ll9fcHduZWQ9MTQnLz4=)",
    "`<script>window.__pwned=15</script>`",
    "[@ref-a]",  # fields that must cite still do
]
BLOCK = ('\n\n{: onclick="window.__pwned=4" style="display:none" }'  # a block's own line
         "\n\n[hostile-ref]: javascript:window.__pwned=16"  # a reference definition
         "\n\n<script>\nwindow.__pwned=17\n</script>")  # HTML across lines
REFUSED = [
    "![x](https://tracker.example/p.png)", "![x](//tracker.example/p.png)",
    "![x](\\\\tracker.example\\p.png)", "![x](/\\tracker.example/p.png)",
    "![x]( \thttps://tracker.example/p.png)", "![x](&#x2F;&#x2F;tracker.example/p.png)",
    "![x][t]\n\n[t]: https://tracker.example/p.png", "![t]\n\n[T]: //tracker.example/p.png",
    "![x](HTTPS://tracker.example/p.png)", "![x](ftp://tracker.example/p.png)",
]
"""Media from another site: the one check refuses each, in any field."""


def hostile(marker: str, block: bool = False) -> str:
    return f"{marker} " + " ".join(PAYLOADS) + (BLOCK if block else "")


# --- every authored text field, from the models --------------------------------------------

def _is_text(metadata: typing.Iterable[Any]) -> bool:
    return any(getattr(m, "func", None) is escape_markup for m in metadata)


def _parts(tp: Any) -> tuple[Any, list[Any]]:
    """(the type without Annotated and None, the metadata met on the way)."""
    metadata: list[Any] = []
    while True:
        if get_origin(tp) is Annotated:
            tp, *more = get_args(tp)
            metadata += more
        elif get_origin(tp) in (Union, types.UnionType):
            options = [a for a in get_args(tp) if a is not type(None)]
            if len(options) != 1:
                return tp, metadata
            tp = options[0]
        else:
            return tp, metadata


def _shape(tp: Any, metadata: list[Any]) -> tuple[str, Any]:
    """('text' | 'list' | 'dict' | 'model' | 'other', the item's type for list/dict)."""
    tp, more = _parts(tp)
    metadata = [*metadata, *more]
    if _is_text(metadata):
        return "text", None
    if get_origin(tp) in (list, dict):
        return get_origin(tp).__name__, get_args(tp)[-1]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return "model", tp
    return "other", None


def text_fields(model: type[BaseModel], seen: set | None = None) -> set[str]:
    """'Model.field' of every authored text field reachable from ``model``."""
    seen = set() if seen is None else seen
    found: set[str] = set()
    if model in seen:
        return found
    seen.add(model)
    for name, field in model.model_fields.items():
        kind, item = _shape(field.annotation, field.metadata)
        if kind in ("list", "dict"):
            kind, item = _shape(item, [])
        if kind == "text":
            found.add(f"{model.__name__}.{name}")
        elif kind == "model":
            found |= text_fields(item, seen)
    return found


SHAPES: dict[str, Any] = {**{f"content/data/{n}.yaml": s for n, s in DATA_FILES.items()},
                          "cases/case-test.yaml": Case, "content/data/quizzes/topic.yaml": Quiz}


def all_text_fields() -> set[str]:
    found: set[str] = set()
    for shape in SHAPES.values():
        model = get_args(shape)[0] if get_origin(shape) is list else shape
        found |= text_fields(model)
    return found


class Poisoner:
    """Puts ``hostile`` text into every text field of a record that stays valid with it."""

    def __init__(self, text=hostile) -> None:
        self.markers: dict[str, str] = {}  # marker -> Model.field
        self.counter = itertools.count(1)
        self.text = text

    def file(self, data: Any, shape: Any) -> None:
        adapter = TypeAdapter(shape)
        if get_origin(shape) is list:
            for item in data:
                self.record(item, get_args(shape)[0], lambda: adapter.validate_python(data))
        else:
            self.record(data, shape, lambda: adapter.validate_python(data))

    def record(self, data: dict, model: type[BaseModel], validate) -> None:
        for name, field in model.model_fields.items():
            kind, item = _shape(field.annotation, field.metadata)
            label = f"{model.__name__}.{name}"
            if kind == "text":
                self.put(data, name, label, validate)
            elif kind in ("list", "dict"):
                item_kind, inner = _shape(item, [])
                if name not in data and kind == "list" and item_kind == "text":
                    data[name] = ["Placeholder."]  # an empty list's field, given an item
                    if not self.put(data[name], 0, label, validate):
                        del data[name]
                    continue
                if name not in data:
                    continue
                keys = range(len(data[name])) if kind == "list" else list(data[name])
                for key in keys:
                    if item_kind == "text":
                        self.put(data[name], key, label, validate)
                    elif item_kind == "model":
                        self.record(data[name][key], inner, validate)
            elif kind == "model" and isinstance(data.get(name), dict):
                self.record(data[name], item, validate)

    def put(self, data: Any, key: Any, label: str, validate) -> bool:
        had = key in data if isinstance(data, dict) else True
        old = data[key] if had else None
        marker = f"HOSTILE{next(self.counter):03d}"
        for block in (True, False):
            data[key] = self.text(marker, block)
            try:
                validate()
            except ValidationError:
                continue
            self.markers[marker] = label
            return True
        if had:
            data[key] = old
        else:
            del data[key]
        return False


def missing_fields(markers: dict[str, str]) -> set[str]:
    """Text fields of the models that the hostile atlas does not attack."""
    return all_text_fields() - set(markers.values())


def build_hostile_atlas(root: Path, text=hostile) -> dict[str, str]:
    """Write the hostile atlas at root; return {marker: 'Model.field'} of every field it
    poisons (each marker is unique, so a page showing it shows that field). ``text(marker,
    block)`` makes each field's text."""
    make_fixture_atlas(root)
    Image.new("RGB", (64, 48), "grey").save(root / "images" / "real.png")
    poisoner = Poisoner(text)
    for name, shape in SHAPES.items():
        path = root / name
        data = yaml.safe_load(path.read_text())
        if name.startswith("cases/"):
            give_every_part(data)
        elif name.endswith("topic.yaml"):
            data["intro"] = "Intro."
            data["questions"][0]["topic"] = "Topic."
        poisoner.file(data, shape)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6))
    return poisoner.markers


def give_every_part(case: dict) -> None:
    """Add to the fixture case a record of each optional kind, so each field has a place."""
    study = case["studies"][0]
    study["figures"][0]["annotations"] = [
        {"shape": "ellipse", "at": [0.5, 0.5], "size": [0.1, 0.1], "label": "Mark."}]
    study["figures"].append({
        "id": "fig1b", "number": "1b", "caption": "Real.", "alt": "Real.",
        "image": "images/real.png", "provenance": {
            "source": "Test.", "licence": "CC BY 4.0", "deidentified_with_consent": True,
            "deidentification": "None needed."}})
    course = case["treatments"][0]
    course["duration"] = {"weeks": course.pop("weeks"), "note": "Note."}
    course["adverse_events"] = [{"onset": {"days": 4}, "what": "What.", "detail": "Detail."}]
    case["questions"] += [
        {"id": "q2", "kind": "ordering", "stem": "Order?", "items": ["A.", "B.", "C."],
         "explanation": "So [@ref-a].", "references": ["ref-a"], "topic": "Topic."},
        {"id": "q3", "kind": "hotspot", "stem": "Where?", "hotspot": {
            "scene": {"view": "ct-axial", "lesions": [
                {"site": "anterior", "side": "right", "maturity": 0.9, "extent": "extensive"}]},
            "alt": "A picture.", "region": "lesion 1", "label": "The lesion."},
         "explanation": "So [@ref-a].", "references": ["ref-a"]},
        {"id": "q4", "kind": "multiple", "stem": "Which?", "options": [
            {"text": "One.", "correct": True, "feedback": "Yes."},
            {"text": "Two.", "feedback": "No."}],
         "explanation": "So [@ref-a].", "references": ["ref-a"]},
    ]


# --- what the attacks must never become ----------------------------------------------------


class Live(HTMLParser):
    """Collects what would run or restyle: the markup the payloads must not become."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._in: str | None = None
        self._nav_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"line {self.getpos()[0]}: <{tag}>"
        if tag in ("iframe", "frame", "object", "embed"):
            self.found.append(f"{where} element")
        if tag in ("script", "style"):
            self._in = tag
        if tag == "span" and "md-ellipsis" in (dict(attrs).get("class") or ""):
            self._nav_title = True
        for name, value in attrs:
            value = value or ""
            squashed = "".join(value.split()).lower()
            if name.startswith("on") and "__pwned" in value:
                self.found.append(f"{where} {name}={value!r}")
            elif name == "style" and "display:none" in squashed:
                self.found.append(f"{where} style={value!r}")
            elif name in ("href", "src", "xlink:href", "action", "formaction", "data") and (
                    squashed.startswith(("javascript:", "data:text/html", "vbscript:"))):
                self.found.append(f"{where} {name}={value!r}")
            elif name == "src" and value == "x":
                self.found.append(f"{where} src=x (the injected image)")
            elif name == "data-pwned":
                self.found.append(f"{where} attribute break-out {name}")
            elif name not in ("href", "src", "srcset") and re.search(r"<[A-Za-z/!?]", value):
                self.found.append(f"{where} {name}={value[:50]!r}... (a script may show an "
                                  f"attribute as HTML: the lightbox, Material's tooltips)")
            elif name == "title" and TOOLTIPS and "<" in value:
                self.found.append(f"{where} title={value[:50]!r}... (a tooltip shows it as "
                                  f"HTML)")
            if name in ("alt", "title", "aria-label", "content"):
                self.text.append(value)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == self._in:  # <script … /> and <style/> have no content
            self._in = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None
        if tag == "span":
            self._nav_title = False

    def handle_data(self, data: str) -> None:
        if self._in == "script" and "__pwned" in data:
            self.found.append(f"line {self.getpos()[0]}: script {data.strip()[:60]!r}")
        elif self._in == "style" and "body{display:none}" in "".join(data.split()):
            self.found.append(f"line {self.getpos()[0]}: style sheet {data.strip()[:60]!r}")
        elif self._in is None:
            self.text.append(data)
            if self._nav_title and TOOLTIPS and "<" in data:
                self.found.append(f"line {self.getpos()[0]}: navigation title "
                                  f"{data.strip()[:50]!r}... (a tooltip shows it as HTML)")


def live(html: str) -> list[str]:
    """What in ``html`` would run or restyle, as found by ``Live``."""
    parser = Live()
    parser.feed(html)
    parser.close()
    return parser.found
