"""The engines: MkDocs (the default), ProperDocs and Zensical build the same atlas, stop on
the same problems, and Zensical gets a configuration without what it cannot run."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.checks import load_atlas
from builder.engines import ENGINES, zensical_settings
from builder.site.generate import MARKDOWN_EXTENSIONS
from builder.site.scripts import LIGHTBOX_JS
from support import ROOT, run_atlas

ATLAS = load_atlas(ROOT)


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_zensical_gets_the_atlas_without_its_plugin_and_overrides() -> None:
    settings = zensical_settings(ROOT / "mkdocs.yml", ATLAS, 12)
    assert (settings["docs_dir"], settings["site_dir"]) == ("docs", "site")
    assert "custom_dir" not in settings["theme"] and settings["theme"]["name"] == "material"
    names = [p if isinstance(p, str) else next(iter(p)) for p in settings["plugins"]]
    assert "atlas" not in names and "search" in names and "offline" in names
    assert set(MARKDOWN_EXTENSIONS) <= {e if isinstance(e, str) else next(iter(e))
                                        for e in settings["markdown_extensions"]}
    assert settings["extra_javascript"][0] == LIGHTBOX_JS
    assert "assets/atlas/start.js" in settings["extra_javascript"]
    cases = next(item["Cases"] for item in settings["nav"] if "Cases" in item)
    assert [f"cases/{c.id}.md" for c in ATLAS.cases] == cases[1:1 + len(ATLAS.cases)]
    assert "watch" not in settings and yaml.safe_dump(settings)  # plain YAML, no objects


@pytest.mark.parametrize("engine", ["zensical", "properdocs"])
def test_every_engine_builds_the_same_pages(engine: str, built_site: Path,
                                            request: pytest.FixtureRequest) -> None:
    site = request.getfixturevalue(f"{engine}_site")
    assert pages(site) == pages(built_site)
    for download in ("downloads/nho-atlas.apkg", "downloads/nho-atlas-moodle.xml"):
        assert (site / download).read_bytes() == (built_site / download).read_bytes()
    case = (site / "cases" / f"{ATLAS.cases[0].id}.html").read_text()
    assert 'class="atlas-cite"' in case and "[@" not in case
    assert not list(site.rglob("*.map")), "the post-build step pruned the site"


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_every_engine_stops_on_the_same_problem(engine: str, fixture_atlas: Path) -> None:
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("modality: CT\n", "modality: CTT\n", 1))
    result = run_atlas("build", "--engine", engine, "--quiet", cwd=fixture_atlas)
    assert result.returncode == 1
    assert ("cases/case-test.yaml:20:5: studies[0].modality: 'CTT' is not a modality "
            "(did you mean 'CT'? or add it to content/data/modalities.yaml)") in result.stderr
    assert "Traceback" not in result.stderr and not (fixture_atlas / "site").exists()
