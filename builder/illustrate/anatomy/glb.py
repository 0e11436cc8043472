"""Read triangle meshes out of a binary glTF (.glb) file, with each node's transform applied.

The anatomy meshes are stored as their publisher ships them (glTF 2.0 binary); this reader
knows just the part of the format they use (triangle primitives, float vertex positions,
integer indices, node matrices or translation/rotation/scale), so no 3-D library is needed.
"""
from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_DTYPES = {5120: np.int8, 5121: np.uint8, 5122: np.int16, 5123: np.uint16, 5125: np.uint32,
           5126: np.float32}
_WIDTH = {"SCALAR": 1, "VEC2": 2, "VEC3": 3, "VEC4": 4, "MAT4": 16}


@dataclass(frozen=True)
class Mesh:
    """One named triangle mesh in the file's world coordinates (after node transforms)."""

    name: str
    vertices: np.ndarray  # (n, 3) float64
    faces: np.ndarray  # (m, 3) int64


def _chunks(data: bytes) -> tuple[dict, bytes]:
    magic, version, _ = struct.unpack_from("<4sII", data, 0)
    if magic != b"glTF" or version != 2:
        raise ValueError("not a glTF 2.0 binary file")
    (jlen, _), off = struct.unpack_from("<II", data, 12), 20
    doc = json.loads(data[off:off + jlen])
    off += jlen
    blen, _ = struct.unpack_from("<II", data, off)
    return doc, data[off + 8:off + 8 + blen]


def _accessor(doc: dict, blob: bytes, index: int) -> np.ndarray:
    acc = doc["accessors"][index]
    view = doc["bufferViews"][acc["bufferView"]]
    dtype, width = np.dtype(_DTYPES[acc["componentType"]]), _WIDTH[acc["type"]]
    start = view.get("byteOffset", 0) + acc.get("byteOffset", 0)
    stride = view.get("byteStride", 0) or dtype.itemsize * width
    count = acc["count"]
    raw = np.frombuffer(blob, np.uint8, count=stride * (count - 1) + dtype.itemsize * width,
                        offset=start)
    rows = np.lib.stride_tricks.as_strided(raw, (count, dtype.itemsize * width), (stride, 1))
    return np.ascontiguousarray(rows).view(dtype).reshape(count, width)


def _local(node: dict) -> np.ndarray:
    if "matrix" in node:
        return np.array(node["matrix"], float).reshape(4, 4).T
    t = np.array(node.get("translation", [0, 0, 0]), float)
    x, y, z, w = node.get("rotation", [0, 0, 0, 1])
    r = np.array([[1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w)],
                  [2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w)],
                  [2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y)]])
    s = np.array(node.get("scale", [1, 1, 1]), float)
    m = np.eye(4)
    m[:3, :3], m[:3, 3] = r * s, t
    return m


def read_glb(path: Path) -> list[Mesh]:
    """Every mesh node of the file, named after its node (or mesh), in file order."""
    doc, blob = _chunks(path.read_bytes())
    out: list[Mesh] = []

    def walk(index: int, parent: np.ndarray) -> None:
        node = doc["nodes"][index]
        world = parent @ _local(node)
        if "mesh" in node:
            mesh = doc["meshes"][node["mesh"]]
            verts, faces, base = [], [], 0
            for prim in mesh["primitives"]:
                if prim.get("mode", 4) != 4:
                    continue
                v = _accessor(doc, blob, prim["attributes"]["POSITION"]).astype(float)
                f = _accessor(doc, blob, prim["indices"]).astype(np.int64).reshape(-1, 3)
                verts.append(v @ world[:3, :3].T + world[:3, 3])
                faces.append(f + base)
                base += len(v)
            if verts:
                name = node.get("name") or mesh.get("name") or f"mesh{index}"
                out.append(Mesh(name, np.concatenate(verts), np.concatenate(faces)))
        for child in node.get("children", []):
            walk(child, world)

    scene = doc["scenes"][doc.get("scene", 0)]
    for root in scene["nodes"]:
        walk(root, np.eye(4))
    return out
