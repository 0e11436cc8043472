"""The MkDocs plugin on a real MkDocsConfig, event by event, as MkDocs calls it (the way
mkdocstrings tests its plugin): the configuration it adds, the files it hands over from the
core's generation, and the finished site it prunes."""
from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from builder.export import FORMATS
from builder.mkdocs.plugin import AtlasPlugin
from builder.site.generate import MARKDOWN_EXTENSIONS
from builder.site.scripts import SCRIPTS


def configured(root: Path) -> MkDocsConfig:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    return config.plugins.on_config(config)


@pytest.fixture
def config(fixture_atlas: Path) -> MkDocsConfig:
    return configured(fixture_atlas)


def plugin(config: MkDocsConfig) -> AtlasPlugin:
    return config.plugins["atlas"]


def test_on_config_adds_the_sections_scripts_and_markdown_extensions(config) -> None:
    cases = next(item["Cases"] for item in config.nav if "Cases" in item)
    assert cases == ["cases/index.md", "cases/case-test.md", "cases/case-test-unknown.md"]
    atlas = [s for s in config.extra_javascript if str(s).startswith("assets/atlas/")]
    assert atlas == [f"assets/atlas/{name}" for name in SCRIPTS]
    assert atlas[0] == "assets/atlas/start.js"
    assert config.extra["atlas_scripts"]["assets/atlas/quiz.js"] == list(SCRIPTS["quiz.js"])
    assert set(MARKDOWN_EXTENSIONS) <= set(config.markdown_extensions)


def test_on_config_refuses_a_broken_atlas_with_every_problem(fixture_atlas: Path) -> None:
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("modality: CT\n", "modality: CTT\n", 1))
    with pytest.raises(PluginError, match=r"(?s)1 problem.*case-test.yaml:20:5"):
        configured(fixture_atlas)


def test_on_files_adds_pages_pictures_downloads_and_assets(config) -> None:
    files: Files = plugin(config).on_files(get_files(config), config=config)
    uris = {f.src_uri for f in files}
    assert {"cases/case-test.md", "cases/case-test-unknown.md", "references.md",
            "quizzes/index.md", "handout.md", "assets/atlas/start.js",
            "assets/atlas/atlas.css"} <= uris
    assert {f.path for f in FORMATS.values()} <= uris
    assert any(uri.endswith(".webp") for uri in uris)
    assert "index.md" in uris  # the hand-written pages stay


def test_on_files_hands_over_every_page_with_its_citations_linked(config) -> None:
    """The hand-written pages too, in their place among the files (search follows it)."""
    before = [f.src_uri for f in get_files(config) if f.src_uri.endswith(".md")]
    files = plugin(config).on_files(get_files(config), config=config)
    assert [f.src_uri for f in files][:len(before)] == before
    for uri, prefix in (("background.md", ""), ("cases/case-test.md", "../")):
        page = Page(None, files.get_file_from_path(uri), config)
        markdown = plugin(config).on_page_markdown(page.file.content_string, page=page,
                                                   config=config, files=files)
        assert f"({prefix}references.md#ref-ref-a)" in markdown
        assert "[@ref-a]" not in markdown and "*[NHO]:" in markdown


def test_on_post_build_prunes_the_finished_site(config) -> None:
    site = Path(config.site_dir)
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "x.js.map").write_text("{}")
    (site / "index.html").write_text("<html></html>")
    plugin(config).on_post_build(config)
    assert not (site / "assets" / "x.js.map").exists() and (site / "index.html").exists()
