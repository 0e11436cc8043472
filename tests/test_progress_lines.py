"""Progress lines: quiet in CI, one line as a stage starts and one as it ends."""
from __future__ import annotations

import io

from builder.progress import progress, stage


def test_progress_yields_everything_and_reports_the_count() -> None:
    out = io.StringIO()
    assert list(progress(range(3), 3, "Counting", stream=out)) == [0, 1, 2]
    first, last = out.getvalue().replace("\r", "").splitlines()
    assert first == "Counting: 3 ..." and last.startswith("Counting: 3 done in ")


def test_a_stage_says_when_it_starts_and_ends() -> None:
    out = io.StringIO()
    with stage("Loading", stream=out):
        out.write("work\n")
    lines = out.getvalue().splitlines()
    assert lines[0] == "Loading ..." and lines[1] == "work" and lines[2].startswith("Loading: ")
