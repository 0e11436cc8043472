"""A case's course as an accessible inline SVG: studies, treatments, adverse events and events
along the time since the injury, in the order builder.model.chronology gives.

Every study is a link (keyboard-focusable, named for screen readers) to its section; each
modality has a shape as well as a colour, so colour is never the only signal. What the source
gives no time for is drawn apart: hollow, dashed markers and bars, placed between the known
times around them, or in a "time not reported" stretch after the last known time, in order.
The case page puts a table with the same moments under the picture.
"""
from __future__ import annotations

import math
import re

from builder.markup.citations import CITATION
from builder.markup.sanitize import attribute
from builder.model import Case, Modality
from builder.model.chronology import Chronology, Moment
from builder.model.time import DAYS_PER

WIDTH, LEFT, RIGHT = 760, 200, 40
ZONE = 150
"""Width of the "time not reported" stretch, when a case has one."""
ROW = 34
MARKER = 9
LABEL_CHARS = 27
"""Characters of a row label per line (two lines at most; the tooltip has the whole name)."""


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
    if shape == "cross":
        w = r * .38
        corners = [(x - w, y - r), (x + w, y - r), (x + w, y - w), (x + r, y - w),
                   (x + r, y + w), (x + w, y + w), (x + w, y + r), (x - w, y + r),
                   (x - w, y + w), (x - r, y + w), (x - r, y - w), (x - w, y - w)]
    elif shape == "star":
        corners = [(x + (r if i % 2 == 0 else r * .45) * math.sin(i * math.pi / 5),
                    y - (r if i % 2 == 0 else r * .45) * math.cos(i * math.pi / 5))
                   for i in range(10)]
    elif shape in ("pentagon", "hexagon"):
        sides = 5 if shape == "pentagon" else 6
        corners = [(x + r * math.sin(i * math.tau / sides), y - r * math.cos(i * math.tau / sides))
                   for i in range(sides)]
    else:
        corners = {"triangle": [(x, y - r), (x + r, y + r * .8), (x - r, y + r * .8)],
                   "triangle-down": [(x, y + r), (x + r, y - r * .8), (x - r, y - r * .8)],
                   "diamond": [(x, y - r), (x + r, y), (x, y + r), (x - r, y)]}[shape]
    return '<polygon points="' + " ".join(f"{a:.1f},{b:.1f}" for a, b in corners) + '"/>'


def axis_unit(span_days: float) -> str:
    """Weeks for a short course, months for a longer one."""
    return "weeks" if span_days <= 16 * 7 else "months"


def _ticks(span: float, unit: str) -> list[float]:
    steps = (1, 2, 4, 8) if unit == "weeks" else (1, 2, 3, 6, 12, 24)
    step = next((s for s in steps if span / s <= 12), steps[-1])
    return [float(t) for t in range(0, int(span) + 1, step)]


def row_label(name: str) -> list[str]:
    """A treatment's name on at most two lines, shortened with '…' only if it must be."""
    words, lines = name.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + 1 + len(word) > LABEL_CHARS:
            lines.append("")
        lines[-1] = f"{lines[-1]} {word}".strip()
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= LABEL_CHARS else  # never cut an entity such as &amp; in two
            re.sub(r"&[#\w]*$", "", line[:LABEL_CHARS - 1]).rstrip() + "…" for line in lines]


def moment_words(moment: Moment) -> str:
    """When a moment happened, in words: '12 weeks after the injury', 'after 4 days of
    heparin', 'time not reported'."""
    if moment.course is not None:
        if moment.time.reported:
            return f"after {moment.time.label} of {moment.course.name}"
        return f"during {moment.course.name}, time not reported"
    return moment.time.since_injury


