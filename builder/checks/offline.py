"""Rules that keep the site offline: no authored text may load anything from another site.

Every string of every record and every hand-written page is searched for an image or other
media at a remote or protocol-relative address (builder.markup.remote); each is an error
where it is written. The sanitiser of every page (builder.markup.sanitize) drops any that
got through, but the author should know.
"""
from __future__ import annotations

from collections.abc import Iterator

from builder.atlas import Atlas
from builder.checks.pages import hand_written_pages
from builder.errors import AtlasError, file_kind_problem
from builder.markup.citations import without_code
from builder.markup.remote import remote_sources
from builder.source.yamlsource import strings

HINT = ("the atlas loads nothing from other sites: save the picture under images/ with "
        "atlas import-image and use it as a figure")


def message(url: str) -> str:
    return f"{url[:80]!r} would be loaded from another site"


def check_offline(atlas: Atlas) -> Iterator[AtlasError]:
    for source in atlas.sources.values():
        for path, text in strings(source.data, ()):
            for line, url in remote_sources(text, raw_html=False):
                where = f" on its line {line}" if "\n" in text.strip() else ""
                yield source.error(path, message(url) + where, HINT)
    for page in hand_written_pages(atlas):
        display = page.relative_to(atlas.root).as_posix()
        if file_kind_problem(page):
            continue  # check_pages reports it; a FIFO would never finish reading
        try:
            text = page.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # check_pages reports it
        for line, url in remote_sources(without_code(text)):
            yield AtlasError(display, line, "", message(url), HINT)
