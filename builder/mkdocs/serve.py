"""The preview server after a broken edit: the last good site, with the problem on every page.

MkDocs' live-reload server holds every request until a rebuild succeeds ("the server will
appear stuck"), so one broken case made the preview hang in the browser. Here a failed
rebuild is caught: the site on disk is still the last good one (the one check runs before
anything is written), the browsers are told to reload, and each page they load carries a
banner with the problems, until an edit fixes them.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable
from typing import Any

LOG = logging.getLogger("mkdocs")
BODY = re.compile(rb"<body[^>]*>")
BANNER = (
    '<div class="atlas-build-error" role="alert" style="position:sticky;top:0;z-index:9;'
    'margin:0;padding:.8rem 1rem;background:#fff3cd;color:#1a1a1a;border-bottom:3px solid '
    '#b00020;font:14px/1.4 sans-serif"><strong>The last edit did not build.</strong> This '
    "is the last version that did; fix the problem{s} below and save, and the page reloads."
    '<pre style="white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.4 monospace">{problems}'
    "</pre></div>")


class _Problems(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def keep_serving(server: Any, builder: Callable[..., None]) -> Any:
    """Make ``server`` (MkDocs' LiveReloadServer) survive a failed rebuild of ``builder``."""
    state: dict[str, str | None] = {"problems": None}

    def guarded(*args: Any, **kwargs: Any) -> None:
        problems = _Problems()
        LOG.addHandler(problems)
        try:
            builder(*args, **kwargs)
            state["problems"] = None
        except Exception as exc:  # shown on the page and in the terminal; the server lives
            state["problems"] = "\n".join(problems.lines) or f"{type(exc).__name__}: {exc}"
            LOG.error("The last edit did not build; the preview shows the last good site "
                      "with the problem on every page.")
        finally:
            LOG.removeHandler(problems)

    inject = server._inject_js_into_html

    def with_banner(content: bytes, epoch: int) -> bytes:
        content = inject(content, epoch)
        problems = state["problems"]
        if problems is None:
            return content
        banner = BANNER.format(s="" if problems.count("\n") == 0 else "s",
                               problems=html.escape(problems)).encode()
        body = BODY.search(content)
        at = body.end() if body else 0
        return content[:at] + banner + content[at:]

    server.builder = guarded
    server._inject_js_into_html = with_banner
    return server
