"""What a modality renderer hands back before the shared marks are drawn."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

Polygon = list[tuple[float, float]]


@dataclass
class Frame:
    """An unmarked modality image and the geometry that the overlays need.

    outlines: one polygon per scene lesion (fractions of the image), empty if not in view;
    edge_labels: orientation labels for the image's left and right edges;
    mm_per_px: scale of the image (for the scale bar), 0 if it has no single scale;
    caption: acquisition summary drawn with the marks (e.g. "CT  W400/L40");
    field_box: (left, top, right, bottom) pixels of the image area proper (labels go outside
    it where the layout has margins, e.g. ultrasound);
    lesion_map: which lesion each pixel shows (for measuring a lesion's visibility on its
    own pixels rather than inside its looser outline);
    joint_map: pixels of joint, cartilage, capsule or labrum, on the planes that show them
    (CT, ultrasound): no lesion outline may lie there;
    without, smooth: the same picture without the lesions, with the same noise and with no
    noise at all, made from what the renderer computed anyway, so that each lesion's
    contrast and the picture's noise are measured from this one rendering;
    colour_box, open_beam: a colour Doppler picture's colour box (image pixels) and the
    pixels the beam reaches (not in an acoustic shadow), where Doppler colour may appear.
    """

    image: Image.Image
    outlines: list[Polygon]
    edge_labels: tuple[str, str]
    mm_per_px: float
    caption: str
    field_box: tuple[int, int, int, int] | None = None
    lesion_map: np.ndarray | None = None  # lesion index per image pixel, −1 where none
    joint_map: np.ndarray | None = None
    without: Image.Image | None = None
    smooth: Image.Image | None = None
    colour_box: tuple[int, int, int, int] | None = None
    open_beam: np.ndarray | None = None
