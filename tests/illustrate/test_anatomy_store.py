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


def test_the_radiographs_window_is_made_again_when_any_illustration_code_changes(
        monkeypatch) -> None:
    """The grey scale of every radiograph of a body comes from the normal body's
    projection, which its solids, phantom and lesion code decide as much as xray does: a
    window keyed by body and xray alone outlived a fix to the solids (stop 25)."""
    from builder.illustrate import xray

    keys: list[str] = []
    monkeypatch.setattr(store, "cached", lambda key, make: keys.append(key) or
                        {"range": np.array([0.0, 1.0, 0.5])})
    xray.display_range.cache_clear()
    try:
        xray.display_range("female")
    finally:
        xray.display_range.cache_clear()
    assert len(keys) == 1 and store.illustrate_hash() in keys[0]


def test_the_sacral_canals_are_made_again_when_the_sacrums_field_code_changes(
        monkeypatch) -> None:
    from builder.illustrate.anatomy import fieldset, voxelise
    from builder.illustrate.body import build

    keys: list[str] = []
    monkeypatch.setattr(store, "cached", lambda key, make: keys.append(key) or
                        {"d": np.zeros((2, 2, 2), np.float32)})
    sacrum = phantom.body(Body()).fields["sacrum"]
    build._canals("female", sacrum)
    assert keys and store.source_hash(fieldset, voxelise, build) in keys[0]
