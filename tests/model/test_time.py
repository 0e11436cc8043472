"""Times are said as people say them, in the author's unit, by one function (issue 12).

The same words reach every page, the timeline, the table, the unknown-case steps, the
handout and the exports, because they all call ``spoken`` through Time.label,
Time.since_injury or the timeline's moment_words.
"""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from builder.model import Duration, Time, When, spoken


@pytest.mark.parametrize(("written", "said"), [
    ({"weeks": 12}, "12 weeks"),
    ({"days": 4}, "4 days"),
    ({"days": 1}, "1 day"),
    ({"months": 1}, "1 month"),
    ({"years": 2}, "2 years"),
    ({"months": 6, "approx": True}, "about 6 months"),
    ({"months": 5.8}, "about 6 months"),  # rounded, so 'about'
    ({"months": 5.8, "approx": True}, "about 6 months"),  # never 'about about'
    ({"months": 2.5}, "2½ months"),
    ({"months": 1.15}, "5 weeks"),  # a small fraction reads better in the next unit
    ({"months": 0.85}, "about 4 weeks"),
    ({"months": 0.5}, "2 weeks"),
    ({"weeks": 0.6}, "4 days"),
    ({"days": 3.5}, "about 4 days"),
    ({"weeks": [2, 3]}, "2–3 weeks"),
    ({"months": [1.5, 2], "approx": True}, "about 1½–2 months"),
    ({"weeks": [0, 3]}, "up to 3 weeks"),
    ({"months": 0}, "at the injury"),
    ({"weeks": 0}, "at the injury"),
    ({"not_reported": True}, "not reported"),
])
def test_a_time_is_said_as_people_say_it(written: dict, said: str) -> None:
    assert spoken(Time(**written)) == said == Time(**written).label


@pytest.mark.parametrize("wrong", ["5.8 months", "1.15 months", "1 months", "0 weeks",
                                   "0.6 weeks", "1 weeks", "1 days", "0.0 months"])
def test_never_the_forms_issue_12_forbids(wrong: str) -> None:
    values = [0, 0.5, 0.6, 0.85, 1, 1.15, 2, 2.5, 3.7, 5.8, 12, 50]
    said = {Time(**{unit: v}).label for v in values
            for unit in ("days", "weeks", "months", "years")}
    assert wrong not in said


def test_since_the_injury() -> None:
    assert When(weeks=12).since_injury == "12 weeks after the injury"
    assert When(months=0).since_injury == "at the injury"
    assert When(not_reported=True, after="x").since_injury == "time not reported"
    assert When(not_reported=True, after="x").label == "time not reported"
    assert Duration(not_reported=True).label == "not reported"


def test_the_unit_is_kept_and_converted_only_to_compare() -> None:
    four_days = Duration(days=4)
    assert (four_days.unit, four_days.amount, four_days.in_days) == ("days", (4.0, 4.0), 4.0)
    assert When(weeks=[2, 3]).in_days == pytest.approx(17.5)  # the middle, for drawing
    assert When(months=12).in_days == pytest.approx(365.25)
    assert When(not_reported=True, after="x").in_days is None


@pytest.mark.parametrize(("written", "message"), [
    ({}, "no time is given"),
    ({"weeks": 2, "months": 1}, "give one unit, not weeks and months"),
    ({"weeks": [3, 2]}, "the range [3, 2] does not rise"),
    ({"weeks": -1}, "-1 is too small"),
    ({"weeks": "soon"}, "'soon' is not a number"),
    ({"weeks": True}, "True is not a number"),
    ({"months": 601}, "601 months is too large"),
    ({"months": 2, "not_reported": True}, "a time that is not reported has no months"),
    ({"not_reported": True, "approx": True}, "a time that is not reported is not approximate"),
])
def test_a_time_that_cannot_be_is_refused(written: dict, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        When(**written)
    assert message in str(caught.value)


def test_a_duration_is_more_than_nothing() -> None:
    with pytest.raises(ValidationError, match="must be more than 0"):
        Duration(days=0)