def timeline_svg(case: Case, modalities: dict[str, Modality], chronology: Chronology) -> str:
    """The case timeline as one SVG element (no blank lines, so Markdown keeps it whole)."""
    places = chronology.places()
    known = [d for _, d in places if d is not None]
    ends = [m.time.in_days + m.item.length.in_days for m, _ in places if m.kind == "treatment"
            and m.known and m.item.length.reported]
    span_days = max([case.follow_up.in_days or 0, *known, *ends]) or 1
    unit = axis_unit(span_days)
    span = span_days / DAYS_PER[unit]
    unplaced = [m for m, d in places if d is None]
    right_edge = WIDTH - RIGHT - (ZONE if unplaced else 0)
    scale = (right_edge - LEFT) / span

    def x_of(days: float) -> float:
        return LEFT + days / DAYS_PER[unit] * scale

    zone_x = {id(m): right_edge + ZONE * (n + 1) / (len(unplaced) + 1)
              for n, m in enumerate(unplaced)}
    where = {id(m): zone_x.get(id(m)) if d is None else x_of(d) for m, d in places}

    rows = ["Imaging"] + [t.name for t in case.treatments] + (["Events"] if case.events else [])
    height = ROW * (len(rows) + 2) + 24
    axis_y = ROW * (len(rows) + 0.6)
    title_id = f"timeline-title-{case.id}"
    out = [(f'<svg class="atlas-timeline-svg" viewBox="0 0 {WIDTH} {height}" '
           f'aria-labelledby="{title_id}" xmlns="http://www.w3.org/2000/svg">'),
           (f'<title id="{title_id}">Timeline of {escape(case.title)}: imaging studies, '
           f'treatments and events by {unit} since the injury</title>')]
    for i, name in enumerate(rows):
        y = ROW * (i + 0.5)
        lines = row_label(name[:1].upper() + name[1:])
        first = y + 4 - 7 * (len(lines) - 1)
        out.append(f'<text class="row-label" x="{LEFT - 12}" y="{first:.1f}" '
                   f'text-anchor="end"><title>{escape(name)}</title>' + "".join(
                       f'<tspan x="{LEFT - 12}" dy="{0 if n == 0 else 14}">{escape(line)}'
                       f'</tspan>' for n, line in enumerate(lines)) + "</text>")
        out.append(f'<line class="row-rule" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
                   f'y1="{y:.1f}" y2="{y:.1f}"/>')
    out.append(f'<line class="axis" x1="{LEFT}" x2="{right_edge}" y1="{axis_y:.1f}" '
               f'y2="{axis_y:.1f}"/>')
    ticks = _ticks(span, unit)  # one path for the ticks, one group for their labels
    out.append('<path class="tick" d="' + "".join(
        f"M{x_of(t * DAYS_PER[unit]):.1f} {axis_y:.1f}v5" for t in ticks) + '"/>')
    out.append('<g class="tick-label" text-anchor="middle">' + "".join(
        f'<text x="{x_of(t * DAYS_PER[unit]):.1f}" y="{axis_y + 18:.1f}">{t:g}</text>'
        for t in ticks) + "</g>")
    out.append(f'<text class="axis-label" x="{(LEFT + right_edge) / 2:.1f}" '
               f'y="{axis_y + 34:.1f}" text-anchor="middle">{unit.capitalize()} since '
               'injury</text>')
    if unplaced:
        out.append(f'<line class="axis unknown" x1="{right_edge + 6}" x2="{WIDTH - RIGHT}" '
                   f'y1="{axis_y:.1f}" y2="{axis_y:.1f}"/>'
                   f'<text class="axis-label" x="{right_edge + ZONE / 2:.1f}" '
                   f'y="{axis_y + 18:.1f}" text-anchor="middle">time not reported,</text>'
                   f'<text class="axis-label" x="{right_edge + ZONE / 2:.1f}" '
                   f'y="{axis_y + 32:.1f}" text-anchor="middle">in order</text>')
    out += _courses(case, chronology, where, x_of)
    out += _events(case, chronology, where, len(rows))
    out += _studies(case, modalities, chronology, where)
    out += _legend(case, modalities, chronology, height)
    out.append("</svg>")
    return "".join(out)


