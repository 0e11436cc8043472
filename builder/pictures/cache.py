"""Pictures for the site: render or read once, derive web sizes, cache by what went in.

A picture's cache key is a hash of everything that decides its pixels (the scene or the source
file's bytes, the source code of the renderers and of this pipeline, the sizes), so a rebuild
with nothing changed renders nothing, and a changed scene renders only itself. Misses render
in parallel across cores. Every file written carries no metadata: pixels are re-encoded,
never copied. Entries are written whole (builder.storage) and checked before use.
"""
from __future__ import annotations

import atexit
import errno
import functools
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from builder.illustrate.anatomy.store import tree_hash
from builder.illustrate.scene import Scene, View, Window
from builder.progress import progress
from builder.storage import (
    clean_leftovers,
    fingerprints,
    install,
    intact,
    remove,
    temporary,
    warn,
)

MASTER_WIDTH = 1024
WIDTHS = (480, 768, 1024)
FALLBACK_WIDTH = 768
URI_DIR = "assets/img"
FILES = (*(f"{w}.webp" for w in WIDTHS), f"{FALLBACK_WIDTH}.jpg")


@dataclass(frozen=True)
class Picture:
    """One picture in several sizes, with the lesion regions drawn on it."""

    key: str
    width: int
    height: int
    regions: tuple[dict[str, Any], ...]
    folder: Path

    def uri(self, name: str) -> str:
        return f"{URI_DIR}/{self.key[:20]}-{name}"

    @property
    def sources(self) -> list[tuple[str, int]]:
        return [(self.uri(f"{w}.webp"), w) for w in WIDTHS]

    @property
    def fallback(self) -> str:
        return self.uri(f"{FALLBACK_WIDTH}.jpg")

    @property
    def largest(self) -> str:
        return self.uri(f"{WIDTHS[-1]}.webp")

    def files(self) -> list[tuple[str, Path]]:
        """(site URI, cached file) for every file of this picture."""
        return [(self.uri(name), self.folder / name) for name in FILES]


@dataclass(frozen=True)
class FileSource:
    """A real image file (PNG, JPEG, WebP or DICOM) and, for DICOM CT, its window."""

    path: Path
    window: Window | None = None


Source = Scene | FileSource


@functools.cache
def code_hash() -> str:
    """Hash of the code that decides pixels (the renderers and this pipeline), so that any
    change to it makes every picture again without anyone bumping a version."""
    here = Path(__file__).parent
    digest = hashlib.sha256(tree_hash(here.parent / "illustrate").encode())
    code = sorted([here / "cache.py", here / "dicom.py",
                   *(here.parent.parent / "anatomy").glob("*.npz")])
    for path in code:
        digest.update(path.relative_to(here.parent.parent).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def source_key(source: Source) -> str:
    """Hash of everything that decides the pixels: the scene or the file's bytes, the code
    and the sizes."""
    payload: dict[str, Any] = {"code": code_hash(), "widths": WIDTHS}
    if isinstance(source, Scene):
        payload |= {"width": MASTER_WIDTH, "scene": source.model_dump(mode="json")}
    else:
        payload |= {"file": hashlib.sha256(source.path.read_bytes()).hexdigest(),
                    "window": source.window and source.window.value}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _job(source: Source, folder: Path) -> tuple[str, ...]:
    if isinstance(source, Scene):
        return ("scene", source.model_dump_json(), str(folder))
    return ("file", str(source.path), source.window.value if source.window else "", str(folder))


def prepare(sources: Mapping[str, Source], cache: Path,
            workers: int | None = None) -> dict[str, Picture]:
    """Pictures for every named source, making only those not yet whole in ``cache``.

    An entry is used only once its files match the sizes and hashes it recorded; a damaged
    one is made again with a warning. When the cache cannot be written, what it holds is
    still used and the rest is made in a temporary folder for this run.
    """
    keys = {name: source_key(source) for name, source in sources.items()}
    store = writable_cache(cache)
    found = {key: folder for key in set(keys.values())
             for folder in (cache / key, store / key) if _entry(folder) is not None}
    missing: dict[str, Source] = {}
    for name, key in keys.items():
        if key not in found and key not in missing:
            if (cache / key).exists():
                warn(f"{cache / key}: damaged picture in the cache, made again")
            missing[key] = sources[name]
    if missing:
        workers = workers or os.cpu_count() or 1
        groups = _groups({key: _job(source, store / key) for key, source in missing.items()},
                         missing)
        count = sum(len(g) for g in groups)
        if workers > 1 and len(groups) > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(groups))) as pool:
                # one group at a time: the workers finish together (in chunks of five
                # groups, one worker drew the last chunk alone, about 1 s of a cold build)
                done = pool.map(_render_group, groups, chunksize=1)
                for _ in progress((f for g in done for f in g), count,
                                  "Rendering illustrations"):
                    pass
        else:
            done = map(_render_group, groups)
            for _ in progress((f for g in done for f in g), count, "Rendering illustrations"):
                pass
    pictures = {}
    for name, key in keys.items():
        folder = found.get(key, store / key)
        meta = _entry(folder)
        if meta is None:  # damaged since it was made: make it once more, here
            folder = store / key
            _render_job(_job(sources[name], folder))
            meta = _entry(folder)
        if meta is None:
            raise OSError(errno.EIO, "the picture cache does not keep what is written to it",
                          str(folder))
        pictures[name] = Picture(key, meta["width"], meta["height"], tuple(meta["regions"]),
                                 folder)
    return pictures


