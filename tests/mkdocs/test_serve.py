"""The preview after a broken edit: the last good site, answered at once, with the problem
shown on the page; fixed, the banner goes. MkDocs alone held every request ("the server will
appear stuck") until the edit was fixed."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

PATIENCE = 600  # rounds of polling; each request may itself wait REQUEST_TIMEOUT seconds
REQUEST_TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> str:
    """The page; a request the server holds longer than REQUEST_TIMEOUT fails the test."""
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT) as response:
        return response.read().decode("utf-8")


def until(check: Callable[[], bool], what: str) -> None:
    for _ in range(PATIENCE):
        if check():
            return
        time.sleep(0.5)
    pytest.fail(f"never: {what}")


@pytest.fixture
def served(fixture_atlas: Path) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "-a",
                               f"127.0.0.1:{port}"], cwd=fixture_atlas,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)

    def up() -> bool:
        assert server.poll() is None, "the server stopped"
        try:
            get(f"http://127.0.0.1:{port}/")
            return True
        except (urllib.error.URLError, ConnectionError):
            return False

    try:
        until(up, "the server answered")
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


def test_a_broken_edit_keeps_the_last_good_site_and_shows_the_problem(
        served: str, fixture_atlas: Path) -> None:
    page = f"{served}/cases/case-test.html"
    assert "A minimal case record." in get(page)
    case = fixture_atlas / "cases" / "case-test.yaml"
    good = case.read_text()
    case.write_text(good.replace("modality: CT", "modality: CTT"))
    until(lambda: "atlas-build-error" in get(page), "the problem was shown")
    broken = get(page)
    assert "The last edit did not build." in broken
    assert "studies[0].modality: &#x27;CTT&#x27; is not a modality" in broken
    assert "A minimal case record." in broken, "the last good page is not served"
    assert "atlas-build-error" in get(f"{served}/glossary.html")
    case.write_text(good.replace("A minimal case record.", "An edited record."))
    until(lambda: "An edited record." in get(page), "the fixed edit was served")
    assert "atlas-build-error" not in get(page)
