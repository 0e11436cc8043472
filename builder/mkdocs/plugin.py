"""The MkDocs plugin: the only module that knows MkDocs' events.

It loads and checks the atlas before anything is written (``on_config``), adds the generated
pages, the downloads (Anki deck, Moodle XML) and the atlas' assets (``on_files``), turns
citations into numbered links and adds the glossary's tooltips (``on_page_markdown``).
Everything else lives in MkDocs-free modules.
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
from builder.checks import hand_written_pages, load_atlas, pictures
from builder.errors import AtlasErrors
from builder.export import cached_downloads, source_timestamp
from builder.markup.citations import keys_in, link_citations
from builder.markup.sanitize import SafeMarkdown, clean_html
from builder.markup.tooltips import FirstUseTooltips
from builder.mkdocs.nav import expand_nav
from builder.mkdocs.pagecache import PageCache
from builder.mkdocs.prune import prune_site
from builder.mkdocs.serve import keep_serving
from builder.questions.kinds import KINDS
from builder.site.pages import generate_pages
from builder.site.pages.glossary import abbreviations
from builder.site.pages.references import numbering
from builder.site.pages.references import page as references_page
from builder.site.pages.unknown import unknown_uri

log = logging.getLogger("mkdocs.plugins.atlas")
ASSETS = Path(__file__).parent.parent / "site" / "assets"
SHIM_URI = "assets/vendor/iframe-worker/shim.js"
LIGHTBOX_JS = "assets/vendor/glightbox/glightbox.min.js"
LIGHTBOX_CSS = "assets/vendor/glightbox/glightbox.min.css"
VENDOR = {  # site path: file installed by 'npm ci' (package.json), never fetched at run time
    SHIM_URI: "node_modules/iframe-worker/shim/index.js",
    LIGHTBOX_JS: "node_modules/glightbox/dist/js/glightbox.min.js",
    LIGHTBOX_CSS: "node_modules/glightbox/dist/css/glightbox.min.css",
}
# The atlas' scripts, in this order: the store and the question kinds before quiz.js, which
# sets questions up; the page scripts after it, as they read the state quiz.js restores. Each
# with the markers that need it: the theme (overrides/base.html) loads a script only on a page
# whose HTML holds one of them. GLightbox is not listed: figure.js loads it on first use.
QUIZ = 'class="atlas-quiz"'
SCRIPTS = {
    "store.js": (QUIZ, "data-atlas-unknown", "data-atlas-exam", "data-atlas-progress"),
    **{kind.script: (f'data-kind="{kind.name}"',) for kind in KINDS.values() if kind.script},
    "quiz.js": (QUIZ, "data-atlas-unknown", "data-atlas-exam"),
    "unknown.js": ("data-atlas-unknown",),
    "exam.js": ("data-atlas-exam",),
    "progress.js": ("data-atlas-progress",),
    "explorer.js": ("data-atlas-explorer",),
    "figure.js": ('class="glightbox', "data-atlas-figure"),
}


class AtlasConfig(Config):
    cases_dir = opt.Type(str, default="cases")
    data_dir = opt.Type(str, default="content/data")
    cache_dir = opt.Type(str, default=".cache/atlas/images")
    nav_cases_max = opt.Type(int, default=12)
    """List case pages in the navigation only up to this many cases."""
    dump_dir = opt.Optional(opt.Type(str))
    """Write each page's final Markdown and the navigation here (the benchmark builds them
    with plain MkDocs)."""


class AtlasPlugin(BasePlugin[AtlasConfig]):
    atlas: Atlas
    numbers: dict[str, int]
    abbreviations: str
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
        self.abbreviations = abbreviations(self.atlas)
        config.nav = expand_nav(config.nav, self.sections())
        if self.config.dump_dir:  # the benchmark gives plain MkDocs the same navigation
            dump = Path(self.config.dump_dir)
            dump.mkdir(parents=True, exist_ok=True)
            (dump / "nav.json").write_text(json.dumps(config.nav), encoding="utf-8")
        config.markdown_extensions += [SafeMarkdown(), FirstUseTooltips()]
        missing = [path for path in VENDOR.values() if not (root / path).is_file()]
        if missing:
            raise PluginError(f"{', '.join(missing)} missing: run 'make setup' (npm ci) first")
        config.extra_css += ["assets/atlas/atlas.css"]
        config.extra_javascript += [f"assets/atlas/{name}" for name in SCRIPTS]
        config.extra["atlas_scripts"] = {f"assets/atlas/{name}": list(markers)
                                         for name, markers in SCRIPTS.items()}
        if offline(config):  # its search shim must be ours, not a CDN's
            config.extra.setdefault("polyfills", []).insert(0, SHIM_URI)
        return config

    def sections(self) -> dict[str, list[str]]:
        """Generated pages listed under their section index in the navigation.

        Cases are listed only while they are few: Material writes the active section's
        navigation into every page of it, so a thousand listed cases would make every case
        page carry a thousand links (a quadratic site). Beyond the limit the cases index
        (and search) lead to them.
        """
        cases = self.atlas.cases if len(self.atlas.cases) <= self.config.nav_cases_max else []
        return {
            "cases/index.md": [f"cases/{c.id}.md" for c in cases]
            + [unknown_uri(c) for c in cases],
            "modalities/index.md": [f"modalities/{m.slug}.md"
                                    for m in self.atlas.modalities.values()],
            "quizzes/index.md": [f"quizzes/{q.id}.md" for q in self.atlas.quizzes],
        }

    def on_pre_build(self, config: MkDocsConfig) -> None:
        self.pages = PageCache((self.root / self.config.cache_dir).parent / "pages")

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        made = pictures(self.atlas, self.root / self.config.cache_dir)
        exports = (self.root / self.config.cache_dir).parent / "exports"
        for uri, data in cached_downloads(self.atlas, made, exports).items():
            files.append(File.generated(config, uri, content=data))
        uris = {uri: path for picture in made.values() for uri, path in picture.files()}
        for uri, path in sorted(uris.items()):
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        generated = generate_pages(self.atlas, made)
        listed = {uri for pages in self.sections().values() for uri in pages}
        for uri, markdown in generated.items():
            unlisted = uri.startswith("cases/") and uri != "cases/index.md" and uri not in listed
            files.append(File.generated(config, uri, content=markdown, inclusion=(
                InclusionLevel.NOT_IN_NAV if unlisted else InclusionLevel.UNDEFINED)))
        self.numbers = numbering(self.atlas, self._cited(generated))
        files.append(File.generated(config, "references.md",
                                    content=references_page(self.atlas, self.numbers)))
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/atlas/{asset.name}",
                                        abs_src_path=str(asset)))
        for uri, path in VENDOR.items():
            files.append(File.generated(config, uri, abs_src_path=str(self.root / path)))
        return files

    def _cited(self, generated: dict[str, str]) -> set[str]:
        """Every key cited on a page (the one check has refused unknown ones)."""
        texts = [*generated.values(),
                 *(p.read_text(encoding="utf-8") for p in hand_written_pages(self.atlas))]
        return {key for text in texts for _, key in keys_in(text)}

    def on_post_build(self, config: MkDocsConfig) -> None:
        self._close_page_cache()
        self._forget_epoch()
        search = config.plugins.get("material/search") or config.plugins.get("search")
        languages = search.config.lang if search is not None else []
        saved = prune_site(Path(config.site_dir), list(languages or ["en"]))
        log.debug(f"pruned {saved:,} bytes of source maps and unused search languages")

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files,
                         **_: Any) -> str:
        depth = page.file.src_uri.count("/")
        references = "../" * depth + "references.md"
        linked = f"{link_citations(markdown, self.numbers, references)}\n\n{self.abbreviations}\n"
        if self.config.dump_dir:
            target = Path(self.config.dump_dir) / page.file.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(linked, encoding="utf-8")
        return self.pages.markdown(linked, page, config, files) if self.pages else linked

    def on_page_content(self, html: str, page: Page, files: Files, **_: Any) -> str:
        """The page's HTML, sanitised: hand-written pages can hold raw HTML."""
        return clean_html(self.pages.content(html, page, files) if self.pages else html)

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


def offline(config: MkDocsConfig) -> bool:
    return any(name in ("offline", "material/offline") for name in config.plugins)


def _docs_dir(config: MkDocsConfig, root: Path) -> str:
    return Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix()