_FALLBACK: dict[Path, Path] = {}
"""Cache that cannot be written -> the temporary folder used instead, once per process."""


def writable_cache(cache: Path) -> Path:
    """``cache``, tidied of what killed builds left, or a temporary folder for this process
    when it cannot be written (read-only, a file in its place, no space)."""
    if cache in _FALLBACK:
        return _FALLBACK[cache]
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with temporary(cache, folder=False) as probe:
            remove(probe)
    except OSError as exc:
        fallback = _FALLBACK[cache] = Path(tempfile.mkdtemp(prefix="atlas-pictures-"))
        atexit.register(shutil.rmtree, fallback, True)
        warn(f"{cache}: cannot write the picture cache ({exc.strerror or exc}); pictures are "
             "made in a temporary folder for this run")
        return fallback
    clean_leftovers(cache)
    return cache


def _entry(folder: Path) -> dict[str, Any] | None:
    """An entry's metadata if every file it lists is there with its recorded size and hash."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        shaped = (set(meta["files"]) == set(FILES) and isinstance(meta["width"], int)
                  and isinstance(meta["height"], int) and isinstance(meta["regions"], list))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return meta if shaped and intact(folder, meta["files"]) else None


def _groups(jobs: Mapping[str, tuple[str, ...]], sources: Mapping[str, Source]
            ) -> list[list[tuple[str, ...]]]:
    """Jobs that share their drawing (one scene in both CT windows) in one group, so one
    worker draws the slice once; the projections (the longest jobs) first, then groups
    ordered by body and view, so that a worker's successive groups tend to share that
    body's caches."""
    groups: dict[str, list[tuple[str, ...]]] = {}
    for key, job in jobs.items():
        source = sources[key]
        share = source.model_copy(update={"window": Window.SOFT_TISSUE}).model_dump_json() \
            if isinstance(source, Scene) else key
        groups.setdefault(share, []).append(job)

    def order(share: str) -> tuple[bool, str, str, str]:
        source = sources[next(k for k, j in jobs.items() if j is groups[share][0])]
        if not isinstance(source, Scene):
            return (True, "", "", share)
        # (drawn last, one radiograph or SPECT kept a worker busy a second or two after
        # the other had finished)
        return (source.view not in PROJECTIONS,
                source.body.model_dump_json(), source.view.value, share)

    return [groups[share] for share in sorted(groups, key=order)]


