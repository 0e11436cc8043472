"""Paths and helpers shared by the tests (conftest.py holds the fixtures)."""
from __future__ import annotations

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


def run_atlas(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the atlas command as an educator would, capturing what it prints."""
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


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