def _courses(case: Case, chronology: Chronology, where: dict, x_of) -> list[str]:
    out = []
    for i, course in enumerate(case.treatments, start=1):
        y = ROW * (i + 0.5)
        moment = chronology.of(course)
        x0 = where[id(moment)]
        length = course.length
        if moment.known and length.reported:
            width = max(x_of(moment.days + length.in_days) - x0, 3)
        else:
            width = 24
        unknown = not (moment.known and length.reported)
        label = (f"{course.name}: {moment_words(moment)}, for {length.label}"
                 if length.reported else
                 f"{course.name}: {moment_words(moment)}, duration not reported")
        label += f"; {course.response}"
        out.append(f'<g class="treatment{" unknown" if unknown else ""}">'
                   f'<title>{escape(label)}</title>'
                   f'<rect x="{x0:.1f}" y="{y - 7:.1f}" width="{width:.1f}" '
                   f'height="14" rx="3"/></g>')
        for n, adverse in enumerate(course.adverse_events, start=1):
            a = chronology.of(adverse)
            x = where[id(a)]
            if x is None or (not a.known and moment.known):
                x = x0 + width  # during the course, when it is not known when
            text = f"{adverse.what} ({moment_words(a)})"
            out.append(f'<g class="adverse"><title>{escape(text)}</title>'
                       f'<path d="M{x:.1f} {y - 9:.1f}l6 -11h-12z"/>'
                       f'<text x="{x + 7:.1f}" y="{y - 12:.1f}">'
                       f'{_adverse_code(case, course, n)}</text></g>')
    return out


def _adverse_code(case: Case, course, n: int) -> str:
    """'A1', 'A2'…: numbered through the whole case, as in the table."""
    before = sum(len(t.adverse_events) for t in case.treatments[:case.treatments.index(course)])
    return f"A{before + n}"


def _events(case: Case, chronology: Chronology, where: dict, rows: int) -> list[str]:
    if not case.events:
        return []
    y = ROW * (rows - 0.5)
    by_x: dict[float, list[int]] = {}
    for n, event in enumerate(case.events, start=1):
        by_x.setdefault(round(where[id(chronology.of(event))], 1), []).append(n)
    out = []
    for x, numbers in by_x.items():
        names = "; ".join(f"{case.events[n - 1].label} "
                          f"({moment_words(chronology.of(case.events[n - 1]))})"
                          for n in numbers)
        unknown = any(not chronology.of(case.events[n - 1]).known for n in numbers)
        out.append(f'<g class="event{" unknown" if unknown else ""}"><title>{escape(names)}'
                   f'</title><line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 10:.1f}" '
                   f'y2="{y + 10:.1f}"/><text x="{x + 4:.1f}" y="{y - 2:.1f}">'
                   f'{", ".join(f"E{n}" for n in numbers)}</text></g>')
    return out


def _studies(case: Case, modalities: dict[str, Modality], chronology: Chronology,
             where: dict) -> list[str]:
    xs = [round(where[id(chronology.of(s))], 1) for s in case.studies]
    out = []
    for n, study in enumerate(case.studies):
        moment = chronology.of(study)
        modality = modalities[study.modality]
        same = [i for i, x in enumerate(xs) if x == xs[n]]  # same place: side by side
        offset = same.index(n) - (len(same) - 1) / 2
        x, y = xs[n] + offset * MARKER * 2.2, ROW * 0.5
        label = f"{modality.name}, {moment_words(moment)}: {study.reason}"
        style = (f'fill="{modality.colour}" stroke="#000" stroke-width="1"' if moment.known
                 else f'fill="#fff" stroke="{modality.colour}" stroke-width="2.5" '
                 'stroke-dasharray="3 2"')
        out.append(f'<a class="study{"" if moment.known else " unknown"}" '
                   f'href="#study-{study.id}" aria-label="{escape(label)}">'
                   f'<title>{escape(label)}</title><g {style}>'
                   f'{marker_path(modality.marker, x, y)}</g></a>')
    return out


def _legend(case: Case, modalities: dict[str, Modality], chronology: Chronology,
            height: float) -> list[str]:
    used = [m for m in modalities.values() if any(s.modality == m.id for s in case.studies)]
    legend_y = height - 12
    x = LEFT
    out = []
    for modality in used:
        out.append(f'<g class="legend" fill="{modality.colour}" stroke="#000" stroke-width="1">'
                   f'{marker_path(modality.marker, x, legend_y - 4, 6)}</g>'
                   f'<text class="legend-label" x="{x + 10}" y="{legend_y}">'
                   f'{escape(modality.name)}</text>')
        x += 20 + 7.2 * len(modality.name)
    if any(not m.known for m in chronology.moments):
        out.append(f'<g class="legend" fill="#fff" stroke="#000" stroke-width="1.5" '
                   f'stroke-dasharray="3 2">{marker_path("circle", x, legend_y - 4, 6)}</g>'
                   f'<text class="legend-label" x="{x + 10}" y="{legend_y}">'
                   'hollow, dashed: time not reported</text>')
    return out
