"""The preview after a broken edit: the server keeps serving the last good site, with the
problem in a banner on every page, until a rebuild succeeds."""
from __future__ import annotations

import logging

from builder.mkdocs.serve import keep_serving


class Server:
    """Just what keep_serving uses of MkDocs' LiveReloadServer."""

    def __init__(self) -> None:
        self.builder = None

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return content.replace(b"</body>", b"<script>reload</script></body>")


def test_a_failed_rebuild_shows_its_problems_until_one_succeeds() -> None:
    broken = {"yes": True}

    def build() -> None:
        if broken["yes"]:
            logging.getLogger("mkdocs").error("cases/a.yaml:3:1: id: <bad> value")
            raise RuntimeError("build failed")

    server = keep_serving(Server(), build)
    server.builder()  # does not raise: the server lives on
    page = server._inject_js_into_html(b"<html><body class=x><p>hi</p></body></html>", 1)
    assert page.index(b"atlas-build-error") > page.index(b"<body class=x>")
    assert b"cases/a.yaml:3:1: id: &lt;bad&gt; value" in page and b"reload" in page
    broken["yes"] = False
    server.builder()
    page = server._inject_js_into_html(b"<html><body><p>hi</p></body></html>", 2)
    assert b"atlas-build-error" not in page and b"reload" in page
