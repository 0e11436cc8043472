"""The anatomy cache: work done once per body and plane, shared across processes and
builds, never read when the code that made it has changed."""
from __future__ import annotations

import numpy as np
import pytest

from builder.illustrate import phantom
from builder.illustrate.anatomy import store
from builder.illustrate.scene import Body


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "CACHE", tmp_path)
    return tmp_path


def test_a_lesion_free_picture_is_made_once_per_plane_and_code(cache) -> None:
    made: list[str] = []

    def make(tag: str):
        def run() -> dict[str, np.ndarray]:
            made.append(tag)
            return {"hu": np.full((4, 4), len(made), np.float32)}
        return run

    spec = Body()
    first = phantom.lesion_free(spec, '{"level": "femoral-head"}', "ct", make("a"))
    again = phantom.lesion_free(spec, '{"level": "femoral-head"}', "ct", make("b"))
    other = phantom.lesion_free(spec, '{"level": "acetabular-roof"}', "ct", make("c"))
    assert made == ["a", "c"]  # the same plane is read back, another plane is made
    assert np.array_equal(first["hu"], again["hu"]) and not np.array_equal(first["hu"],
                                                                         other["hu"])
    # the key carries the hash of every source file of the illustrations
    assert all(store.illustrate_hash() in p.name for p in cache.glob("free-*.npz"))


def test_the_code_hash_changes_with_any_source_file(tmp_path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.py").write_text("A = 1\n")
    (tmp_path / "sub" / "b.py").write_text("B = 1\n")
    before = store.tree_hash(tmp_path)
    (tmp_path / "sub" / "b.py").write_text("B = 2\n")
    assert store.tree_hash(tmp_path) != before
    assert len(store.illustrate_hash()) == 16
