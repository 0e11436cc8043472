"""The output folder of ``atlas build``: never the sources, only a site that atlas built.

A build replaces its output folder whole, so a mistyped ``-d`` must never name something
worth keeping: the checkout, a folder of sources or the cache (or one that holds them or lies
inside them), or any folder with files in it that is not a site this command built (each
build marks its site with ``MARK``). The new site is built beside the old one and swapped in
by one atomic exchange (builder.storage), so a kill at any moment leaves one whole site.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from builder.errors import name_problem
from builder.storage import clean_leftovers, replace_folder, restore_aside, temporary

MARK = ".atlas-site"
MARK_TEXT = ("This folder is a site built by 'atlas build', which replaces it whole on every "
             "build.\n")
LEGACY = ("index.html", "assets/atlas/atlas.css")
"""A site built before sites were marked: the atlas' own front page and style sheet."""


def sources(config: MkDocsConfig) -> dict[str, Path]:
    """Everything a build reads or keeps, by the name an educator knows it by."""
    root = Path(config.config_file_path).resolve().parent
    found = {"the atlas folder": root, "the configuration file": Path(
        config.config_file_path).resolve(), "the pages folder": Path(config.docs_dir).resolve(),
        "the images folder": root / "images", "the git repository": root / ".git",
        "the installed vendor files": root / "node_modules"}
    if config.theme.custom_dir:
        found["the theme overrides"] = Path(config.theme.custom_dir).resolve()
    atlas = config.plugins.get("atlas")
    if atlas is not None:
        found["the cases folder"] = (root / atlas.config.cases_dir).resolve()
        found["the data folder"] = (root / atlas.config.data_dir).resolve()
        cache = (root / atlas.config.cache_dir).resolve()
        found["the cache"] = next((p for p in [cache, *cache.parents]
                                   if p.parent == root), cache)
    return found


def output_problem(site: Path, known: dict[str, Path]) -> tuple[str, str] | None:
    """(message, hint) when ``site`` may not be replaced by a build, else None."""
    hint = "choose a folder of its own, e.g. -d site"
    bad_name = name_problem(str(site))
    if bad_name:
        return bad_name
    for verb, clash in (("is", lambda path: site == path),
                        ("contains", lambda path: site in path.parents),
                        ("lies inside", lambda path: path in site.parents)):
        for name, path in known.items():
            if clash(path) and not (verb == "lies inside" and name == "the atlas folder"):
                return f"the output folder {verb} {name}, {path}", hint
    if site.exists() and not site.is_dir():
        return "the output folder is not a folder", hint
    if site.is_dir() and any(site.iterdir()) and not is_atlas_site(site):
        return ("the output folder has files in it and is not a site that 'atlas build' made",
                "empty it or choose another folder: a build replaces the whole folder")
    return None


def is_atlas_site(folder: Path) -> bool:
    return (folder / MARK).is_file() or all((folder / name).is_file() for name in LEGACY)


def build_into(site: Path, build) -> None:
    """Run ``build(staging)`` into a new folder beside ``site``, mark it and swap it in; on
    any failure ``site`` is untouched and the staging folder gone. First tidy what killed
    builds left: a site moved aside and never put back, and stale staging folders."""
    site.parent.mkdir(parents=True, exist_ok=True)
    restore_aside(site)
    clean_leftovers(site.parent, f".{site.name}-")
    with temporary(site.parent, f".{site.name}-") as staging:
        build(staging)
        (staging / MARK).write_text(MARK_TEXT, encoding="utf-8")
        staging.chmod(0o755)  # a temporary folder is private; a site is world-readable
        replace_folder(staging, site)
