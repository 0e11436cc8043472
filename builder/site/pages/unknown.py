"""Unknown-case pages: a case revealed one study at a time, along its timeline.

At each step the reader sees what was known then: what happened since the last step, why the
study was done and its pictures (without captions or annotations, which name the findings),
and the step's questions. The findings follow the answer, and the next step unlocks; the
diagnosis comes last. builder/site/assets/unknown.js hides what is not reached yet; without
JavaScript the page is the case in time order, every step shown.
"""
from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from builder.atlas import Atlas
from builder.model import Case, Figure, Study
from builder.model.chronology import Moment
from builder.pictures.cache import Picture
from builder.pictures.catalogue import picture_name
from builder.questions.bank import case_entries, content_hash
from builder.site.pages.figure import picture_html
from builder.site.pages.quiz import question_block
from builder.site.render import render
from builder.site.timeline import moment_words


@dataclass
class Step:
    number: int
    study: Study
    since: list[str] = field(default_factory=list)
    pictures: list[tuple[Figure, str]] = field(default_factory=list)
    """(figure, picture HTML, or '' for a figure with no picture) for each figure."""
    questions: list[str] = field(default_factory=list)


def unknown_uri(case: Case) -> str:
    return f"cases/{case.id}-unknown.md"


def unknown_title(atlas: Atlas, case: Case) -> str:
    return f"Unknown case {atlas.number(case)}"


def happening(moment: Moment) -> str:
    """What a reader learns of an event, a course or an adverse event, and when: never what it
    led to (that comes with the diagnosis)."""
    when = moment_words(moment)
    when = when[:1].upper() + when[1:]
    item = moment.item
    if moment.kind == "event":
        return f"{when}: {item.label}"
    if moment.kind == "adverse event":
        return f"{when}: {item.what}"
    length = item.length
    return f"{when}: {item.name} began" + (
        f", for {length.label}" if length.reported else " (duration not reported)")


def steps(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> tuple[list[Step],
                                                                              list[str]]:
    """The study steps, each with what happened since the one before (in the case's order,
    builder.model.chronology), and what happened after the last study (shown with the
    diagnosis)."""
    scope = f"{case.id}-unknown"
    mine = case_entries(case)
    out: list[Step] = []
    number = 0
    since: list[str] = []
    for moment in atlas.chronology(case).moments:
        if moment.kind != "study":
            since.append(happening(moment))
            continue
        study = moment.item
        step = Step(len(out) + 1, study, since)
        since = []
        for figure in study.figures:
            label = f"Figure {figure.number}"
            step.pictures.append((figure, picture_html(
                pictures[picture_name(case, figure, 0)], figure.alt, label, 1, [])
                if figure.has_picture else ""))
        for entry in mine:
            if entry.question.step == study.id:
                number += 1
                step.questions.append(question_block(atlas, entry, pictures, 1, number, scope))
        out.append(step)
    return out, since


def page(atlas: Atlas, case: Case, pictures: Mapping[str, Picture]) -> str:
    study_steps, after = steps(atlas, case, pictures)
    signature = "|".join([s.study.id for s in study_steps] + [
        content_hash(q) for q in case.questions if q.step])
    return render("unknown.md.j2", case=case, title=unknown_title(atlas, case),
                  modalities=atlas.modalities, steps=study_steps, after=after,
                  hash=hashlib.sha256(signature.encode()).hexdigest()[:12])


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    return {unknown_uri(case): page(atlas, case, pictures) for case in atlas.cases}
