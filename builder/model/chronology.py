"""The order of everything that happened in a case, including what the source gives no time for.

Studies, events, treatment courses and their adverse events are put in one order:

- by their time since the injury, where the source gives it;
- at the same time, events before studies (a referral or a sign prompts the study) and
  studies before treatments (a study leads to a treatment), unless ``after:`` or ``before:``
  says otherwise;
- a time that is not reported, where its ``after:`` or ``before:`` places it; an adverse
  event after the start of its course.

The checks, the timeline, the case table, the unknown-case steps and the exports all read
this one order, so the page and the exports never disagree about what came first.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.model.case import Case, Treatment
from builder.model.time import DAYS_PER, Time, When, spoken

RANK = {"event": 0, "study": 1, "treatment": 2, "adverse event": 3}
"""At the same time: what prompted a study, the study, what it led to."""
Problem = tuple[tuple, str, str]
"""(path in the record, message, hint): the checks turn these into errors with lines."""


@dataclass(frozen=True, eq=False)
class Moment:
    """One thing that happened: a study, an event, a course's start or an adverse event."""

    kind: str
    path: tuple
    """Where it is written, e.g. ('studies', 2)."""
    item: Any
    time: Time
    """Its time as written: since the injury, or for an adverse event since its course began."""
    days: float | None
    """Days since the injury, where the source lets the atlas know them."""
    course: Treatment | None = None
    """The course an adverse event belongs to."""

    @property
    def ident(self) -> str | None:
        return getattr(self.item, "id", None)

    @property
    def time_field(self) -> str:
        return {"treatment": "start", "adverse event": "onset"}.get(self.kind, "at")

    @property
    def known(self) -> bool:
        return self.days is not None


@dataclass
class Chronology:
    """A case's moments in the order they happened, and what is wrong with that order."""

    moments: list[Moment]
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._rank = {id(m.item): n for n, m in enumerate(self.moments)}

    def of(self, item: Any) -> Moment:
        """The moment of a study, event, treatment or adverse event of the case."""
        return self.moments[self._rank[id(item)]]

    def rank(self, item: Any) -> int:
        """Its place in the order, from 0."""
        return self._rank[id(item)]

    def places(self) -> list[tuple[Moment, float | None]]:
        """Each moment with where to draw it, in days: its own time, or for a time that is
        not reported a place shared out evenly between the known times around it. None for
        those after the last known time, which the timeline draws apart."""
        out: list[tuple[Moment, float | None]] = []
        run: list[Moment] = []
        before = 0.0
        for moment in [*self.moments, None]:
            if moment is not None and not moment.known:
                run.append(moment)
                continue
            after = moment.days if moment is not None else None
            for n, waiting in enumerate(run, start=1):
                out.append((waiting, None if after is None
                            else before + (after - before) * n / (len(run) + 1)))
            run = []
            if moment is not None:
                out.append((moment, moment.days))
                before = moment.days
        return out


def moments(case: Case) -> Iterator[Moment]:
    """Every moment in the order of the record: events, studies, treatments."""
    for i, event in enumerate(case.events):
        yield Moment("event", ("events", i), event, event.at, event.at.in_days)
    for i, study in enumerate(case.studies):
        yield Moment("study", ("studies", i), study, study.at, study.at.in_days)
    for i, course in enumerate(case.treatments):
        start = course.start.in_days
        yield Moment("treatment", ("treatments", i), course, course.start, start)
        for j, adverse in enumerate(course.adverse_events):
            onset = adverse.onset.in_days
            yield Moment("adverse event", ("treatments", i, "adverse_events", j), adverse,
                         adverse.onset, None if start is None or onset is None else
                         start + onset, course)


def chronology(case: Case) -> Chronology:
    """The case's moments in order, with a problem for each order that cannot be."""
    found = list(moments(case))
    problems: list[Problem] = []
    ids: dict[str, int] = {}
    for n, moment in enumerate(found):
        if moment.ident is None:
            continue
        if moment.ident in ids and found[ids[moment.ident]].kind != moment.kind:
            problems.append(((*moment.path, "id"), f"id {moment.ident!r} is also used by "
                             f"{_where(found[ids[moment.ident]])}",
                             "give each study, event, treatment and adverse event its own id"))
        ids.setdefault(moment.ident, n)
    edges: set[tuple[int, int]] = set()
    for n, moment in enumerate(found):
        if moment.course is not None:
            edges.add((_index(found, moment.course), n))
        problems += _anchors(found, n, ids, edges)
    edges |= _time_edges(found)
    order, stuck = _sort(found, edges)
    if stuck:
        names = ", ".join(found[n].ident or _where(found[n]) for n in stuck)
        problems.append(((*found[stuck[0]].path, found[stuck[0]].time_field),
                         f"the order of {names} goes round in a circle",
                         "check their after: and before:"))
    result = Chronology([found[n] for n in order + stuck], problems)
    problems += _study_order(case, result)
    problems += _follow_up(case, result)
    return result


