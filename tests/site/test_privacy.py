"""The built site gives away nothing about the machine that built it.

No file (text or binary) holds an absolute local path (the build folder, the repository,
/root, /home/…, /tmp/…), the builder's home folder, user name or host name. Image metadata
is checked separately. That the pages request nothing from other hosts is
tests/e2e/test_offline.py's job.
"""
from __future__ import annotations

import getpass
import re
import socket
from pathlib import Path

import pytest

from support import ROOT


def leaks(site: Path) -> dict[str, bytes]:
    """Each pattern that must not appear, by a name for the report."""
    user = getpass.getuser()
    patterns = {
        "build folder": re.escape(str(site.parent.resolve())).encode(),
        "repository": re.escape(str(ROOT)).encode(),
        "home folder": re.escape(str(Path.home())).encode(),
        "/root": rb"/root\b",
        "/home/": rb"/home/",
        "/tmp/": rb"/tmp/",
        # the user name where it names a person or a folder, not the word in code (":root")
        "user name": rb"(?:[/\\]|\b(?:user|author|by)[=: ]+)" + re.escape(user).encode()
        + rb"\b|\b" + re.escape(user).encode() + rb"@",
    }
    host = socket.gethostname()
    if len(host) >= 6:  # a short host name would match ordinary words
        patterns["host name"] = rb"\b" + re.escape(host).encode() + rb"\b"
    return patterns


def test_no_local_path_user_or_host_in_any_file(built_site: Path) -> None:
    patterns = {name: re.compile(p, re.IGNORECASE) for name, p in leaks(built_site).items()}
    found = []
    files = [p for p in sorted(built_site.rglob("*")) if p.is_file()]
    for path in files:
        data = path.read_bytes()
        for name, pattern in patterns.items():
            for match in pattern.finditer(data):
                context = data[max(0, match.start() - 40):match.end() + 40]
                found.append(f"{path.relative_to(built_site)}: {name}: {context!r}")
    assert len(files) > 50
    if found:
        pytest.fail(f"{len(found)} leak(s) in {len(files)} files:\n" + "\n".join(found), False)


def test_the_check_finds_a_leak(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    patterns = {name: re.compile(p) for name, p in leaks(site).items()}
    for text, name in [(f"{tmp_path}/site/x.png", "build folder"), ("/home/ann/x", "/home/"),
                       (f"{ROOT}/cases", "repository"), (f"{Path.home()}/.cache", "home folder"),
                       (f"{getpass.getuser()}@host", "user name")]:
        assert patterns[name].search(text.encode()), (name, text)
    assert not patterns["user name"].search(b":root { --x: 1 } var root = 1;")
