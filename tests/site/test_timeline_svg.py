"""The timeline SVG: long treatment names wrap (never cut off at the edge), with the whole
name in the tooltip; each modality's marker shape is drawn; times not reported are drawn
apart from the axis."""
from __future__ import annotations

import pytest

from builder.checks import load_atlas
from builder.model import Case
from builder.model.chronology import chronology
from builder.model.data import MARKERS
from builder.site.timeline import LABEL_CHARS, marker_path, row_label, timeline_svg
from support import ROOT

LONG = "radiotherapy to the heterotopic ossification of the right hip and upper thigh"


def test_a_long_name_wraps_on_two_lines_and_is_shortened_only_at_the_end() -> None:
    lines = row_label(LONG)
    assert len(lines) == 2 and all(len(line) <= LABEL_CHARS for line in lines)
    assert lines[0] == "radiotherapy to the"
    assert lines[1].endswith("…")
    assert row_label("etidronate") == ["etidronate"]


@pytest.mark.parametrize("shape", MARKERS)
def test_every_marker_shape_draws(shape: str) -> None:
    svg = marker_path(shape, 10, 10)
    assert svg.startswith(("<circle", "<rect", "<polygon")) and "nan" not in svg


def test_the_whole_name_is_in_the_tooltip_and_unknown_times_stand_apart() -> None:
    atlas = load_atlas(ROOT)
    case = atlas.case("case-03-nho-mimicking-dvt-on-venography")
    data = case.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data["treatments"][0]["name"] = LONG
    long_case = Case.model_validate(data)
    svg = timeline_svg(long_case, atlas.modalities, chronology(long_case))
    assert f"<title>{LONG[0].upper()}{LONG[1:]}</title>" in svg or f"<title>{LONG}</title>" in svg
    assert "<tspan" in svg and "…" in svg
    assert svg.count('class="study unknown"') == 2 and "time not reported," in svg