def _where(moment: Moment) -> str:
    parts = [f"[{p}]" if isinstance(p, int) else f".{p}" for p in moment.path]
    return "".join(parts).lstrip(".")


def _index(found: list[Moment], item: Any) -> int:
    return next(n for n, m in enumerate(found) if m.item is item)


def _anchors(found: list[Moment], n: int, ids: dict[str, int],
             edges: set[tuple[int, int]]) -> Iterator[Problem]:
    """The order an item's after: and before: give, as edges (earlier, later)."""
    moment = found[n]
    time = moment.time
    if not isinstance(time, When):
        return
    path = (*moment.path, moment.time_field)
    if time.not_reported and time.after is None and time.before is None:
        yield (path, "a time that is not reported needs after: or before:",
               "name the study, event or treatment it came after (or before), so the atlas "
               "can place it; if the source gives no order either, say it in the text")
    for word in ("after", "before"):
        ref = getattr(time, word)
        if ref is None:
            continue
        if ref not in ids:
            continue  # builder.checks reports it, with the nearest id
        other = ids[ref]
        if other == n:
            yield ((*path, word), f"{word}: names this item itself",
                   "name another study, event or treatment")
            continue
        first, then = (other, n) if word == "after" else (n, other)
        a, b = found[first].days, found[then].days
        if a is not None and b is not None and a > b:
            yield ((*path, word), f"this {moment.kind} ({moment.time.label}) cannot come "
                   f"{word} {ref!r} ({found[other].time.label})",
                   "after: and before: order items at the same time, or place one whose "
                   "time is not reported")
            continue
        edges.add((first, then))


def _days_said(days: float, unit: str) -> str:
    """Days since the injury in words, in ``unit``: for a time the atlas works out."""
    return spoken(Time(**{unit: round(days / DAYS_PER[unit], 2)}), since_injury=True)


def _time_edges(found: list[Moment]) -> set[tuple[int, int]]:
    """Everything at a known time comes after everything at an earlier known time."""
    groups: dict[float, list[int]] = {}
    for n, moment in enumerate(found):
        if moment.days is not None:
            groups.setdefault(moment.days, []).append(n)
    days = sorted(groups)
    return {(a, b) for early, late in zip(days, days[1:], strict=False)
            for a in groups[early] for b in groups[late]}


def _sort(found: list[Moment], edges: set[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """A topological order that follows time, then the same-time rule, then the record."""
    estimate: dict[int, float] = {}

    def guess(n: int, seen: frozenset[int] = frozenset()) -> float:
        if n in estimate:
            return estimate[n]
        if found[n].days is not None:
            return found[n].days
        anchors = [a for a, b in edges if b == n and a not in seen] or \
            [b for a, b in edges if a == n and b not in seen]
        value = max((guess(a, seen | {n}) for a in anchors), default=math.inf)
        estimate[n] = value
        return value

    incoming = {n: 0 for n in range(len(found))}
    for _, b in edges:
        incoming[b] += 1

    def key(n: int) -> tuple:
        m = found[n]
        return (guess(n), m.days is None, RANK[m.kind], n)

    ready = [key(n) for n, count in incoming.items() if count == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        n = heapq.heappop(ready)[-1]
        order.append(n)
        for a, b in edges:
            if a == n:
                incoming[b] -= 1
                if incoming[b] == 0:
                    heapq.heappush(ready, key(b))
    stuck = [n for n in range(len(found)) if n not in set(order)]
    return order, stuck


def _study_order(case: Case, chron: Chronology) -> Iterator[Problem]:
    previous = None
    for i, study in enumerate(case.studies):
        if previous is not None and chron.rank(study) < chron.rank(previous):
            yield (("studies", i, "at"),
                   f"this study ({study.at.since_injury}) is listed after one that came "
                   f"later ({previous.at.since_injury})", "list studies in time order")
        previous = study


def _follow_up(case: Case, chron: Chronology) -> Iterator[Problem]:
    end = case.follow_up.in_days
    if end is None:
        return
    unit = case.follow_up.unit
    for moment in chron.moments:
        if moment.days is not None and moment.days > end + 1e-6:
            yield ((*moment.path, moment.time_field), f"{moment.kind} is after the follow-up",
                   f"follow_up is {case.follow_up.label}")
    for i, course in enumerate(case.treatments):
        start, length = course.start.in_days, course.length.in_days
        if start is not None and length is not None and start + length > end + 1e-6:
            said = _days_said(start + length, unit)
            yield (("treatments", i, "weeks" if course.weeks is not None else "duration"),
                   f"the course ends {said}, after the follow-up at {case.follow_up.label}",
                   "shorten it or extend follow_up")
