"""One order for everything in a case: known times, the same-time rule, after:/before:, and
times that are not reported placed where the source says."""
from __future__ import annotations

from builder.model import Case
from builder.model.chronology import chronology

BASE = {
    "id": "case-x", "title": "T", "source": "S", "summary": "S",
    "patient": {"age_group": "adult", "sex": "male"},
    "injury": {"kind": ["SCI"], "summary": "S"}, "presentation": ["P"],
    "follow_up": {"months": 6}, "outcome": "O", "teaching_points": ["T"],
    "references": ["r"],
}


def study(sid: str, at: dict) -> dict:
    return {"id": sid, "at": at, "modality": "CT", "region": "r", "reason": "r",
            "findings": "f"}


def order(**fields) -> tuple[list[str], list]:
    case = Case.model_validate({**BASE, **fields})
    chron = chronology(case)
    names = [m.ident or getattr(m.item, "label", None) or m.item.name for m in chron.moments]
    return names, chron.problems


def test_known_times_then_events_before_studies_before_treatments() -> None:
    names, problems = order(
        studies=[study("ct-2m", {"months": 2})],
        events=[{"at": {"weeks": 1}, "label": "early"}, {"at": {"months": 2}, "label": "ref"}],
        treatments=[{"name": "drug", "start": {"months": 2}, "weeks": 4, "response": "r"}])
    assert names == ["early", "ref", "ct-2m", "drug"] and not problems


def test_after_orders_items_at_the_same_time() -> None:
    names, _ = order(studies=[study("ct-5m", {"months": 5})],
                     events=[{"at": {"months": 5, "after": "ct-5m"}, "label": "found"}])
    assert names == ["ct-5m", "found"]


def test_a_time_not_reported_goes_where_after_puts_it() -> None:
    names, problems = order(
        events=[{"id": "signs", "at": {"weeks": 12}, "label": "signs"},
                {"at": {"weeks": 14}, "label": "later"}],
        studies=[study("veno", {"not_reported": True, "after": "signs"}),
                 study("ct", {"not_reported": True, "after": "bleed"})],
        treatments=[{"id": "hep", "name": "heparin", "response": "r",
                     "start": {"not_reported": True, "after": "veno"},
                     "duration": {"days": 4},
                     "adverse_events": [{"id": "bleed", "onset": {"days": 4}, "what": "b"}]}])
    assert names == ["signs", "veno", "hep", "bleed", "ct", "later"], problems
    assert not problems


def test_places_share_out_unknown_times_and_keep_trailing_ones_apart() -> None:
    case = Case.model_validate({**BASE, "events": [
        {"id": "a", "at": {"weeks": 2}, "label": "a"},
        {"id": "b", "at": {"not_reported": True, "after": "a"}, "label": "b"},
        {"id": "c", "at": {"weeks": 6}, "label": "c"},
        {"id": "d", "at": {"not_reported": True, "after": "c"}, "label": "d"}],
        "studies": [study("s", {"weeks": 1})]})
    places = {m.ident: x for m, x in chronology(case).places()}
    assert places["b"] == 28  # halfway between 14 and 42 days
    assert places["d"] is None  # after the last known time: drawn apart


def test_contradictions_and_circles_are_problems() -> None:
    _, problems = order(studies=[study("ct-1m", {"months": 1})],
                        events=[{"at": {"months": 2, "before": "ct-1m"}, "label": "e"}])
    assert any("cannot come before 'ct-1m'" in p[1] for p in problems)
    _, problems = order(studies=[study("s", {"not_reported": True, "after": "e"})],
                        events=[{"id": "e", "at": {"not_reported": True, "after": "s"},
                                 "label": "e"}])
    assert any("goes round in a circle" in p[1] for p in problems)


def test_studies_listed_out_of_order_and_after_the_follow_up() -> None:
    _, problems = order(studies=[study("b", {"months": 2}), study("a", {"weeks": 2}),
                                 study("c", {"months": 7})])
    messages = [p[1] for p in problems]
    assert "this study (2 weeks after the injury) is listed after one that came later " \
        "(2 months after the injury)" in messages
    assert "study is after the follow-up" in messages
