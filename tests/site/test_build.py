"""The real atlas builds with --strict and has every page a reader expects."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from builder.checks import load_atlas
from builder.site.render import in_sentence
from support import ROOT

ATLAS = load_atlas(ROOT)


def test_every_generated_page_exists(built_site: Path) -> None:
    expected = ["index.html", "background.html", "management.html", "about.html",
                "cases/index.html", "modalities/index.html", "key-points.html",
                "quizzes/index.html", "references.html", "glossary.html"]
    expected += [f"cases/{c.id}.html" for c in ATLAS.cases]
    expected += [f"modalities/{m.slug}.html" for m in ATLAS.modalities.values()]
    expected += [f"quizzes/{q.id}.html" for q in ATLAS.quizzes]
    missing = [page for page in expected if not (built_site / page).is_file()]
    assert not missing


def test_case_page_has_timeline_studies_and_figures(built_site: Path) -> None:
    for case in ATLAS.cases:
        html = (built_site / f"cases/{case.id}.html").read_text()
        assert 'class="atlas-timeline-svg"' in html
        for study in case.studies:
            assert f'id="study-{study.id}"' in html
            assert f'href="#study-{study.id}"' in html  # its timeline marker
            for figure in study.figures:
                assert f'id="{figure.id}"' in html
        assert html.count('class="atlas-quiz"') == len(case.questions)


def test_modality_page_shows_every_figure_of_its_modality(built_site: Path) -> None:
    """Anchors are case id + figure id: two cases may both have a 'fig1a' on one page."""
    for modality in ATLAS.modalities.values():
        html = (built_site / f"modalities/{modality.slug}.html").read_text()
        ids = {f"{c.id}-{f.id}" for c in ATLAS.cases for s in c.studies
               if s.modality == modality.id for f in s.figures}
        assert {i for i in ids if f'id="{i}"' in html} == ids
        assert len(re.findall(r'<figure class="atlas-figure" id="', html)) == len(ids)


def test_references_are_numbered_with_doi_links(built_site: Path) -> None:
    html = (built_site / "references.html").read_text()
    assert 'id="ref-mccormack2019"' in html
    assert "https://doi.org/10.1097/00003086-199102000-00003" in html  # Garland 1991
    assert "31822168" in html
    case = (built_site / f"cases/{ATLAS.cases[0].id}.html").read_text()
    assert re.search(r'<sup class="atlas-cite">\[<a href="\.\./references\.html#ref-[a-z0-9-]+"',
                     case)


def test_glossary_terms_are_tooltips_on_pages(built_site: Path) -> None:
    html = (built_site / "background.html").read_text()
    tooltip = '<abbr title="Neurogenic heterotopic ossification">NHO</abbr>'
    assert html.count(tooltip) == 1 < html.count("NHO")  # the first use only


class _VisibleText(HTMLParser):
    """The text a reader sees: everything but scripts, styles and code (which may show
    Markdown on purpose, as the authoring guide does)."""

    HIDDEN = {"script", "style", "code", "pre", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.depth += tag in self.HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self.depth -= tag in self.HIDDEN

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


MARKDOWN_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)")


def test_no_page_shows_markdown_link_syntax_as_text(built_site: Path) -> None:
    """A link written in Markdown inside raw HTML is not converted: the reader sees it."""
    shown = []
    for page in sorted(built_site.rglob("*.html")):
        parser = _VisibleText()
        parser.feed(page.read_text(encoding="utf-8"))
        shown += [f"{page.relative_to(built_site)}: {m}"
                  for m in MARKDOWN_LINK.findall("".join(parser.parts))]
    assert not shown


def test_modality_names_keep_their_initialisms_mid_sentence(built_site: Path) -> None:
    assert in_sentence("Computed tomography") == "computed tomography"
    assert in_sentence("SPECT / bone scintigraphy") == "SPECT / bone scintigraphy"
    for page in (built_site / "cases").glob("*.html"):
        assert "spect / bone" not in page.read_text(encoding="utf-8"), page.name


def test_no_page_refers_to_another_host_for_assets(built_site: Path) -> None:
    pattern = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(?:https?:)?//', re.I)
    for page in built_site.rglob("*.html"):
        assert not pattern.search(page.read_text()), page


def test_site_ships_no_source_maps_or_unused_search_languages(built_site: Path) -> None:
    assert not list(built_site.rglob("*.map"))
    assert not (built_site / "assets" / "javascripts" / "lunr").exists()
    assert list((built_site / "assets" / "javascripts" / "workers").glob("search.*.js"))


def test_many_cases_stay_out_of_the_navigation(real_atlas: Path) -> None:
    """Beyond nav_cases_max, case pages are reached from the cases index, not the nav."""
    from support import run_atlas

    config = real_atlas / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - atlas\n",
                                                 "  - atlas:\n      nav_cases_max: 1\n"))
    result = run_atlas("build", "--strict", "--quiet", cwd=real_atlas)
    assert result.returncode == 0, result.stderr
    page = (real_atlas / "site" / "cases" / f"{ATLAS.cases[0].id}.html").read_text()
    nav = page.split('class="md-nav md-nav--primary"')[1].split("</nav>")[0]
    assert f"{ATLAS.cases[1].id}.html" not in nav
    index = (real_atlas / "site" / "cases" / "index.html").read_text()
    assert all(f"{case.id}.html" in index for case in ATLAS.cases)
