"""The overlay every illustration carries: "SIMULATED", orientation labels, scale bar, caption.

One function draws them all so that no picture can leave the atlas without saying that it is
simulated, and every modality labels its orientation the same way. Pillow's built-in scalable
font is used, so there is no font file to ship.
"""
from __future__ import annotations

from PIL import Image, ImageDraw, ImageFont

Box = tuple[int, int, int, int]
WHITE, BLACK, AMBER = (255, 255, 255), (0, 0, 0), (255, 200, 40)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def mark_box(size: tuple[int, int]) -> Box:
    """Where the SIMULATED mark goes (bottom right), as (left, top, right, bottom) pixels."""
    w, h = size
    fs = max(12, round(w / 52))
    bw, bh = round(fs * 6.8), round(fs * 1.6)
    m = max(6, round(w / 120))
    return (w - m - bw, h - m - bh, w - m, h - m)


def draw_marks(image: Image.Image, edge_labels: tuple[str, str], mm_per_px: float,
               caption: str) -> Box:
    """Draw the SIMULATED mark, left/right orientation labels, a scale bar and the caption
    onto ``image`` (in place). Returns the box of the SIMULATED mark."""
    w, h = image.size
    draw = ImageDraw.Draw(image)
    fs = max(12, round(w / 52))
    m = max(6, round(w / 120))
    stroke = dict(stroke_width=max(1, fs // 8), stroke_fill=BLACK)

    box = mark_box(image.size)
    draw.rectangle(box, fill=(20, 20, 20), outline=AMBER, width=max(1, fs // 10))
    draw.text(((box[0] + box[2]) / 2, (box[1] + box[3]) / 2), "SIMULATED", fill=AMBER,
              font=_font(fs), anchor="mm")

    big = _font(round(fs * 1.5))
    left, right = edge_labels
    draw.text((m, h / 2), left, fill=WHITE, font=big, anchor="lm", **stroke)
    draw.text((w - m, h / 2), right, fill=WHITE, font=big, anchor="rm", **stroke)

    draw.text((m, m), caption, fill=WHITE, font=_font(fs), anchor="la", **stroke)

    if mm_per_px > 0:
        bar_mm = 50 if w * mm_per_px > 150 else 10
        length = round(bar_mm / mm_per_px)
        y = h - m - fs // 2
        x0 = m
        lines = [[x0, y, x0 + length, y]] + [[x, y - fs // 3, x, y + fs // 3]
                                             for x in (x0, x0 + length)]
        thick = max(2, fs // 6)
        for fill, width in ((BLACK, thick + 2 * max(1, fs // 8)), (WHITE, thick)):
            for xy in lines:  # white edged in black: seen on a white (planar) film too
                draw.line(xy, fill=fill, width=width)
        label = f"{bar_mm // 10} cm"
        draw.text((x0 + length / 2, y - fs // 2), label, fill=WHITE, font=_font(fs),
                  anchor="md", **stroke)
    return box
