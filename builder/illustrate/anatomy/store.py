"""A disk cache for work done once per body (distance fields, label volumes).

Rendering runs in several processes at once; a lock file makes the first one compute and the
others wait and then read, so the work is never done twice. Entries are ``.npz`` files named
by a key that includes the input data's and the code's hashes, so a stale entry is never read.
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from builder.illustrate.anatomy.meshes import ROOT

CACHE = Path(os.environ.get("ATLAS_ANATOMY_CACHE", ROOT / ".cache" / "atlas" / "anatomy"))


def source_hash(*modules: object) -> str:
    """Hash of the source files of the given modules (a cache key part that changes with
    the code that made the entry)."""
    h = hashlib.sha256()
    for m in modules:
        h.update(Path(m.__file__).read_bytes())  # type: ignore[attr-defined]
    return h.hexdigest()[:16]


def tree_hash(package: Path) -> str:
    """Hash of every Python source file under ``package``, with their names."""
    h = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


@functools.cache
def illustrate_hash() -> str:
    """Hash of every source file of the illustrations (a key part for entries that the
    whole drawing code decides, such as a lesion-free slice: any change makes them again)."""
    return tree_hash(Path(__file__).resolve().parent.parent)


def cached(key: str, make: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Arrays stored under ``key``, made by ``make()`` (once, across processes) if absent."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{key}.npz"
    if not path.exists():
        with open(CACHE / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not path.exists():
                arrays = make()
                tmp = path.with_suffix(".tmp.npz")
                np.savez(tmp, **arrays)
                tmp.replace(path)
    with np.load(path) as data:
        return {k: data[k] for k in data.files}
