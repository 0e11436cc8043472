"""The HTML of each page, kept between builds so that a rebuild converts only what changed.

Markdown conversion is most of a build: a case page is a large block of HTML with Markdown
inside it, which Python-Markdown parses several times over (about 30 ms a page). The HTML
depends only on the page's Markdown, its place in the site, the site's list of files (for
link checks) and the Markdown tool chain (with the source of the atlas' own Markdown
extensions), so those make the key. A page whose conversion
logged a warning is not kept: the warning must show again on the next build. Only pages that
set their title in their front matter are kept, as the title is otherwise read from the
conversion.
"""
from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import logging
import os
import time
from collections.abc import Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, get_toc

from builder.storage import clean_leftovers, warn, write_file

FORMAT = 1
"""Bump when what is stored, or how it is used, changes."""
KEEP_DAYS = 7
"""Entries unused for this long are removed."""
LOG = logging.getLogger("mkdocs")
"""MkDocs' warnings come through here; when it is quiet they are not made at all."""
TOOLS = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")


class WarningCounter(logging.Handler):
    """Counts MkDocs' warnings, to tell whether converting a page warned."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.salt: str | None = None
        self.used: set[str] = set()
        self.pending: dict[str, tuple[str, int, dict[str, Any] | None, str]] = {}
        """src_uri: (key, warnings so far, the kept entry or None, the Markdown) while a page
        converts."""
        self.warnings = WarningCounter()
        self.hits = self.misses = 0
        self.writable = True
        LOG.addHandler(self.warnings)
        clean_leftovers(folder)

    def close(self) -> None:
        """Stop counting warnings; forget entries no build has used for a while (several
        atlases, such as a test's copies, may share one cache)."""
        LOG.removeHandler(self.warnings)
        stale = time.time() - KEEP_DAYS * 86400
        for path in self.folder.glob("*") if self.folder.is_dir() else ():
            with contextlib.suppress(OSError):
                if path.stem not in self.used and path.stat().st_mtime < stale:
                    path.unlink()

    def markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The Markdown to convert: none when the page's HTML is kept."""
        if "title" not in page.meta:
            return markdown
        if self.salt is None:
            self.salt = salt(config, files)
        key = hashlib.sha256(
            f"{self.salt}\0{page.file.src_uri}\0{markdown}".encode()).hexdigest()
        self.used.add(key)
        path = self.folder / f"{key}.json"
        kept = read_entry(path)
        self.pending[page.file.src_uri] = (key, self.warnings.count, kept, markdown)
        return markdown if kept is None else ""

    def content(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML: the kept one if converting was skipped, else ``html``, now kept."""
        if page.file.src_uri not in self.pending:
            return html
        key, warned_before, kept, markdown = self.pending.pop(page.file.src_uri)
        page.markdown = markdown
        if kept is not None:
            self.hits += 1
            page.toc = get_toc(kept["toc"])
            page.present_anchor_ids = set(kept["anchors"])
            page.links_to_anchors = {
                file: links for uri, links in kept["links"].items()
                if (file := files.get_file_from_path(uri)) is not None}
            return kept["html"]
        self.misses += 1
        if (self.warnings.count == warned_before and LOG.isEnabledFor(logging.WARNING)
                and self.writable):
            self.writable = store(self.folder / f"{key}.json", {
                "html": html,
                "toc": [token(anchor) for anchor in page.toc],
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": {file.src_uri: links
                          for file, links in (page.links_to_anchors or {}).items()},
            })
        return html


def salt(config: MkDocsConfig, files: Files) -> str:
    """Everything besides a page's own Markdown that its HTML depends on."""
    def plain(thing: object) -> object:  # MkDocs' nested configs, and extension objects
        if isinstance(thing, Mapping):
            return dict(thing)
        return f"{type(thing).__module__}.{type(thing).__qualname__}"

    ours = [hashlib.sha256(Path(inspect.getfile(type(extension))).read_bytes()).hexdigest()
            for extension in config.markdown_extensions if not isinstance(extension, str)]
    parts = [FORMAT, [version(tool) for tool in TOOLS], config.markdown_extensions,
             config.mdx_configs, config.use_directory_urls, config.validation,
             sorted(file.src_uri for file in files), ours]
    text = json.dumps(parts, default=plain, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def token(anchor: AnchorLink) -> dict[str, Any]:
    """A table-of-contents entry as Python-Markdown's toc tokens, which get_toc reads."""
    return {"level": anchor.level, "id": anchor.id, "name": anchor.title,
            "children": [token(child) for child in anchor.children]}


def read_entry(path: Path) -> dict[str, Any] | None:
    """A kept page, or None when there is none or it is damaged (then it is converted again
    and stored afresh)."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except OSError:  # none kept, or the cache cannot be read: convert
        return None
    except ValueError:
        kept = None
    if not _well_formed(kept):
        warn(f"{path}: damaged page in the cache, converted again")
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: not stale
    return kept


def _well_formed(kept: object) -> bool:
    def toc(tokens: object) -> bool:
        return isinstance(tokens, list) and all(
            isinstance(t, dict) and isinstance(t.get("level"), int)
            and isinstance(t.get("id"), str) and isinstance(t.get("name"), str)
            and toc(t.get("children")) for t in tokens)

    return (isinstance(kept, dict) and isinstance(kept.get("html"), str)
            and toc(kept.get("toc"))
            and isinstance(kept.get("anchors"), list)
            and all(isinstance(a, str) for a in kept["anchors"])
            and isinstance(kept.get("links"), dict)
            and all(isinstance(k, str) and isinstance(v, (list, dict))
                    for k, v in kept["links"].items()))


def store(path: Path, entry: dict[str, Any]) -> bool:
    """Write whole or not at all; False (with a warning) when the cache cannot be written,
    which only makes the next build slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, json.dumps(entry).encode())
    except OSError as exc:
        warn(f"{path.parent}: cannot write the page cache ({exc.strerror or exc}); pages are "
             "converted again on the next build")
        return False
    return True
