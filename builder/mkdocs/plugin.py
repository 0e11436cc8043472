"""The MkDocs plugin: the only module that knows MkDocs' events, an adapter of ~100 lines.

It loads and checks the atlas before anything is written and adds what the atlas adds to
the configuration (``on_config``), hands MkDocs the core's generated files and the
hand-written pages made ready (``on_files``, from builder.site.generate), keeps each page's
HTML between builds (the page cache, ``on_page_markdown``/``on_page_content``), prunes the
finished site (``on_post_build``) and keeps the preview alive after a broken edit
(``on_serve``). Citations, glossary tooltips and the scrubber are not done here: the core
writes the first two into the Markdown and the third is a Markdown extension, so that other
engines (builder.engines) get them too.
"""
from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from builder.atlas import Atlas
from builder.checks import load_atlas
from builder.errors import AtlasErrors
from builder.export import source_timestamp
from builder.mkdocs.pagecache import PageCache
from builder.mkdocs.serve import keep_serving
from builder.site.generate import configure, generate, write_pages
from builder.site.nav import NAV_CASES_MAX
from builder.site.prune import prune_site
from builder.site.scripts import VENDOR

log = logging.getLogger("mkdocs.plugins.atlas")


class AtlasConfig(Config):
    cases_dir = opt.Type(str, default="cases")
    data_dir = opt.Type(str, default="content/data")
    cache_dir = opt.Type(str, default=".cache/atlas/images")
    nav_cases_max = opt.Type(int, default=NAV_CASES_MAX)
    """List case pages in the navigation only up to this many cases."""
    dump_dir = opt.Optional(opt.Type(str))
    """Write each page's final Markdown and the navigation here (the benchmark builds them
    with plain MkDocs)."""


class AtlasPlugin(BasePlugin[AtlasConfig]):
    atlas: Atlas
    pages: PageCache | None = None
    epoch_set = False

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        try:
            self.atlas = load_atlas(root, self.config.cases_dir, self.config.data_dir,
                                    _docs_dir(config, root), root / self.config.cache_dir)
        except AtlasErrors as exc:
            raise PluginError(f"the atlas has {len(exc.errors)} problem(s):\n{exc}") from None
        self.root = root
        if "SOURCE_DATE_EPOCH" not in os.environ:  # the sitemap's dates: the sources' time
            os.environ["SOURCE_DATE_EPOCH"] = str(source_timestamp(self.atlas))
            self.epoch_set = True
        for warning in self.atlas.warnings:  # e.g. a possible patient identifier
            log.warning(str(warning))
        missing = [path for path in VENDOR.values() if not (root / path).is_file()]
        if missing:
            raise PluginError(f"{', '.join(missing)} missing: run 'make setup' (npm ci) first")
        configure(config, self.atlas, self.config.nav_cases_max)
        if self.config.dump_dir:  # the benchmark gives plain MkDocs the same navigation
            dump = Path(self.config.dump_dir)
            dump.mkdir(parents=True, exist_ok=True)
            (dump / "nav.json").write_text(json.dumps(config.nav), encoding="utf-8")
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.pages = PageCache((self.root / self.config.cache_dir).parent / "pages")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """The core's files: generated pages, and the hand-written ones in place of their
        sources, with citations linked and the glossary's abbreviations defined."""
        made = generate(self.atlas, self.root / self.config.cache_dir, self.config.nav_cases_max)

        def page(uri: str, source: File | None = None) -> File:
            inclusion = InclusionLevel.NOT_IN_NAV if uri in made.unlisted else (
                source.inclusion if source else InclusionLevel.UNDEFINED)
            return File.generated(config, uri, content=made.pages[uri], inclusion=inclusion)

        out = [page(f.src_uri, f) if f.src_uri in made.pages else f for f in files]
        out += [page(uri) for uri in made.pages if files.get_file_from_path(uri) is None]
        out += [File.generated(config, uri, content=source) if isinstance(source, bytes)
                else File.generated(config, uri, abs_src_path=str(source))
                for uri, source in made.files.items()]
        if self.config.dump_dir:
            write_pages(made.pages, Path(self.config.dump_dir))
        return Files(out)

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._close_page_cache()
        self._forget_epoch()
        saved = prune_site(Path(config.site_dir), search_languages(config))
        log.debug(f"pruned {saved:,} bytes of source maps and unused search languages")

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files,
                         **_: Any) -> str:
        return self.pages.markdown(markdown, page, config, files) if self.pages else markdown

    def on_page_content(self, html: str, page: Page, files: Files, **_: Any) -> str:
        return self.pages.content(html, page, files) if self.pages else html

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        return keep_serving(server, builder)

    def on_build_error(self, error: Exception) -> None:
        self._close_page_cache()
        self._forget_epoch()

    def _forget_epoch(self) -> None:
        """The next build (a preview's rebuild) takes the time of its own sources."""
        if self.epoch_set:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
            self.epoch_set = False

    def _close_page_cache(self) -> None:
        if self.pages:
            self.pages.close()
            log.debug(f"page cache: {self.pages.hits} pages kept, {self.pages.misses} converted")
            self.pages = None


def search_languages(config: MkDocsConfig) -> list[str]:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    return list((search.config.lang if search is not None else None) or ["en"])


def _docs_dir(config: MkDocsConfig, root: Path) -> str:
    return Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
