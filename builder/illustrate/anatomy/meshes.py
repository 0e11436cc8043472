"""The committed anatomy meshes (anatomy/*.npz): millimetres, patient coordinates, origin
midway between the hip-joint centres. See anatomy/ATTRIBUTION.md for their source."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "anatomy"
FILES = {"female": "vh-female.npz", "male": "vh-male.npz"}


@lru_cache(maxsize=2)
def load(sex: str) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name → (vertices (n, 3) float64 mm, faces (m, 3) int64) for one body."""
    with np.load(DATA / FILES[sex]) as data:
        names = sorted(k[:-2] for k in data.files if k.endswith(".v"))
        return {n: (data[f"{n}.v"].astype(float), data[f"{n}.f"].astype(np.int64))
                for n in names}


def digest(sex: str) -> str:
    """Hash of a body's mesh file (part of every cache key built from it)."""
    return hashlib.sha256((DATA / FILES[sex]).read_bytes()).hexdigest()[:16]
