"""What a reader's browser pays: first-load bytes per page, and Lighthouse scores."""
from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import json
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
LIGHTHOUSE = Path(".cache/lighthouse/node_modules/.bin/lighthouse")


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


class _Host(http.server.SimpleHTTPRequestHandler):
    """A static host as most are configured: gzip for text when the browser accepts it."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201 (http.server's own signature)
        path = Path(self.translate_path(self.path))
        if (self.gzip and path.is_file() and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            body = gzip.compress(path.read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@contextlib.contextmanager
def served(site: Path, compress: bool = False) -> Iterator[str]:
    handler = type("Host", (_Host,), {"gzip": compress})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def first_load_bytes(site: Path, pages: list[str], compress: bool) -> dict[str, dict[str, int]]:
    """Bytes each page's first load transfers (HTML, CSS, JS, search index, images above
    the fold), by resource type, from a host that gzips text or from one that does not."""
    from playwright.sync_api import sync_playwright

    out = {}
    with served(site, compress) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for path in pages:  # a fresh context each: an empty cache, as on a first visit
            page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
            requests = []
            page.on("requestfinished", lambda request, seen=requests: seen.append(request))
            page.goto(f"{url}/{path}", wait_until="networkidle")
            sizes: dict[str, int] = {}
            for request in requests:
                size = request.sizes()
                sizes[request.resource_type] = sizes.get(request.resource_type, 0) + (
                    size["responseBodySize"] + size["responseHeadersSize"])
            page.context.close()
            out[path] = {**sizes, "total": sum(sizes.values())}
        browser.close()
    return out


def lighthouse(site: Path, pages: list[str]) -> dict[str, dict[str, int]]:
    """Lighthouse 12.2.3 category scores (0-100) per page, against Debian's Chromium."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "install", "--prefix", ".cache/lighthouse", "--no-audit",
                        "--no-fund", "--loglevel=error", "lighthouse@12.2.3"], check=True)
    scores = {}
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    with served(site, compress=True) as url:
        for path in pages:
            done = subprocess.run(
                [str(LIGHTHOUSE), f"{url}/{path}", "--quiet", "--output=json",
                 "--output-path=stdout", "--only-categories=performance,accessibility,"
                 "best-practices,seo", f"--chrome-flags={' '.join(FLAGS)}"],
                capture_output=True, text=True, env=env, timeout=300)
            report = json.loads(done.stdout)
            scores[path] = {name: round((cat["score"] or 0) * 100)
                            for name, cat in report["categories"].items()}
    return scores
