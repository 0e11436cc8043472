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
import itertools
import shutil
from pathlib import Path

import pytest
from hostile_corpus import (
    REFUSED,
    TOOLTIPS,
    Live,
    all_text_fields,
    build_hostile_atlas,
    missing_fields,
)

from builder.checks import load_atlas
from builder.errors import AtlasErrors
from support import DATA, make_fixture_atlas, run_atlas

NOT_ON_PAGES = {"Question.topic"}
"""Text fields that no page shows as built (each must still be inert wherever it goes): a
question's topic is in an attribute, shown by exam.js as text after an exam."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("hostile") / "atlas"
    markers = build_hostile_atlas(root)
    result = run_atlas("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site", markers


def test_every_text_field_of_the_models_is_attacked(
        hostile_site: tuple[Path, dict[str, str]]) -> None:
    _, markers = hostile_site
    assert not missing_fields(markers), "give these fields a place in hostile_corpus.py"
    assert len(all_text_fields()) > 50


def test_remote_media_is_refused_in_every_field(tmp_path: Path) -> None:
    """Each field gets one of the REFUSED payloads; the one check names every field."""
    refused = itertools.cycle(REFUSED)
    markers = build_hostile_atlas(tmp_path / "atlas",
                                  lambda marker, block: f"{marker} {next(refused)}")
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(tmp_path / "atlas")
    found = [e for e in caught.value.errors if "would be loaded from another site" in e.message]
    labels = {label for label in markers.values()}
    assert len(found) >= len(markers) - 2, (len(found), len(markers), labels)
    assert all("tracker.example" in e.message for e in found)


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


def test_no_payload_becomes_live_markup(hostile_site: tuple[Path, dict[str, str]]) -> None:
    site, _ = hostile_site
    found, _ = live_markup(site)
    lines = [f"{page}: {item}" for page, items in found.items() for item in items]
    if lines:
        pytest.fail(f"{len(lines)} live markup item(s) from authored text in {len(found)} "
                    f"page(s); the first 30:\n" + "\n".join(lines[:30]), False)


def test_every_poisoned_field_is_shown_as_text(
        hostile_site: tuple[Path, dict[str, str]]) -> None:
    """Escaped, not dropped: each field's marker and its payloads are readable on a page."""
    site, markers = hostile_site
    _, text = live_markup(site)
    text = text.lower()  # some are capitalised
    shown = {label for marker, label in markers.items() if marker.lower() in text}
    missing = set(markers.values()) - shown
    assert missing <= NOT_ON_PAGES, f"fields on no page: {sorted(missing - NOT_ON_PAGES)}"
    # entities without their ';' are shown as typed, never decoded into a tag
    for typed in ("&ltimg src=x onerror=window.__pwned=8>", "&#60img src=x",
                  "&#x3cimg src=x", "[click5][hostile-ref]"):
        assert typed.lower() in text, typed
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
        '<abbr title="&lt;img src=x&gt;">A</abbr><span class="md-ellipsis">&lt;b&gt;</span>'
        '<a data-description="&lt;img src=x onerror=alert(1)&gt;">z</a>')
    found, _ = live_markup(tmp_path)
    assert len(found["a.html"]) == 11 + 1 * TOOLTIPS, found


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
    lines = [line.removeprefix("WARNING -  ") for line in result.stderr.splitlines()]
    assert expected in lines, result.stderr  # a warning too stops a strict build
    assert "Traceback" not in result.stdout + result.stderr
    assert tree_digest(root / "site") == digest
    assert not list(root.glob(".site*")), "a staging folder was left behind"
