"""Pictures for exports: the cached web JPEG of each picture, and answer images with the
hotspot region outlined, named by content so that re-exports reuse the same files."""
from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

from PIL import Image, ImageDraw

from builder.atlas import Atlas
from builder.pictures.cache import FALLBACK_WIDTH, Picture
from builder.pictures.catalogue import picture_name
from builder.questions.bank import Entry, Target, hotspot_target


@dataclass(frozen=True)
class Media:
    """One image file to ship: its file name, bytes, size in pixels and alternative text."""

    name: str
    data: bytes
    width: int
    height: int
    alt: str


def jpeg(picture: Picture, alt: str) -> Media:
    data = (picture.folder / f"{FALLBACK_WIDTH}.jpg").read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return Media(f"nho-atlas-{picture.key[:16]}.jpg", data, width, height, alt)


def outlined(target: Target) -> Media:
    """The hotspot picture with its region drawn on it, for the back of a card."""
    plain = jpeg(target.picture, target.alt)
    with Image.open(io.BytesIO(plain.data)) as image:
        image = image.convert("RGB")
        points = [(x * image.width, y * image.height) for x, y in target.polygon]
        draw = ImageDraw.Draw(image)
        draw.line([*points, points[0]], fill=(255, 214, 0), width=max(3, image.width // 200))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=85)
    return Media(plain.name.replace(".jpg", "-answer.jpg"), out.getvalue(), plain.width,
                 plain.height, f"{target.alt} The answer, {target.label}, is outlined.")


def question_media(atlas: Atlas, entry: Entry, pictures: Mapping[str, Picture]) -> list[Media]:
    """The pictures a question is asked with: its hotspot image, or its step's figures."""
    q = entry.question
    if q.hotspot is not None:
        target = hotspot_target(atlas, entry, pictures)
        return [jpeg(target.picture, target.alt)]
    if q.step and entry.case:
        study = next(s for s in entry.case.studies if s.id == q.step)
        return [jpeg(pictures[picture_name(entry.case, f, 0)], f.alt) for f in study.figures
                if f.has_picture]
    return []