PROJECTIONS = frozenset({  # the views whose pictures take longest to draw
    View.XRAY_AP_PELVIS, View.XRAY_AP_KNEE, View.XRAY_LATERAL_KNEE, View.XRAY_AP_FEMUR,
    View.SPECT_AXIAL, View.SPECT_CORONAL, View.BONE_SCAN_ANTERIOR, View.BONE_SCAN_POSTERIOR})


def _render_group(jobs: list[tuple[str, ...]]) -> list[str]:
    return [_render_job(job) for job in jobs]


def _render_job(job: tuple[str, ...]) -> str:
    """Render a scene or read a file, and write its derivatives (runs in a worker process)."""
    kind, *payload, folder = job
    if kind == "scene":
        from builder.illustrate import measure
        from builder.illustrate.render import render

        scene = Scene.model_validate_json(payload[0])
        illustration = render(scene, MASTER_WIDTH)
        image = illustration.image
        # what the picture measurably shows of each lesion, kept with its region so that
        # pages and checks read it instead of drawing the picture again
        measured = measure.regions(scene, illustration.frame, illustration.frame.image)
        regions = [{"label": r.label, "polygon": [list(p) for p in r.polygon], **m}
                   for r, m in zip(illustration.regions, measured, strict=True)]
    else:
        path, window = payload
        image, regions = open_image(Path(path), Window(window) if window else None), []
    write_derivatives(image, Path(folder), regions)
    return folder


def open_image(path: Path, window: Window | None = None) -> Image.Image:
    """A real image's pixels: DICOM through its window, anything else decoded by Pillow."""
    if path.suffix.lower() == ".dcm":
        from builder.pictures import dicom

        return dicom.to_image(dicom.read(path), window)
    with Image.open(path) as image:
        image.load()
        return displayable(image)


def write_derivatives(image: Image.Image, folder: Path, regions: list[dict[str, Any]]) -> None:
    """Write every web size of ``image`` into ``folder``, whole or not at all, with no
    metadata, and the size and hash of each file for ``_entry`` to check."""
    with temporary(folder.parent) as staging:
        pixels = displayable(image)
        pixels = Image.frombytes(pixels.mode, pixels.size, pixels.tobytes())  # drops metadata
        sized = {width: _resized(pixels, width) for width in {*WIDTHS, FALLBACK_WIDTH}}
        for width in WIDTHS:
            # (encoder effort 1: a third of the time of 4 for files about 17 % larger;
            # the cold build's budget, make bench)
            sized[width].save(staging / f"{width}.webp", "WEBP", quality=80, method=1)
        sized[FALLBACK_WIDTH].save(staging / f"{FALLBACK_WIDTH}.jpg", "JPEG", quality=85,
                                   optimize=True)
        (staging / "meta.json").write_text(json.dumps(
            {"width": pixels.width, "height": pixels.height, "regions": regions,
             "files": fingerprints(staging, FILES)}, sort_keys=True), encoding="utf-8")
        install(staging, folder, lambda existing: _entry(existing) is not None)


def displayable(image: Image.Image) -> Image.Image:
    """8-bit RGB pixels as the image means them, whatever its mode.

    16-bit greyscale (a common medical export) spans its own range, windowed from its darkest
    to its brightest value, as DICOM is without a window; a palette image goes through its
    palette (with transparency over white), never through its indices.
    """
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        values = np.asarray(image, dtype=np.float64)
        low, high = float(values.min()), float(values.max())
        scaled = (values - low) / (high - low) * 255 if high > low else values * 0
        return Image.fromarray(np.round(scaled).astype(np.uint8), "L").convert("RGB")
    if image.mode in ("P", "PA", "LA", "RGBA", "La", "RGBa") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, "white")
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.Resampling.BICUBIC)  # (as sharp at these
    # scales as Lanczos, in three quarters of the time)
