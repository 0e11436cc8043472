"""Paths and helpers shared by the tests (conftest.py holds the fixtures)."""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


def copy_atlas(root: Path) -> Path:
    """A writable copy of the real atlas (cases, content, images, configuration) at root."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("cases", "content", "images", "overrides"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root)
    share_installed(root)
    return root


def share_installed(root: Path) -> None:
    """Link the vendor files and the picture cache, so copies build without re-rendering."""
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    (ROOT / ".cache").mkdir(exist_ok=True)
    (root / ".cache").symlink_to(ROOT / ".cache")


def run_atlas(*args: str, cwd: Path, env: dict[str, str] | None = None
              ) -> subprocess.CompletedProcess[str]:
    """Run the atlas command as an educator would, capturing what it prints."""
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600, env=env)


@functools.cache
def _first_epoch() -> str:
    return str(int(max(p.stat().st_mtime for d in ("cases", "content/data")
                       for p in (ROOT / d).glob("*.yaml"))))


def same_time() -> dict[str, str]:
    """The environment with SOURCE_DATE_EPOCH fixed to the real atlas's sources as this
    session found them, so the session's builds of the real atlas (one per engine, minutes
    apart) stamp their downloads alike whatever happens to file times in between."""
    return {**os.environ, "SOURCE_DATE_EPOCH": _first_epoch()}


def make_fixture_atlas(root: Path) -> Path:
    """The small valid atlas of tests/data/valid at ``root``, with the real configuration
    and a stub for every hand-written page the navigation names."""
    shutil.copytree(DATA / "valid", root, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    share_installed(root)
    (root / "images").mkdir(exist_ok=True)
    for page in (ROOT / "content").rglob("*.md"):
        stub = root / "content" / page.relative_to(ROOT / "content")
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(f"# {page.stem.title()}\n\nText [@ref-a].\n")
    return root
