"""The picture cache heals: damage is found before use and made again, never published.

A build killed while writing, a full disk, a truncated or garbage file, a corrupt meta.json,
a cache that is a file or read-only, two builds at once: each must end in whole pictures and
at most a one-line warning, never in an ``unexpected error`` or a broken image on the site.
"""
from __future__ import annotations

import errno
import json
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from PIL import Image

from builder import storage
from builder.illustrate.scene import Scene
from builder.pictures import cache as images

SCENES = {f"s{seed}": Scene(view="xray-ap-pelvis", seed=seed,
                            lesions=[{"site": "anterior", "side": "right", "maturity": 0.5}])
          for seed in range(3)}


def whole(picture: images.Picture) -> None:
    for _, path in picture.files():
        with Image.open(path) as image:
            image.load()


@pytest.fixture
def cache(tmp_path: Path) -> Path:
    images.prepare(SCENES, tmp_path / "cache", workers=1)
    return tmp_path / "cache"


def damage_truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:100])


def damage_garbage(path: Path) -> None:  # same size, so only the hash can tell
    path.write_bytes(os.urandom(path.stat().st_size))


def damage_remove(path: Path) -> None:
    path.unlink()


def damage_meta(path: Path) -> None:
    (path.parent / "meta.json").write_text('{"width": 1')


def damage_meta_shape(path: Path) -> None:
    (path.parent / "meta.json").write_text(json.dumps({"width": "wide", "files": []}))


def damage_folder(path: Path) -> None:  # a kill left a folder with one file
    for other in path.parent.iterdir():
        if other != path:
            other.unlink()


@pytest.mark.parametrize("damage", [damage_truncate, damage_garbage, damage_remove,
                                    damage_meta, damage_meta_shape, damage_folder])
def test_a_damaged_entry_is_made_again_with_a_warning(
        cache: Path, damage, capsys: pytest.CaptureFixture[str]) -> None:
    picture = images.prepare(SCENES, cache, workers=1)["s1"]
    target = picture.folder / "768.webp"
    damage(target)
    again = images.prepare(SCENES, cache, workers=1)
    assert again["s1"] == picture
    whole(again["s1"])
    err = capsys.readouterr().err
    assert f"{picture.folder}: damaged picture in the cache, made again" in err
    assert err.count("WARNING") == 1


def test_leftovers_of_a_killed_build_are_removed(cache: Path) -> None:
    leftover = cache / ".tmp-abc123"
    leftover.mkdir()
    (leftover / "480.webp").write_bytes(b"RIFF")
    old = time.time() - 2 * storage.GRACE_SECONDS
    os.utime(leftover, (old, old))
    images.prepare(SCENES, cache, workers=1)
    assert not leftover.exists()


def test_a_cache_that_is_a_file_is_worked_around(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".cache").write_text("not a folder")
    pictures = images.prepare(SCENES, tmp_path / ".cache" / "atlas" / "images", workers=1)
    whole(pictures["s0"])
    err = capsys.readouterr().err
    assert "cannot write the picture cache" in err and "temporary folder for this run" in err


def test_a_read_only_cache_is_worked_around(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """What it holds is used; what it lacks is made elsewhere for this run."""
    temporary = images.temporary

    def read_only(parent: Path, *args: object, **kwargs: object) -> object:
        if parent == cache or cache in parent.parents:
            raise OSError(errno.EROFS, "Read-only file system")
        return temporary(parent, *args, **kwargs)

    monkeypatch.setattr(images, "temporary", read_only)
    extra = Scene(view="xray-ap-pelvis", seed=99, lesions=[])
    pictures = images.prepare({**SCENES, "extra": extra}, cache, workers=1)
    assert "Read-only file system" in capsys.readouterr().err
    assert pictures["s0"].folder.parent == cache
    assert pictures["extra"].folder.parent != cache
    whole(pictures["extra"])


def test_a_full_disk_leaves_no_half_entry(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    original = Image.Image.save
    calls = []

    def full(self: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        calls.append(fp)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        original(self, fp, *args, **kwargs)

    monkeypatch.setattr(Image.Image, "save", full)
    with pytest.raises(OSError, match="No space left"):
        images.prepare({"a": SCENES["s0"]}, tmp_path, workers=1)
    assert list(tmp_path.iterdir()) == [], "a half-written entry was left"
    monkeypatch.undo()
    whole(images.prepare({"a": SCENES["s0"]}, tmp_path, workers=1)["a"])


def _prepare_in(cache: str) -> str:
    images.prepare(SCENES, Path(cache), workers=1)
    return "ok"


def test_builds_at_once_share_a_cold_cache(tmp_path: Path) -> None:
    """Two (here four) cold builds at once used to fail one time in four with 'Directory
    not empty': entries are named by content, so a second writer keeps the first's."""
    context = multiprocessing.get_context("spawn")
    for round_ in range(2):
        cache = tmp_path / f"round{round_}"
        with context.Pool(4) as pool:
            assert pool.map(_prepare_in, [str(cache)] * 4) == ["ok"] * 4
        for picture in images.prepare(SCENES, cache, workers=1).values():
            whole(picture)
        assert len([p for p in cache.iterdir() if not p.name.startswith(".")]) == 3


def test_the_key_holds_the_renderers_source(monkeypatch: pytest.MonkeyPatch) -> None:
    before = images.source_key(SCENES["s0"])
    renderer = Path(images.__file__).parent.parent / "illustrate" / "xray.py"
    read = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read(self) + (
        b"# changed" if self == renderer else b""))
    images.code_hash.cache_clear()
    try:
        assert images.source_key(SCENES["s0"]) != before
    finally:
        monkeypatch.undo()
        images.code_hash.cache_clear()


def test_16_bit_greyscale_is_windowed_not_clipped(tmp_path: Path) -> None:
    """A 16-bit medical export (values in the thousands) came out 99.6 % white."""
    import numpy as np

    ramp = np.tile(np.linspace(1000, 4000, 256).astype(np.uint16), (64, 1))
    path = tmp_path / "ct.png"
    Image.fromarray(ramp).save(path)
    with Image.open(path) as opened:
        assert opened.mode.startswith("I")
    pixels = np.asarray(images.open_image(path).convert("L"), dtype=float)
    assert pixels[:, 0].mean() < 5 and pixels[:, -1].mean() > 250
    assert (pixels > 250).mean() < 0.05


def test_palette_images_keep_their_colours(tmp_path: Path, fixture_atlas: Path) -> None:
    """import-image turned a palette PNG's green to black."""
    from builder.pictures.importer import import_image

    source = Image.new("RGB", (64, 48), (0, 160, 0)).quantize(4)
    assert source.mode == "P"
    path = tmp_path / "green.png"
    source.save(path)
    assert images.open_image(path).getpixel((10, 10)) == (0, 160, 0)
    import_image(fixture_atlas, path, "case-test", "fig9a")
    with Image.open(fixture_atlas / "images/case-test/fig9a.png") as imported:
        assert imported.convert("RGB").getpixel((10, 10)) == (0, 160, 0)
