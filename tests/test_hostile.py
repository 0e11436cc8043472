"""Hostile authored text is shown, never run: a case file cannot inject markup or script.

A copy of the fixture atlas gets, in many different fields of every kind of record, script
tags, event handlers, javascript: and data: links, an iframe, a style sheet, attr_list
attributes (``{: onclick=… }``, ``{: style=… }``) and quote break-outs of attributes. The
site is built; no page may contain any of it as live markup, and each field's text must
still be on the page (escaped, not silently dropped). tests/e2e/test_hostile.py loads the
same pages in Chromium.

The last test feeds every entry of the bad-input corpus (tests/data/bad) to ``atlas build``
over a site built before: each must fail cleanly and leave that site byte for byte.
"""
from __future__ import annotations

import hashlib
import shutil
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from support import DATA, ROOT, make_fixture_atlas, run_atlas

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
]
BLOCK_ATTRS = '\n\n{: onclick="window.__pwned=4" style="display:none" }'  # a block's own line


def hostile(marker: str, block: bool = False) -> str:
    return f"{marker} " + " ".join(PAYLOADS) + (BLOCK_ATTRS if block else "")


def cited(text: str) -> str:
    """``text`` citing a source before its block attributes: a question's explanation must."""
    body, attrs = (text[:-len(BLOCK_ATTRS)], BLOCK_ATTRS) if text.endswith(BLOCK_ATTRS) \
        else (text, "")
    return f"{body} [@ref-a]{attrs}"


def _inject(data: Any, path: tuple, marker: str, block: bool = False) -> str:
    *parents, last = path
    for key in parents:
        data = data[key]
    data[last] = hostile(marker, block)
    if last == "explanation":
        data[last] = cited(data[last])
    return marker


def build_hostile_atlas(root: Path) -> list[str]:
    """Write the hostile atlas at root; return the markers of every field it poisons."""
    make_fixture_atlas(root)

    def edit(name: str, change: Any) -> None:
        path = root / name
        data = yaml.safe_load(path.read_text())
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6))

    markers: list[str] = []

    def case(data: dict) -> None:
        data["events"][0]["detail"] = "Detail."
        data["studies"][0]["at"]["note"] = "Note."
        for path, block in [
            (("title",), False), (("summary",), True), (("outcome",), True),
            (("injury", "summary"), True), (("injury", "cause"), False),
            (("presentation", 0), False), (("studies", 0, "region"), False),
            (("studies", 0, "reason"), False), (("studies", 0, "findings"), False),
            (("studies", 0, "at", "note"), False),
            (("studies", 0, "figures", 0, "caption"), False),
            (("studies", 0, "figures", 0, "alt"), False),
            (("events", 0, "label"), False), (("events", 0, "detail"), False),
            (("treatments", 0, "name"), False), (("treatments", 0, "response"), False),
            (("teaching_points", 0), False),
            (("questions", 0, "stem"), False), (("questions", 0, "options", 1, "text"), False),
            (("questions", 0, "options", 0, "feedback"), False),
            (("questions", 0, "explanation"), True),
        ]:
            markers.append(_inject(data, path, "CASE-" + "-".join(map(str, path)).upper(),
                                   block))
        data["discrepancies"] = [hostile("CASE-DISCREPANCY")]
        markers.append("CASE-DISCREPANCY")

    def quiz(data: dict) -> None:
        data["intro"] = hostile("QUIZ-INTRO", block=True)
        markers.append("QUIZ-INTRO")
        single = {"id": "q2", "kind": "single", "stem": hostile("QUIZ-STEM"),
                  "options": [{"text": hostile("QUIZ-OPTION"), "correct": True,
                               "feedback": hostile("QUIZ-FEEDBACK")},
                              {"text": "Other", "feedback": "No."}],
                  "explanation": cited(hostile("QUIZ-EXPLANATION", block=True)),
                  "references": ["ref-a"],
                  "topic": hostile("QUIZ-TOPIC")}
        data["questions"].append(single)
        markers.extend(["QUIZ-STEM", "QUIZ-OPTION", "QUIZ-FEEDBACK", "QUIZ-EXPLANATION"])
        markers.append(_inject(data, ("questions", 0, "options", 1, "feedback"),
                               "QUIZ-TF-FEEDBACK"))

    def references(data: list) -> None:
        for field in ("title", "authors", "journal"):
            markers.append(_inject(data, (0, field), f"REF-{field.upper()}"))
        data[0]["details"] = hostile("REF-DETAILS")
        markers.append("REF-DETAILS")

    def glossary(data: list) -> None:
        markers.append(_inject(data, (0, "definition"), "GLOSSARY-DEFINITION"))
        markers.append(_inject(data, (0, "expansion"), "GLOSSARY-EXPANSION"))

    def key_points(data: list) -> None:
        markers.append(_inject(data, (0, "text"), "KEYPOINT-TEXT", block=True))

    def modalities(data: list) -> None:
        markers.append(_inject(data, (0, "appearance"), "MODALITY-APPEARANCE", block=True))
        markers.append(_inject(data, (0, "stages", "early"), "MODALITY-STAGE"))
        markers.append(_inject(data, (0, "name"), "MODALITY-NAME"))

    def explorer(data: dict) -> None:
        markers.append(_inject(data, ("intro",), "EXPLORER-INTRO", block=True))
        markers.append(_inject(data, ("steps", 0, "note"), "EXPLORER-NOTE"))

    edit("cases/case-test.yaml", case)
    edit("content/data/quizzes/topic.yaml", quiz)
    edit("content/data/references.yaml", references)
    edit("content/data/glossary.yaml", glossary)
    edit("content/data/key-points.yaml", key_points)
    edit("content/data/modalities.yaml", modalities)
    edit("content/data/explorer.yaml", explorer)
    return markers


