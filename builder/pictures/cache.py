"""Pictures for the site: render or read once, derive web sizes, cache by what went in.

A picture's cache key is a hash of everything that decides its pixels (the scene or the source
file's bytes, the renderer's version, the sizes), so a rebuild with nothing changed renders
nothing, and a changed scene renders only itself. Misses render in parallel across cores.
Every file written carries no metadata: pixels are re-encoded, never copied.
"""
from __future__ import annotations

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

from PIL import Image

from builder.illustrate.scene import Scene, Window
from builder.progress import progress

PIPELINE_VERSION = "1"
MASTER_WIDTH = 1024
WIDTHS = (480, 768, 1024)
FALLBACK_WIDTH = 768
URI_DIR = "assets/img"


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
        names = [f"{w}.webp" for w in WIDTHS] + [f"{FALLBACK_WIDTH}.jpg"]
        return [(self.uri(name), self.folder / name) for name in names]


@dataclass(frozen=True)
class FileSource:
    """A real image file (PNG, JPEG, WebP or DICOM) and, for DICOM CT, its window."""

    path: Path
    window: Window | None = None


Source = Scene | FileSource


def source_key(source: Source) -> str:
    """Hash of everything that decides the pixels: the scene or the file's bytes, and sizes."""
    payload: dict[str, Any] = {"pipeline": PIPELINE_VERSION, "widths": WIDTHS}
    if isinstance(source, Scene):
        from builder.illustrate.render import RENDERER_VERSION

        payload |= {"renderer": RENDERER_VERSION, "width": MASTER_WIDTH,
                    "scene": source.model_dump(mode="json")}
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
    """Pictures for every named source, making only those not yet in ``cache``."""
    keys = {name: source_key(source) for name, source in sources.items()}
    missing = {key: sources[name] for name, key in keys.items() if not _cached(cache / key)}
    if missing:
        workers = workers or os.cpu_count() or 1
        jobs = [_job(source, cache / key) for key, source in missing.items()]
        if workers > 1 and len(jobs) > 1:
            with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
                for _ in progress(pool.map(_render_job, jobs), len(jobs),
                                  "Rendering illustrations"):
                    pass
        else:
            for _ in progress(map(_render_job, jobs), len(jobs), "Rendering illustrations"):
                pass
    return {name: _load(cache / key, key) for name, key in keys.items()}


def _cached(folder: Path) -> bool:
    return (folder / "meta.json").is_file()


def _load(folder: Path, key: str) -> Picture:
    meta = json.loads((folder / "meta.json").read_text())
    return Picture(key, meta["width"], meta["height"], tuple(meta["regions"]), folder)


def _render_job(job: tuple[str, ...]) -> str:
    """Render a scene or read a file, and write its derivatives (runs in a worker process)."""
    kind, *payload, folder = job
    if kind == "scene":
        from builder.illustrate.render import render

        illustration = render(Scene.model_validate_json(payload[0]), MASTER_WIDTH)
        image = illustration.image
        regions = [{"label": r.label, "polygon": [list(p) for p in r.polygon]}
                   for r in illustration.regions]
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
        return image.convert("RGB")


def write_derivatives(image: Image.Image, folder: Path, regions: list[dict[str, Any]]) -> None:
    """Write every web size of ``image`` into ``folder`` atomically, with no metadata."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
    pixels = Image.frombytes(image.mode, image.size, image.tobytes())  # drops every chunk
    pixels = pixels.convert("RGB")
    for width in WIDTHS:
        _resized(pixels, width).save(staging / f"{width}.webp", "WEBP", quality=80, method=4)
    _resized(pixels, FALLBACK_WIDTH).save(staging / f"{FALLBACK_WIDTH}.jpg", "JPEG", quality=85,
                                          optimize=True)
    (staging / "meta.json").write_text(json.dumps(
        {"width": pixels.width, "height": pixels.height, "regions": regions}, sort_keys=True))
    if folder.exists():
        shutil.rmtree(folder)
    staging.rename(folder)


def _resized(image: Image.Image, width: int) -> Image.Image:
    if image.width <= width:
        return image
    height = round(image.height * width / image.width)
    return image.resize((width, height), Image.Resampling.LANCZOS)
