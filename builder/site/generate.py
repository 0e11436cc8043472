"""Generation, the core's step that every engine builds from: the pages the atlas makes, its
pictures, scripts and downloads, and its hand-written pages made ready, all as files.

The MkDocs plugin hands them to MkDocs as it builds (builder.mkdocs.plugin); ``atlas build
--engine`` writes them into a folder for another engine (builder.engines). Two things are
done to every page's Markdown here, not in the engine, because only here is it known where
the page stands: a citation becomes numbered links to the references page (relative to the
page, so that the site works from file://), and the glossary's abbreviations are defined at
the end (the abbr extension makes them tooltips). What needs the parsed page (the scrubber,
a tooltip on the first use of a term only) is a Python-Markdown extension that every engine
loads from markdown_extensions (MARKDOWN_EXTENSIONS), not a hook of one engine.
"""
from __future__ import annotations

import shutil
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.atlas import Atlas
from builder.checks import hand_written_pages, pictures
from builder.checks.pages import DATA_FOLDER
from builder.export import cached_downloads
from builder.markup.citations import keys_in, link_citations
from builder.site.nav import NAV_CASES_MAX, expand_nav, sections
from builder.site.pages import generate_pages
from builder.site.pages.glossary import abbreviations
from builder.site.pages.references import numbering
from builder.site.pages.references import page as references_page
from builder.site.scripts import ASSETS, SCRIPTS, SHIM_URI, VENDOR

MARKDOWN_EXTENSIONS = ("builder.markup.tooltips", "builder.markup.sanitize")
"""The atlas' Python-Markdown extensions, which every engine must run on every page."""
OFFLINE_PLUGINS = ("offline", "material/offline")


@dataclass(frozen=True)
class Generated:
    pages: dict[str, str]
    """Every page's Markdown as the engine converts it, by its path in the docs folder:
    the generated pages and the hand-written ones."""
    files: dict[str, Path | bytes]
    """Pictures, the atlas' scripts and styles, vendor files and downloads: a file to copy
    or the bytes to write, by their path in the site."""
    unlisted: set[str]
    """Generated pages the navigation leaves out (cases beyond nav_cases_max)."""


def generate(atlas: Atlas, cache: Path, nav_cases_max: int = NAV_CASES_MAX) -> Generated:
    """Everything the atlas adds to the site. ``cache`` holds the pictures; the downloads are
    kept beside it."""
    made = pictures(atlas, cache)
    docs = atlas.root / atlas.pages_dir
    pages = {path.relative_to(docs).as_posix(): path.read_text(encoding="utf-8")
             for path in hand_written_pages(atlas)}
    pages.update(generate_pages(atlas, made))
    numbers = numbering(atlas, {key for text in pages.values() for _, key in keys_in(text)})
    pages["references.md"] = references_page(atlas, numbers)
    glossary = abbreviations(atlas)
    files: dict[str, Path | bytes] = dict(cached_downloads(atlas, made, cache.parent / "exports"))
    files.update(sorted(uri_path for picture in made.values() for uri_path in picture.files()))
    files.update((f"assets/atlas/{asset.name}", asset) for asset in sorted(ASSETS.iterdir()))
    files.update((uri, atlas.root / path) for uri, path in VENDOR.items())
    listed = {uri for section in sections(atlas, nav_cases_max).values() for uri in section}
    return Generated(
        pages={uri: finish(text, uri, numbers, glossary) for uri, text in pages.items()},
        files=files,
        unlisted={uri for uri in pages if uri.startswith("cases/") and uri != "cases/index.md"
                  and uri not in listed})


def finish(markdown: str, uri: str, numbers: dict[str, int], glossary: str) -> str:
    """A page as the engine gets it: its citations linked from where it stands, and the
    glossary's abbreviations defined at its end."""
    references = "../" * uri.count("/") + "references.md"
    return f"{link_citations(markdown, numbers, references)}\n\n{glossary}\n"


def configure(config: MutableMapping[str, Any], atlas: Atlas,
              nav_cases_max: int = NAV_CASES_MAX) -> None:
    """What the atlas adds to a site's configuration (mkdocs.yml's form, which MkDocs,
    ProperDocs and Zensical read): its pages in the navigation, its style sheet and
    scripts with the markers of the pages that need each (overrides/base.html reads them),
    its Markdown extensions, and the search shim of a site that works offline."""
    config["nav"] = expand_nav(config.get("nav"), sections(atlas, nav_cases_max))
    config["extra_css"] = [*(config.get("extra_css") or []), "assets/atlas/atlas.css"]
    config["extra_javascript"] = [*(config.get("extra_javascript") or []),
                                  *(f"assets/atlas/{name}" for name in SCRIPTS)]
    extensions = list(config.get("markdown_extensions") or [])
    named = {e if isinstance(e, str) else next(iter(e)) for e in extensions
             if isinstance(e, str | dict)}
    config["markdown_extensions"] = extensions + [
        name for name in MARKDOWN_EXTENSIONS if name not in named]
    if config.get("extra") is None:
        config["extra"] = {}
    extra = config["extra"]
    extra["atlas_scripts"] = {f"assets/atlas/{name}": list(markers)
                              for name, markers in SCRIPTS.items()}
    if any(name in OFFLINE_PLUGINS for name in plugin_names(config.get("plugins"))):
        extra["polyfills"] = [SHIM_URI, *(extra.get("polyfills") or [])]


def plugin_names(plugins: Any) -> list[str]:
    """The names in a plugins setting: a list of names and {name: options}, or a mapping."""
    if isinstance(plugins, MutableMapping) or hasattr(plugins, "keys"):
        return list(plugins.keys())
    return [p if isinstance(p, str) else next(iter(p)) for p in plugins or []]


def write_docs(generated: Generated, atlas: Atlas, folder: Path) -> None:
    """The docs folder an engine without the atlas plugin reads: the hand-written folder's
    other files (not its data), then every page and file generated."""
    docs = atlas.root / atlas.pages_dir
    for path in sorted(docs.rglob("*")):
        inside = path.relative_to(docs)
        if path.is_file() and path.suffix != ".md" and inside.parts[0] != DATA_FOLDER:
            _copy(path, folder / inside)
    write_pages(generated.pages, folder)
    for uri, source in generated.files.items():
        if isinstance(source, bytes):
            (folder / uri).parent.mkdir(parents=True, exist_ok=True)
            (folder / uri).write_bytes(source)
        else:
            _copy(source, folder / uri)


def write_pages(pages: dict[str, str], folder: Path) -> None:
    for uri, markdown in pages.items():
        (folder / uri).parent.mkdir(parents=True, exist_ok=True)
        (folder / uri).write_text(markdown, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
