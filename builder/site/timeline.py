"""A case's course as an accessible inline SVG: months on the axis, studies, treatments, events.

Every study is a link (keyboard-focusable, named for screen readers) to its section; each
modality has a shape as well as a colour, so colour is never the only signal. The case page
puts a table with the same events under the picture.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from builder.markup.citations import CITATION
from builder.markup.sanitize import attribute
from builder.model import Case, Modality

WIDTH, LEFT, RIGHT = 760, 200, 40
ROW = 34
MARKER = 9


def escape(text: str) -> str:
    """Authored text (HTML-escaped once, at load) for SVG text and attributes, without its
    citations: a tooltip cannot hold their links (the table under the timeline keeps them).
    Nothing is decoded: the one escaping path is builder.markup.sanitize.attribute."""
    return attribute(re.sub(r"\s*" + CITATION.pattern, "", text))


def marker_path(shape: str, x: float, y: float, r: float = MARKER) -> str:
    """SVG for one marker shape centred on (x, y)."""
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"/>'
    if shape == "square":
        return f'<rect x="{x - r * .85:.1f}" y="{y - r * .85:.1f}" width="{r * 1.7:.1f}" ' \
               f'height="{r * 1.7:.1f}"/>'
    if shape == "star":
        corners = [(x + (r if i % 2 == 0 else r * .45) * math.sin(i * math.pi / 5),
                    y - (r if i % 2 == 0 else r * .45) * math.cos(i * math.pi / 5))
                   for i in range(10)]
    else:
        corners = {"triangle": [(x, y - r), (x + r, y + r * .8), (x - r, y + r * .8)],
                   "diamond": [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]}[shape]
    return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in corners) + '"/>'


def _ticks(span: float) -> list[float]:
    step = next(s for s in (1, 2, 3, 6, 12, 24) if span / s <= 12)
    return [float(t) for t in range(0, int(span) + 1, step)]


def timeline_svg(case: Case, modalities: dict[str, Modality]) -> str:
    """The case timeline as one SVG element (no blank lines, so Markdown keeps it whole)."""
    span = max([case.follow_up.months, *(s.at.months for s in case.studies)]) or 1
    scale = (WIDTH - LEFT - RIGHT) / span

    def x_of(months: float) -> float:
        return LEFT + months * scale

    rows = ["Imaging"] + [f"{t.name.capitalize()}" for t in case.treatments] + (
        ["Events"] if case.events else [])
    height = ROW * (len(rows) + 2) + 24
    axis_y = ROW * (len(rows) + 0.6)
    title_id = f"timeline-title-{case.id}"
    out = [(f'<svg class="atlas-timeline-svg" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">'),
           (f'<title id="{title_id}">Timeline of {escape(case.title)}: imaging studies, '
           f'treatments and events by months since injury</title>')]
    for i, name in enumerate(rows):
        y = ROW * (i + 0.5)
        out.append(f'<text class="row-label" x="{LEFT - 12}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{escape(name)}</text>')
        out.append(f'<line class="row-rule" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                   f'y1="{y:.1f}" y2="{y:.1f}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y:.1f}" '
               f'y2="{axis_y:.1f}"/>')
    ticks = _ticks(span)  # one path for the ticks, one group for their labels
    out.append('<path class="tick" d="' + "".join(f"M{x_of(t):.1f} {axis_y:.1f}v5"
                                                  for t in ticks) + '"/>')
    out.append('<g class="tick-label" text-anchor="middle">' + "".join(
        f'<text x="{x_of(t):.1f}" y="{axis_y + 18:.1f}">{t:g}</text>' for t in ticks) + "</g>")
    out.append(f'<text class="axis-label" x="{(LEFT + WIDTH - RIGHT) / 2:.1f}" '
               f'y="{axis_y + 34:.1f}" text-anchor="middle">Months since injury</text>')
    for i, course in enumerate(case.treatments, start=1):
        y = ROW * (i + 0.5)
        x0, x1 = x_of(course.start.months), x_of(course.end_months)
        label = (f"{course.name}, {course.weeks:g} weeks from {course.start.label}"
                 f" after injury: {course.response}")
        out.append(f'<g class="treatment"><title>{escape(label)}</title>'
                   f'<rect x="{x0:.1f}" y="{y - 7:.1f}" width="{max(x1 - x0, 3):.1f}" '
                   f'height="14" rx="3"/></g>')
    if case.events:
        y = ROW * (len(rows) - 0.5)
        by_month: dict[float, list[int]] = {}
        for n, event in enumerate(case.events, start=1):
            by_month.setdefault(event.at.months, []).append(n)
        for months, numbers in by_month.items():
            x = x_of(months)
            names = "; ".join(f"{case.events[n - 1].label} ({case.events[n - 1].at.label})"
                              for n in numbers)
            out.append(f'<g class="event"><title>{escape(names)}</title>'
                       f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 10:.1f}" y2="{y + 10:.1f}"/>'
                       f'<text x="{x + 4:.1f}" y="{y - 2:.1f}">'
                       f'{", ".join(f"E{n}" for n in numbers)}</text></g>')
    same_month = Counter(s.at.months for s in case.studies)
    placed: Counter[float] = Counter()
    for study in case.studies:
        modality = modalities[study.modality]
        offset = placed[study.at.months] - (same_month[study.at.months] - 1) / 2
        placed[study.at.months] += 1
        x, y = x_of(study.at.months) + offset * MARKER * 2.2, ROW * 0.5  # same month: side by side
        label = f"{modality.name}, {study.at.label} after injury: {study.reason}"
        out.append(f'<a class="study" href="#study-{study.id}" aria-label="{escape(label)}">'
                   f'<title>{escape(label)}</title>'
                   f'<g fill="{modality.colour}" stroke="#000" stroke-width="1">'
                   f'{marker_path(modality.marker, x, y)}</g></a>')
    used = [m for m in modalities.values() if any(s.modality == m.id for s in case.studies)]
    legend_y = height - 12
    x = LEFT
    for modality in used:
        out.append(f'<g class="legend" fill="{modality.colour}" stroke="#000" stroke-width="1">'
                   f'{marker_path(modality.marker, x, legend_y - 4, 6)}</g>'
                   f'<text class="legend-label" x="{x + 10}" y="{legend_y}">'
                   f'{escape(modality.name)}</text>')
        x += 20 + 7.2 * len(modality.name)
    out.append("</svg>")
    return "".join(out)
