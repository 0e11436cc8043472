"""Shared fixtures: the real atlas, a small valid fixture atlas, and copies to break safely."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from support import copy_atlas, make_fixture_atlas, run_atlas, same_time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture
def fixture_atlas(tmp_path: Path) -> Path:
    """A writable copy of tests/data/valid, with the real site configuration beside it."""
    return make_fixture_atlas(tmp_path / "atlas")


@pytest.fixture
def real_atlas(tmp_path: Path) -> Path:
    return copy_atlas(tmp_path / "real")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas built once per test session with --strict; returns its site folder."""
    root = copy_atlas(tmp_path_factory.mktemp("built"))
    result = run_atlas("build", "--strict", "--quiet", cwd=root, env=same_time())
    assert result.returncode == 0, result.stderr
    return root / "site"


def build_with(engine: str, root: Path) -> Path:
    result = run_atlas("build", "--engine", engine, "--strict", "--quiet", cwd=root,
                       env=same_time())
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas built once per session with Zensical (atlas build --engine zensical)."""
    return build_with("zensical", copy_atlas(tmp_path_factory.mktemp("zensical")))


@pytest.fixture(scope="session")
def properdocs_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real atlas built once per session with ProperDocs."""
    return build_with("properdocs", copy_atlas(tmp_path_factory.mktemp("properdocs")))
