"""The engines ``atlas build --engine`` builds the atlas with, and why each works.

- ``mkdocs`` (the default): MkDocs 1.6 with Material for MkDocs, pinned. MkDocs runs the
  atlas plugin (builder.mkdocs), which calls the core's generation from its events; the
  page cache and the theme overrides (overrides/) apply.
- ``properdocs``: ProperDocs, a fork of MkDocs 1.x that keeps its plugin system, so it runs
  the same plugin on the same mkdocs.yml.
- ``zensical``: Zensical, Material's successor, reads mkdocs.yml but runs no MkDocs plugin.
  The atlas checks and generates everything first (builder.site.generate), writes the docs
  folder and a configuration for it, and Zensical builds that; its theme is its own, so the
  overrides (written for Material's templates, which Zensical's MiniJinja cannot all read)
  are left out. README, "Engines", lists what that changes.

Every engine's site gets the same post-build step (builder.site.prune): the plugin runs it
for MkDocs and ProperDocs, ``build_zensical`` after Zensical.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import yaml_load

from builder.checks import load_atlas
from builder.export.base import source_timestamp
from builder.mkdocs.plugin import search_languages
from builder.site.generate import configure, generate, plugin_names, write_docs
from builder.site.prune import prune_site
from builder.site.scripts import LIGHTBOX_CSS, LIGHTBOX_JS


class EngineFailed(Exception):
    """An engine stopped; it has said why on the terminal."""


def build_mkdocs(config: MkDocsConfig, staging: Path, strict: bool) -> None:
    config["site_dir"] = str(staging)
    mkdocs_build(config)


def build_properdocs(config: MkDocsConfig, staging: Path, strict: bool) -> None:
    """ProperDocs makes every ``mkdocs`` import its own, so it builds in a process of its own
    (where the atlas plugin's MkDocs classes are ProperDocs')."""
    done = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f",
                           config.config_file_path, "-d", str(staging),
                           *(["--strict"] if strict else [])], stdout=sys.stderr, check=False)
    if done.returncode:
        raise EngineFailed(f"properdocs stopped (exit status {done.returncode})")


def build_zensical(config: MkDocsConfig, staging: Path, strict: bool) -> None:
    """Check and generate, write the docs folder and its configuration, build with Zensical
    in a process of its own, and take its site as the staging folder."""
    options = config.plugins["atlas"].config
    root = Path(config.config_file_path).resolve().parent
    cache = root / options.cache_dir
    atlas = load_atlas(root, options.cases_dir, options.data_dir,
                       Path(config.docs_dir).resolve().relative_to(root).as_posix(), cache)
    for warning in atlas.warnings:
        print(warning, file=sys.stderr)
    with tempfile.TemporaryDirectory(dir=cache.parent, prefix="zensical-") as folder:
        work = Path(folder)  # Zensical wants its docs and site inside its project folder
        write_docs(generate(atlas, cache, options.nav_cases_max), atlas, work / "docs")
        (work / "mkdocs.yml").write_text(yaml.safe_dump(
            zensical_settings(Path(config.config_file_path), atlas, options.nav_cases_max),
            sort_keys=False, allow_unicode=True), encoding="utf-8")
        env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get(
            "SOURCE_DATE_EPOCH", str(source_timestamp(atlas)))}
        done = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml",
                               *(["--strict"] if strict else [])], cwd=work, env=env,
                              stdout=sys.stderr, check=False)
        if done.returncode:
            raise EngineFailed(f"zensical stopped (exit status {done.returncode})")
        staging.rmdir()
        shutil.move(work / "site", staging)  # a rename where both are on one file system
    prune_site(staging, search_languages(config))  # the post-build step the plugin runs


def zensical_settings(config_file: Path, atlas, nav_cases_max: int) -> dict:
    """mkdocs.yml as Zensical needs it: the written docs folder, no atlas plugin (its work
    is done), no theme overrides, and what the plugin would have added."""
    with config_file.open(encoding="utf-8") as file:
        settings = yaml_load(file)
    for key in ("watch", "exclude_docs", "validation", "INHERIT"):
        settings.pop(key, None)
    settings.update(docs_dir="docs", site_dir="site")
    settings["theme"] = {k: v for k, v in (settings.get("theme") or {}).items()
                         if k != "custom_dir"}
    settings["plugins"] = [p for p, name in zip(settings.get("plugins") or [],
                                                plugin_names(settings.get("plugins")),
                                                strict=True) if name != "atlas"]
    configure(settings, atlas, nav_cases_max)
    # Zensical opens a .glightbox link with GLightbox fetched from a CDN unless GLightbox is
    # already there: the site's own copy loads with every page (figure.js tells Zensical's
    # lightbox to leave the figures to it).
    settings["extra_css"] = [LIGHTBOX_CSS, *settings["extra_css"]]
    settings["extra_javascript"] = [LIGHTBOX_JS, *settings["extra_javascript"]]
    return settings


ENGINES: dict[str, Callable[[MkDocsConfig, Path, bool], None]] = {
    "mkdocs": build_mkdocs, "properdocs": build_properdocs, "zensical": build_zensical}
