"""Times in a case, kept as the source gives them, and said back as people say them.

A source writes "12 weeks after the injury", "for four days", "about 6 months later",
"2–3 weeks", or gives no time at all. A record keeps exactly that: the number (or range) in
the author's unit, whether it was approximate, or that it was not reported. Every page, the
timeline, the exports and the handout say it back through one function, ``spoken``, so that a
4-day course reads "4 days" everywhere and a time the source does not give is never shown, or
exported, as a number.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainSerializer, PlainValidator, WithJsonSchema, model_validator

from builder.model.base import Record, Slug, Text, rule_error

Unit = Literal["days", "weeks", "months", "years"]
UNITS: tuple[Unit, ...] = ("days", "weeks", "months", "years")
DAYS_PER: dict[str, float] = {"days": 1.0, "weeks": 7.0, "months": 365.25 / 12,
                              "years": 365.25}
"""One conversion for the whole atlas: a month is 365.25 / 12 days (about 30.4)."""
LARGEST: dict[str, float] = {"days": 18_300, "weeks": 2_600, "months": 600, "years": 50}
SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year"}


def _amount(value: Any) -> tuple[float, float]:
    """A number, or a range written [low, high], as (low, high)."""
    def number(v: Any) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    if isinstance(value, list) and len(value) == 2 and all(number(v) for v in value):
        low, high = float(value[0]), float(value[1])
        if low >= high:
            raise rule_error(f"the range [{value[0]:g}, {value[1]:g}] does not rise",
                             "write the smaller number first, e.g. [2, 3]")
    elif number(value):
        low = high = float(value)
    else:
        raise rule_error(f"{value!r} is not a number",
                         "write a number, e.g. 6 or 0.5, or a range, e.g. [2, 3]")
    if low < 0:
        raise rule_error(f"{low:g} is too small", "write a number at least 0")
    return low, high


Amount = Annotated[
    tuple[float, float], PlainValidator(_amount),
    PlainSerializer(lambda v: v[0] if v[0] == v[1] else list(v)),
    WithJsonSchema({"anyOf": [
        {"type": "number", "minimum": 0},
        {"type": "array", "items": {"type": "number", "minimum": 0}, "minItems": 2,
         "maxItems": 2}]}),
]
"""A number, or a range [low, high] ("2–3 weeks")."""


class Time(Record):
    """A time or a length of time, in the unit the source uses, or not reported."""

    days: Amount | None = Field(None, description="In days, e.g. 4; or a range, e.g. [3, 5].")
    weeks: Amount | None = Field(None, description="In weeks, e.g. 12; or a range, e.g. [2, 3].")
    months: Amount | None = Field(None, description="In months, e.g. 6 (0.5 = 2 weeks).")
    years: Amount | None = Field(None, description="In years, e.g. 2.")
    approx: bool = Field(False, description="True where the source gives it only roughly: "
                         "shown as 'about 6 months'.")
    not_reported: bool = Field(False, description="True where the source does not give it: "
                               "shown as 'not reported', never as a number.")
    note: Text | None = Field(None, description="What the source says about it, in substance, "
                              "where it is vague or inconsistent.")

    @model_validator(mode="after")
    def _one_unit(self) -> Time:
        given = [unit for unit in UNITS if getattr(self, unit) is not None]
        if self.not_reported:
            if given:
                raise rule_error(f"a time that is not reported has no {given[0]}",
                                 f"remove {given[0]}, or not_reported")
            if self.approx:
                raise rule_error("a time that is not reported is not approximate",
                                 "remove approx")
        elif not given:
            raise rule_error("no time is given", "write days, weeks, months or years, e.g. "
                             "weeks: 12; or not_reported: true where the source does not say")
        elif len(given) > 1:
            raise rule_error(f"give one unit, not {' and '.join(given)}",
                             "use the unit the source uses, e.g. weeks: 12")
        elif self.amount[1] > LARGEST[given[0]]:
            raise rule_error(f"{self.amount[1]:g} {given[0]} is too large",
                             f"write at most {LARGEST[given[0]]:g} {given[0]}")
        return self

    @property
    def unit(self) -> Unit | None:
        return next((unit for unit in UNITS if getattr(self, unit) is not None), None)

    @property
    def amount(self) -> tuple[float, float] | None:
        """(low, high) in the author's unit; the same number twice for a single value."""
        return getattr(self, self.unit) if self.unit else None

    @property
    def reported(self) -> bool:
        return not self.not_reported

    @property
    def in_days(self) -> float | None:
        """Days, for ordering and drawing only (the middle of a range); None if not reported."""
        if self.amount is None:
            return None
        return sum(self.amount) / 2 * DAYS_PER[self.unit]

    @property
    def label(self) -> str:
        """As people say it: '12 weeks', 'about 6 months', '2–3 weeks', 'not reported'."""
        return spoken(self)

    @property
    def since_injury(self) -> str:
        """'12 weeks after the injury', 'at the injury', 'time not reported'."""
        return spoken(self, since_injury=True)


