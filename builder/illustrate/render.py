"""Scene → simulated modality image, with the overlay geometry derived from the phantom.

``render`` picks the modality from the scene's view, draws the shared marks, and returns each
lesion's outline in image fractions so that annotations and hotspot questions are computed,
not typed by hand. ``render_png`` gives deterministic bytes (seeded noise, no metadata chunks,
fixed compression), so that the picture cache (keyed on the scene and a hash of this code
and the anatomy data, builder.pictures.cache) stays valid.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from PIL import Image

from builder.illustrate.compression import render_compression
from builder.illustrate.ct import render_ct
from builder.illustrate.ctcoronal import render_ct_coronal
from builder.illustrate.ctv import render_ctv
from builder.illustrate.frame import Frame, Polygon
from builder.illustrate.lesions import lesion_label
from builder.illustrate.limbxray import render_limb
from builder.illustrate.marks import Box, draw_marks
from builder.illustrate.scene import Scene, View
from builder.illustrate.spect import render_spect
from builder.illustrate.us import render_us
from builder.illustrate.venogram import render_venogram
from builder.illustrate.xray import render_xray

MIN_WIDTH = 768

_RENDERERS: dict[View, Callable[[Scene, int], Frame]] = {
    View.CT_AXIAL: render_ct,
    View.CT_CORONAL: render_ct_coronal,
    View.XRAY_AP_PELVIS: render_xray,
    View.US_LONGITUDINAL: render_us,
    View.US_TRANSVERSE: render_us,
    View.SPECT_AXIAL: render_spect,
    View.SPECT_CORONAL: render_spect,
    View.BONE_SCAN_ANTERIOR: render_spect,
    View.BONE_SCAN_POSTERIOR: render_spect,
    View.CT_VENOGRAPHY: render_ctv,
    View.VENOGRAM_AP: render_venogram,
    View.US_COMPRESSION: render_compression,
    View.XRAY_AP_KNEE: render_limb,
    View.XRAY_LATERAL_KNEE: render_limb,
    View.XRAY_AP_FEMUR: render_limb,
}


@dataclass(frozen=True)
class Region:
    """Where one lesion of the scene lies in the image.

    polygon: outline vertices (x, y) as fractions of the image width and height; empty when
    the lesion is not in the imaged plane or slab.
    """

    label: str
    polygon: Polygon

    @property
    def visible(self) -> bool:
        return bool(self.polygon)

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) in image fractions, or None if not in view."""
        if not self.polygon:
            return None
        xs, ys = zip(*self.polygon, strict=True)
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def centre(self) -> tuple[float, float] | None:
        b = self.bbox
        return None if b is None else ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)


@dataclass
class Illustration:
    """A rendered illustration: RGB image (≥ 768 px on its long side) and one region per lesion
    of the scene, in the scene's order."""

    image: Image.Image
    regions: list[Region]
    mark_box: Box = field(default=(0, 0, 0, 0))
    frame: Frame | None = None


def render_frame(scene: Scene, width: int = 1024) -> Frame:
    """The modality image without marks (for tests and comparisons)."""
    if width < MIN_WIDTH:
        raise ValueError(f"width must be at least {MIN_WIDTH} px, got {width}")
    return _RENDERERS[scene.view](scene, width)


def render(scene: Scene, width: int = 1024) -> Illustration:
    """Draw ``scene`` at ``width`` pixels wide, with the SIMULATED mark and orientation labels."""
    frame = render_frame(scene, width)
    image = frame.image.convert("RGB")
    box = draw_marks(image, frame.edge_labels, frame.mm_per_px, frame.caption)
    regions = [Region(lesion_label(les), poly)
               for les, poly in zip(scene.lesions, frame.outlines, strict=True)]
    return Illustration(image, regions, box, frame)


def png_bytes(image: Image.Image) -> bytes:
    """PNG with no metadata chunks and fixed compression: same pixels, same bytes."""
    buf = io.BytesIO()
    image.save(buf, format="PNG", compress_level=1, optimize=False)
    return buf.getvalue()


def render_png(scene: Scene, width: int = 1024) -> bytes:
    return png_bytes(render(scene, width).image)
