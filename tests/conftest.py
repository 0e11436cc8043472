"""Shared fixtures: the real atlas, a small valid fixture atlas, and copies to break safely."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from support import DATA, ROOT, copy_atlas, run_atlas, share_installed

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def fixture_atlas(tmp_path: Path) -> Path:
    """A writable copy of tests/data/valid, with the real site configuration beside it."""
    root = tmp_path / "atlas"
    shutil.copytree(DATA / "valid", root, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", root)
    shutil.copytree(ROOT / "overrides", root / "overrides")
    share_installed(root)
    (root / "images").mkdir(exist_ok=True)
    for page in (ROOT / "content").rglob("*.md"):  # the nav names every hand-written page
        stub = root / "content" / page.relative_to(ROOT / "content")
        stub.parent.mkdir(parents=True, exist_ok=True)
        stub.write_text(f"# {page.stem.title()}\n\nText [@ref-a].\n")
    return root


@pytest.fixture
def real_atlas(tmp_path: Path) -> Path:
    return copy_atlas(tmp_path / "real")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas built once per test session with --strict; returns its site folder."""
    root = copy_atlas(tmp_path_factory.mktemp("built"))
    result = run_atlas("build", "--strict", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"
