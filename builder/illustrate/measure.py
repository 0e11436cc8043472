"""Measuring what a picture shows, so that its words can be checked against it.

Visibility of a lesion is its contrast-to-noise ratio (CNR) on the displayed picture. Every
renderer hands back, with its picture, the same picture without the lesions (same noise)
and without noise (builder.illustrate.frame): the mean absolute difference between the
picture and its lesion-free twin over the lesion's own pixels is the contrast, and the
spread of the noise alone (lesion-free minus noise-free: quantum mottle, speckle, counting
noise) there is the noise (at least 3 grey levels, a just-noticeable step). A lesion is
visible at CNR ≥ 3, the Rose criterion for detecting an object against noise. A visible
lesion is specific for NHO once it shows mineral (CT, radiograph, ultrasound) or
delayed-phase tracer uptake (bone scan); visible oedema or hyperaemia alone is abnormal but
not specific.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from builder.illustrate.frame import Frame, Polygon
from builder.illustrate.lesions import lesion_label
from builder.illustrate.render import render_frame
from builder.illustrate.scene import Phase, Scene, View
from builder.illustrate.sites import resolve
from builder.illustrate.tissues import RIM, zone_mix

THRESHOLD = 3.0  # Rose criterion
WIDTH = 768
JOINT_LIMIT = 0.02  # a region may graze the joint by at most 2 % of its area


@dataclass(frozen=True)
class Visibility:
    """What the picture shows of one lesion."""

    label: str
    side: str
    compartment: str
    in_view: bool
    cnr: float
    mineral: bool

    @property
    def visible(self) -> bool:
        return self.in_view and self.cnr >= THRESHOLD

    @property
    def state(self) -> str:
        """'detectable', 'abnormal, not specific' or 'not detectable'."""
        if not self.visible:
            return "not detectable"
        return "detectable" if self.mineral else "abnormal, not specific"

    def as_dict(self) -> dict[str, object]:
        """What the picture cache keeps of it (with the region), for checks and pages."""
        return {"label": self.label, "side": self.side, "compartment": self.compartment,
                "in_view": self.in_view, "cnr": round(self.cnr, 2), "mineral": self.mineral,
                "state": self.state}

    @classmethod
    def from_dict(cls, d: dict) -> Visibility:
        return cls(d["label"], d["side"], d["compartment"], bool(d["in_view"]),
                   float(d["cnr"]), bool(d["mineral"]))

    def described(self) -> str:
        """'right iliopsoas NHO', for messages."""
        return self.label


def mask_of(polygon: Polygon, size: tuple[int, int]) -> np.ndarray:
    """Pixels inside a region polygon given in image fractions."""
    w, h = size
    im = Image.new("L", size, 0)
    if len(polygon) >= 3:
        ImageDraw.Draw(im).polygon([(x * w, y * h) for x, y in polygon], fill=1)
    return np.asarray(im, bool)


def _grey(image: Image.Image) -> np.ndarray:
    return np.asarray(image.convert("L"), np.float32)


def _specific(scene: Scene, maturity: float) -> bool:
    if scene.view in (View.SPECT_AXIAL, View.SPECT_CORONAL) or (
            scene.view in (View.BONE_SCAN_ANTERIOR, View.BONE_SCAN_POSTERIOR)
            and scene.phase == Phase.DELAYED):
        return zone_mix(RIM, maturity).uptake > 1.0
    return zone_mix(RIM, maturity).mineral > 0.05


def visibility(scene: Scene, frame: Frame | None = None) -> list[Visibility]:
    """Visibility of every lesion of the scene, in the scene's order, measured on ``frame``
    (drawn here at WIDTH if not given)."""
    frame = frame or render_frame(scene, WIDTH)
    if frame.without is None or frame.smooth is None:
        raise ValueError(f"the {scene.view} renderer gives nothing to measure against")
    a, b = _grey(frame.image), _grey(frame.without)
    noise_map = b - _grey(frame.smooth)  # the picture's own noise, anatomy cancelled
    out = []
    for i, (les, poly) in enumerate(zip(scene.lesions, frame.outlines, strict=True)):
        site = resolve(les.site)
        m = (frame.lesion_map == i) if frame.lesion_map is not None else \
            mask_of(poly, frame.image.size)
        if m.sum() < 12:
            out.append(Visibility(lesion_label(les), les.side, site.compartment, False, 0.0,
                                  False))
            continue
        contrast = float(np.abs(a[m] - b[m]).mean())
        noise = max(float(noise_map[m].std()), 3.0)  # a just-noticeable step of grey
        out.append(Visibility(lesion_label(les), les.side, site.compartment, True,
                              contrast / noise, _specific(scene, les.maturity)))
    return out


def colour_pixels(image: Image.Image, polygon: Polygon | None = None) -> int:
    """Number of coloured (not grey) pixels, inside ``polygon`` if given (Doppler check)."""
    rgb = np.asarray(image.convert("RGB"), np.int16)
    spread = rgb.max(axis=-1) - rgb.min(axis=-1)
    coloured = spread > 40
    if polygon is not None:
        coloured &= mask_of(polygon, image.size)
    return int(coloured.sum())


def joint_overlap(frame: Frame) -> list[float]:
    """Fraction of each lesion's outline that lies on joint, cartilage, capsule or labrum in
    the picture (planes only: a projection superimposes everything)."""
    if frame.joint_map is None:
        return [0.0 for _ in frame.outlines]
    out = []
    for poly in frame.outlines:
        m = mask_of(poly, frame.image.size)
        out.append(float((m & frame.joint_map).sum() / max(m.sum(), 1)))
    return out


def regions(scene: Scene, frame: Frame, image: Image.Image) -> list[dict[str, object]]:
    """What the picture measurably shows of each lesion, kept with its region by the picture
    cache: visibility, coloured pixels inside the outline (Doppler) and the share of the
    outline on a joint."""
    seen = visibility(scene, frame) if scene.lesions else []
    joint = joint_overlap(frame)
    out = []
    for v, poly, j in zip(seen, frame.outlines, joint, strict=True):
        colour = colour_pixels(image, poly) if scene.doppler and poly else 0
        out.append({**v.as_dict(), "colour": colour, "joint": round(j, 3)})
    return out
