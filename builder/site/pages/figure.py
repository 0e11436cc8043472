"""Figures on pages: responsive pictures in a lightbox, an annotation layer, CT windows."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.illustrate import words
from builder.model import Case, Figure, Study
from builder.pictures import Picture
from builder.pictures.catalogue import figure_views, picture_name
from builder.site.render import render

MAX_POINTS = 24


def picture_html(picture: Picture, alt: str, caption: str | None, depth: int,
                 annotations: list[dict] | None = None) -> str:
    """One picture: srcset, lazy loading, fixed size, a lightbox link and its overlay.

    The link's name is "Enlarge: " and the alt text. Without a caption the lightbox shows the
    caption of the figure the picture is in (figure.js reads it), so a figure's caption is
    not written into the page twice.
    """
    marks = annotations if annotations is not None else [
        r for r in picture.regions if r["polygon"]]
    return render("picture.md.j2", p=picture, alt=alt, caption=caption, prefix="../" * depth,
                  overlay=[overlay_shape(m, picture.width, picture.height) for m in marks])


def eager(html: str) -> str:
    """Pictures that load at once, for a page that is printed."""
    return html.replace('loading="lazy"', 'loading="eager"')


def overlay_shape(mark: dict, width: int, height: int) -> dict:
    """A mark in the picture's pixels: an outline or arrow, and where its label sits."""
    step = -(-len(mark["polygon"]) // MAX_POINTS)  # ceiling: an outline needs no more detail
    points = [(x * width, y * height) for x, y in mark["polygon"][::step]]
    centre_x = sum(x for x, _ in points) / len(points)
    return {"label": mark["label"], "arrow": bool(mark.get("arrow")),
            "path": outline_path(points),
            "line": points[:2],
            "text_x": round(min(max(centre_x, 0.12 * width), 0.88 * width)),
            "text_y": round(max(min(y for _, y in points) - 10, 30))}


def outline_path(points: list[tuple[float, float]]) -> str:
    """A closed outline as SVG path data in whole pixels, each point relative to the last
    (about half the bytes of a polygon's absolute points)."""
    rounded = [(round(x), round(y)) for x, y in points]
    out = f"M{rounded[0][0]} {rounded[0][1]}l"
    for (ax, ay), (bx, by) in zip(rounded, rounded[1:], strict=False):
        for n in (bx - ax, by - ay):  # a minus sign separates numbers by itself
            out += f"{n}" if n < 0 or out.endswith("l") else f" {n}"
    return out.removesuffix("l") + "z"


def figure_block(atlas: Atlas, case: Case, study: Study, figure: Figure,
                 pictures: Mapping[str, Picture], depth: int, anchor: str | None = None) -> str:
    """A figure as Markdown/HTML: its picture(s), or "No picture available", and its caption.
    ``anchor`` is its id on a page that shows several cases' figures (default: figure id)."""
    views = []
    for i, (label, _) in enumerate(figure_views(atlas.root, figure)):
        picture = pictures[picture_name(case, figure, i)]
        marks = annotation_marks(figure, picture)
        # The windows of a CT share their outlines: the first carries them, figure.js moves
        # them to the window shown (they show only with JavaScript anyway).
        shared = bool(views) and views[0]["marks"] == marks \
            and views[0]["size"] == (picture.width, picture.height)
        alt = figure.alt if i == 0 else other_window_alt(label, picture)
        views.append({"label": label, "marks": marks, "size": (picture.width, picture.height),
                      "html": picture_html(picture, alt, None, depth,
                                           [] if shared else marks)})
    return render("figure.md.j2", figure=figure, study=study, views=views,
                  modality=atlas.modalities[study.modality], anchor=anchor or figure.id)


def other_window_alt(label: str, picture: Picture) -> str:
    """The alt text of a CT's other window. The author's alt describes the window they chose
    (and the words check holds it to that picture); what this window shows is read off its
    own measured picture, since oedema seen in a soft-tissue window can vanish in a bone
    window."""
    if not picture.regions:
        return f"The same image in the {label.lower()}."
    return (f"Simulated illustration: the same slice in the {label.lower()}; "
            f"{words.drawn_together(picture.regions)}.")


def annotation_marks(figure: Figure, picture: Picture) -> list[dict]:
    """Derived lesion outlines plus the author's own marks, as labelled polygons (fractions)."""
    marks = [dict(region) for region in picture.regions if region["polygon"]]
    for a in figure.annotations:
        marks.append({"label": a.label, "polygon": [list(p) for p in a.outline()],
                      "arrow": a.shape == "arrow"})
    return marks
