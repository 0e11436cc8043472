"""Generation, the core's step every engine builds from: every page ready for the engine
(hand-written ones too), every file, the configuration additions, and the docs folder."""
from __future__ import annotations

from pathlib import Path

from builder.checks import PICTURE_CACHE, load_atlas
from builder.export import FORMATS
from builder.site.generate import (
    MARKDOWN_EXTENSIONS,
    configure,
    finish,
    generate,
    write_docs,
)
from builder.site.scripts import SCRIPTS, SHIM_URI, VENDOR


def test_every_page_is_ready_for_the_engine(fixture_atlas: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    made = generate(atlas, fixture_atlas / PICTURE_CACHE)
    assert {"index.md", "background.md", "cases/case-test.md", "references.md"} <= set(
        made.pages)
    assert "(references.md#ref-ref-a)" in made.pages["background.md"]
    assert "(../references.md#ref-ref-a)" in made.pages["cases/case-test.md"]
    assert all("[@" not in text.split("```")[0] for text in made.pages.values())
    assert all(text.rstrip().endswith(f"*[{atlas.glossary[-1].term}]: "
                                      f"{atlas.glossary[-1].expansion}")
               for text in made.pages.values())
    assert {f.path for f in FORMATS.values()} | set(VENDOR) <= set(made.files)
    assert {f"assets/atlas/{name}" for name in SCRIPTS} <= set(made.files)
    assert made.unlisted == set()
    fewer = generate(atlas, fixture_atlas / PICTURE_CACHE, nav_cases_max=0)
    assert fewer.unlisted == {"cases/case-test.md", "cases/case-test-unknown.md"}


def test_a_citation_links_from_where_its_page_stands() -> None:
    page = finish("A [@b; @a] claim.", "cases/x.md", {"a": 1, "b": 2}, "*[X]: Ex")
    assert page == ('A <sup class="atlas-cite">[[1](../references.md#ref-a), '
                    '[2](../references.md#ref-b)]</sup> claim.\n\n*[X]: Ex\n')


def test_configure_adds_the_atlas_to_a_plain_configuration(fixture_atlas: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    config = {"nav": [{"Cases": "cases/index.md"}], "plugins": ["search", {"offline": {}}],
              "markdown_extensions": ["abbr", {"toc": {"permalink": True}},
                                      "builder.markup.sanitize"]}
    configure(config, atlas)
    assert config["nav"] == [{"Cases": ["cases/index.md", "cases/case-test.md",
                                        "cases/case-test-unknown.md"]}]
    assert config["extra_css"] == ["assets/atlas/atlas.css"]
    assert config["extra_javascript"] == [f"assets/atlas/{name}" for name in SCRIPTS]
    assert config["markdown_extensions"][-1] == "builder.markup.tooltips"
    assert sum(e == "builder.markup.sanitize" for e in config["markdown_extensions"]) == 1
    assert set(MARKDOWN_EXTENSIONS) <= set(map(str, config["markdown_extensions"]))
    assert config["extra"]["polyfills"] == [SHIM_URI]
    assert config["extra"]["atlas_scripts"]["assets/atlas/quiz.js"] == list(SCRIPTS["quiz.js"])


def test_the_docs_folder_holds_every_page_and_file_and_no_data(fixture_atlas: Path,
                                                               tmp_path: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    made = generate(atlas, fixture_atlas / PICTURE_CACHE)
    (fixture_atlas / "content" / "logo.svg").write_text("<svg/>")
    write_docs(made, atlas, tmp_path / "docs")
    written = {p.relative_to(tmp_path / "docs").as_posix()
               for p in (tmp_path / "docs").rglob("*") if p.is_file()}
    assert written == set(made.pages) | set(made.files) | {"logo.svg"}
    assert (tmp_path / "docs" / "background.md").read_text() == made.pages["background.md"]
