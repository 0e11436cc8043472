"""The build carries the sources' time, not the clock's or the files': same sources, same bytes.

sitemap.xml.gz (a gzip header time) and the Anki deck (note and card times, to the
millisecond from file times) changed on every build or checkout. Now both take
SOURCE_DATE_EPOCH, or the last commit of the sources when they are committed as they are.
"""
from __future__ import annotations

import gzip
import io
import os
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path

from support import run_atlas

COMMIT_TIME = 1700000000


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": f"{COMMIT_TIME} +0000",
           "GIT_COMMITTER_DATE": f"{COMMIT_TIME} +0000"}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t",
                    *args], check=True, capture_output=True, env=env)


def outputs(root: Path) -> dict[str, bytes]:
    env_before = os.environ.pop("SOURCE_DATE_EPOCH", None)
    try:
        result = run_atlas("build", "--quiet", cwd=root)
    finally:
        if env_before is not None:
            os.environ["SOURCE_DATE_EPOCH"] = env_before
    assert result.returncode == 0, result.stderr
    site = root / "site"
    return {name: (site / name).read_bytes() for name in
            ("sitemap.xml", "sitemap.xml.gz", "downloads/nho-atlas.apkg")}


def deck_times(apkg: bytes) -> set[int]:
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive, tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "c.anki2"
        db.write_bytes(archive.read("collection.anki2"))
        conn = sqlite3.connect(db)
        times = {row[0] for table in ("notes", "cards") for row in conn.execute(
            f"SELECT mod FROM {table}")}
        conn.close()
    return times


def test_committed_sources_build_the_same_bytes_whatever_the_file_times(
        fixture_atlas: Path) -> None:
    git(fixture_atlas, "init", "-q")
    git(fixture_atlas, "add", "cases", "content", "mkdocs.yml")
    git(fixture_atlas, "commit", "-q", "-m", "sources")
    first = outputs(fixture_atlas)
    for path in (fixture_atlas / "cases").rglob("*"):  # a fresh clone: new file times
        os.utime(path, (COMMIT_TIME + 12345.678, COMMIT_TIME + 12345.678))
    again = outputs(fixture_atlas)
    assert again == first
    with gzip.GzipFile(fileobj=io.BytesIO(first["sitemap.xml.gz"])) as gz:
        gz.read()
        assert gz.mtime == COMMIT_TIME - COMMIT_TIME % 86400  # MkDocs: the day of the date
    assert deck_times(first["downloads/nho-atlas.apkg"]) == {COMMIT_TIME}


def test_source_date_epoch_wins(fixture_atlas: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = "1600000000"
    try:
        result = run_atlas("build", "--quiet", cwd=fixture_atlas)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert result.returncode == 0, result.stderr
    site = fixture_atlas / "site"
    with gzip.open(site / "sitemap.xml.gz") as gz:
        gz.read()
        assert gz.mtime == 1600000000 - 1600000000 % 86400
    assert deck_times((site / "downloads/nho-atlas.apkg").read_bytes()) == {1600000000}
