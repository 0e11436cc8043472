"""The output folder: a build never replaces sources, and a kill never leaves no site.

``atlas build -d cases`` once deleted every case and ``-d .`` the whole checkout: the build
replaces its output folder whole, so the folder must be one of its own.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config

from builder import storage
from builder.cli.output import MARK, output_problem, sources
from support import run_atlas


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.parts
            and "node_modules" not in p.parts}


@pytest.mark.parametrize(("target", "says"), [
    ("cases", "the output folder is the cases folder"),
    (".", "the output folder is the atlas folder"),
    ("..", "the output folder contains the atlas folder"),
    ("content", "the output folder is the pages folder"),
    ("content/new", "the output folder lies inside the pages folder"),
    ("content/data", "the output folder is the data folder"),
    ("images", "the output folder is the images folder"),
    ("images/case-x", "the output folder lies inside the images folder"),
    ("overrides", "the output folder is the theme overrides"),
    (".git", "the output folder is the git repository"),
    (".git/site", "the output folder lies inside the git repository"),
    ("mkdocs.yml", "the output folder is the configuration file"),
    (".cache", "the output folder is the cache"),
    ("site", None),
])
def test_an_output_folder_may_not_hold_or_lie_in_sources(fixture_atlas: Path, target: str,
                                                         says: str | None) -> None:
    (fixture_atlas / ".cache").unlink()
    (fixture_atlas / ".cache").mkdir()
    config = load_config(str(fixture_atlas / "mkdocs.yml"))
    problem = output_problem((fixture_atlas / target).resolve(), sources(config))
    assert (problem and problem[0].split(",")[0]) == says


def test_build_into_the_sources_is_refused_and_changes_nothing(fixture_atlas: Path) -> None:
    (fixture_atlas / ".git").mkdir()
    (fixture_atlas / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    before = digest(fixture_atlas)
    for target, says in (("cases", "cases: the output folder is the cases folder"),
                         (".", ".: the output folder is the atlas folder")):
        result = run_atlas("build", "--quiet", "-d", target, cwd=fixture_atlas)
        assert result.returncode == 1, result.stderr
        assert says in result.stderr, result.stderr
        assert "(choose a folder of its own, e.g. -d site)" in result.stderr
        assert "Traceback" not in result.stderr
    assert digest(fixture_atlas) == before
    assert not list(fixture_atlas.glob(".*-*")), "a staging folder was left"


def test_build_refuses_a_folder_with_files_that_it_did_not_build(fixture_atlas: Path,
                                                                 tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "thesis.tex").write_text("years of work")
    result = run_atlas("build", "--quiet", "-d", str(notes), cwd=fixture_atlas)
    assert result.returncode == 1
    assert "the output folder has files in it and is not a site that 'atlas build' made" \
        in result.stderr
    assert (notes / "thesis.tex").read_text() == "years of work"
    assert sorted(p.name for p in notes.iterdir()) == ["thesis.tex"]


def test_build_marks_its_site_and_rebuilds_over_it(fixture_atlas: Path, tmp_path: Path) -> None:
    """Also over a site built before sites were marked."""
    out = tmp_path / "empty"
    out.mkdir()  # an empty folder is fine
    assert run_atlas("build", "--quiet", "-d", str(out), cwd=fixture_atlas).returncode == 0
    assert (out / MARK).is_file() and (out / "index.html").is_file()
    (out / "stale.html").write_text("from an older build")
    (out / MARK).unlink()
    again = run_atlas("build", "--quiet", "-d", str(out), cwd=fixture_atlas)
    assert again.returncode == 0, again.stderr
    assert not (out / "stale.html").exists(), "the site is replaced whole"


def test_a_killed_build_keeps_the_old_site_and_the_next_build_tidies(
        fixture_atlas: Path) -> None:
    assert run_atlas("build", "--quiet", cwd=fixture_atlas).returncode == 0
    before = digest(fixture_atlas / "site")
    build = subprocess.Popen([sys.executable, "-m", "builder.cli", "build", "--quiet"],
                             cwd=fixture_atlas, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(6000):  # until the staging folder exists (a build takes seconds)
            if list(fixture_atlas.glob(".site-*")) or build.poll() is not None:
                break
            time.sleep(0.005)
        os.killpg(build.pid, signal.SIGKILL)
    finally:
        build.wait()
    assert digest(fixture_atlas / "site") == before
    leftovers = list(fixture_atlas.glob(".site-*"))
    assert leftovers, "the kill came after the build: nothing to tidy"
    old = time.time() - 2 * storage.GRACE_SECONDS
    for path in leftovers:
        os.utime(path, (old, old))
    assert run_atlas("build", "--quiet", cwd=fixture_atlas).returncode == 0
    assert not list(fixture_atlas.glob(".site-*")), "the killed build's staging was kept"


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "new").write_text("new")
    (b / "old").write_text("old")
    if not storage.exchange(a, b):
        pytest.skip("this file system cannot exchange names")
    assert (b / "new").is_file() and (a / "old").is_file()


@pytest.mark.parametrize("can_exchange", [True, False])
def test_replace_folder_replaces_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       can_exchange: bool) -> None:
    if not can_exchange:
        monkeypatch.setattr(storage, "exchange", lambda a, b: False)
    site, new = tmp_path / "site", tmp_path / ".site-new"
    site.mkdir()
    (site / "old.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    storage.replace_folder(new, site)
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_site_moved_aside_by_a_killed_swap_is_put_back(tmp_path: Path) -> None:
    aside = tmp_path / f"{storage.TEMP}site-aside-123"
    aside.mkdir()
    (aside / "index.html").write_text("the old site")
    storage.restore_aside(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "the old site"


def test_leftovers_are_removed_unless_their_writer_lives(tmp_path: Path) -> None:
    dead = tmp_path / ".tmp-dead"
    dead.mkdir()
    (dead / "half.webp").write_bytes(b"RIFF")
    young = tmp_path / ".tmp-young"  # made an instant ago: its writer may lock it next
    young.mkdir()
    old = time.time() - 2 * storage.GRACE_SECONDS
    os.utime(dead, (old, old))
    with storage.temporary(tmp_path) as alive:
        os.utime(alive, (old, old))
        removed = storage.clean_leftovers(tmp_path)
        assert alive.is_dir(), "a live writer's folder was removed"
    assert removed == [dead]
    assert young.is_dir()