# Material's content.tooltips shows an element's title, and a navigation title too long for
# its sidebar, as HTML (innerHTML): there a '<' in the text is markup.
TOOLTIPS = "content.tooltips" in (ROOT / "mkdocs.yml").read_text()


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


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = tmp_path_factory.mktemp("hostile") / "atlas"
    markers = build_hostile_atlas(root)
    result = run_atlas("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site", markers


def live_markup(site: Path) -> tuple[dict[str, list[str]], str]:
    found, text = {}, []
    for page in sorted(site.rglob("*.html")):
        parser = Live()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        if parser.found:
            found[page.relative_to(site).as_posix()] = parser.found
        text += parser.text
    return found, " ".join(text)


def test_no_payload_becomes_live_markup(hostile_site: tuple[Path, list[str]]) -> None:
    site, _ = hostile_site
    found, _ = live_markup(site)
    lines = [f"{page}: {item}" for page, items in found.items() for item in items]
    if lines:
        pytest.fail(f"{len(lines)} live markup item(s) from authored text in {len(found)} "
                    f"page(s); the first 30:\n" + "\n".join(lines[:30]), False)


def test_every_poisoned_field_is_shown_as_text(hostile_site: tuple[Path, list[str]]) -> None:
    """Escaped, not dropped: each field's marker and its payloads are readable on a page."""
    site, markers = hostile_site
    _, text = live_markup(site)
    missing = [m for m in markers if m.lower() not in text.lower()]  # some are capitalised
    assert not missing, f"fields not on any page: {missing}"
    # a "<" that would open a tag is shown as "‹" (builder.sanitize.escape_markup)
    assert "‹script>window.__pwned=1‹/script>" in text
    assert '‹img src=x onerror="window.__pwned=2">' in text
    assert "1337" not in text, "authored text was evaluated as a template"


def test_the_check_catches_live_markup(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<p onclick="window.__pwned=4">x</p><iframe src="https://example.com"></iframe>'
        '<a href=" javascript:window.__pwned=3">c</a><script>window.__pwned=1</script>'
        '<style>body { display: none }</style><img src=x onerror="window.__pwned=2">'
        '<p style="display: none">y</p><img alt="" data-pwned="">'
        '<abbr title="&lt;img src=x&gt;">A</abbr><span class="md-ellipsis">&lt;b&gt;</span>')
    found, _ = live_markup(tmp_path)
    assert len(found["a.html"]) == 9 + 2 * TOOLTIPS, found


# --- the bad-input corpus against a built site ---------------------------------------------

BAD = sorted(p for p in (DATA / "bad").iterdir() if p.suffix == ".yaml")


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The fixture atlas, built once with --strict, and its site's digest."""
    root = make_fixture_atlas(tmp_path_factory.mktemp("good") / "atlas")
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root, tree_digest(root / "site")


@pytest.mark.parametrize("bad", BAD, ids=lambda p: p.stem)
def test_bad_input_fails_the_build_and_keeps_the_site(
        bad: Path, built_fixture: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    good, digest = built_fixture
    root = tmp_path / "atlas"
    shutil.copytree(good, root, symlinks=True)
    shutil.copy(bad, root / bad.with_suffix(".target").read_text().strip())
    expected = bad.with_suffix(".expect").read_text().strip()
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(root / "site") == digest
    assert not list(root.glob(".site*")), "a staging folder was left behind"