class When(Time):
    """A time since the injury; one the source does not give is placed by what it says
    happened before or after it."""

    after: Slug | None = Field(None, description="Id of the study, event, treatment or adverse "
                               "event this came after: places a time that is not reported, or "
                               "orders items at the same time.")
    before: Slug | None = Field(None, description="Id of the item this came before.")

    @property
    def label(self) -> str:
        """As Time's, but a moment the source does not date is 'time not reported'."""
        return spoken(self) if self.reported else "time not reported"


class Duration(Time):
    """How long something lasted, e.g. a course of treatment: more than nothing."""

    @model_validator(mode="after")
    def _some(self) -> Duration:
        if self.amount is not None and self.amount[0] == 0:
            raise rule_error("a length of time must be more than 0",
                             "write how long it lasted, e.g. days: 4")
        return self


def spoken(time: Time, since_injury: bool = False) -> str:
    """The one way the atlas says a time: in the author's unit, rounded as people round.

    '12 weeks', '4 days', '1 month', 'about 6 months' (5.8 months, or approx), '2–3 weeks',
    'up to 3 weeks', 'at the injury' (0), 'not reported'. With ``since_injury``, a time since
    the injury reads '12 weeks after the injury' and an unreported one 'time not reported'.
    """
    if time.amount is None:
        return "time not reported" if since_injury else "not reported"
    low, high = time.amount
    unit = time.unit
    if high == 0:
        return "at the injury"
    if low == high:
        about, words = _one(low, unit)
        text = ("about " if time.approx or about else "") + words
    else:
        text = ("about " if time.approx else "") + _range(low, high, unit)
    return f"{text} after the injury" if since_injury else text


def _number(x: float) -> str:
    whole = int(x)
    if x == whole:
        return str(whole)
    return (str(whole) if whole else "") + "½"


def _plural(x: float, unit: str) -> str:
    return SINGULAR[unit] if x == 1 else unit


def _one(x: float, unit: str) -> tuple[bool, str]:
    """(whether the words round the number, the words) for one amount."""
    if x == int(x) or (x * 2 == int(x * 2) and x > 1 and unit != "days"):
        return False, f"{_number(x)} {_plural(x, unit)}"
    smaller = {"years": "months", "months": "weeks", "weeks": "days"}.get(unit)
    if smaller and x < {"years": 3, "months": 3, "weeks": 2}[unit]:
        # a small fraction reads better in the next unit: 1.15 months is 5 weeks
        y = x * DAYS_PER[unit] / DAYS_PER[smaller]
        n = max(round(y), 1)
        return abs(n - y) > 0.25, f"{n} {_plural(n, smaller)}"
    n = round(x)
    return True, f"{n} {_plural(n, unit)}"


def _range(low: float, high: float, unit: str) -> str:
    if low == 0:
        return f"up to {_number(high)} {_plural(high, unit)}"
    return f"{_number(low)}–{_number(high)} {unit}"
