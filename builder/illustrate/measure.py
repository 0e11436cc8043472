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


def _coloured(image: Image.Image) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Coloured (not grey) pixels, and which of them are red and which blue."""
    rgb = np.asarray(image.convert("RGB"), np.int16)
    spread = rgb.max(axis=-1) - rgb.min(axis=-1)
    coloured = spread > 40
    red = coloured & (rgb[..., 0] > rgb[..., 2] + 40)
    blue = coloured & (rgb[..., 2] > rgb[..., 0] + 40)
    return coloured, red, blue


def colour_pixels(image: Image.Image, polygon: Polygon | None = None) -> int:
    """Number of coloured (not grey) pixels, inside ``polygon`` if given (Doppler check)."""
    coloured = _coloured(image)[0]
    if polygon is not None:
        coloured &= mask_of(polygon, image.size)
    return int(coloured.sum())


def doppler_colour(frame: Frame, image: Image.Image) -> list[dict[str, int]]:
    """Per lesion, the Doppler colour that counts: coloured pixels inside its outline, the
    colour box and the beam's reach (colour in an acoustic shadow or outside the box is no
    signal but an artefact), red and blue apart, and the area it is counted over (the
    outline's unshadowed part); with each, ``stray``: coloured pixels of the field that lie
    outside the box or in a shadow, which no scanner would show."""
    coloured, red, blue = _coloured(image)
    usable = np.zeros(coloured.shape, bool)
    if frame.colour_box is not None and frame.open_beam is not None:
        x0, y0, x1, y1 = frame.colour_box
        usable[y0:y1 + 1, x0:x1 + 1] = True
        usable &= frame.open_beam
    field = np.zeros(coloured.shape, bool)
    if frame.field_box is not None:
        fx0, fy0, fx1, fy1 = frame.field_box
        field[fy0:fy1, fx0:fx1] = True
    stray = int((coloured & field & ~usable).sum())
    out = []
    for poly in frame.outlines:
        m = mask_of(poly, image.size) if poly else np.zeros(coloured.shape, bool)
        open_part = m & (frame.open_beam if frame.open_beam is not None else m)
        out.append({"colour": int((coloured & m & usable).sum()),
                    "red": int((red & m & usable).sum()), "blue": int((blue & m & usable).sum()),
                    "open_area": int(open_part.sum()), "stray": stray})
    return out


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
    cache: visibility, Doppler colour inside the outline (doppler_colour) and the share of
    the outline on a joint."""
    seen = visibility(scene, frame) if scene.lesions else []
    joint = joint_overlap(frame)
    colour = doppler_colour(frame, image) if scene.doppler else \
        [{"colour": 0} for _ in frame.outlines]
    return [{**v.as_dict(), **c, "joint": round(j, 3)}
            for v, c, j in zip(seen, colour, joint, strict=True)]
