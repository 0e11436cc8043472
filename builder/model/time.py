"""Times in a case: when something happened, counted from the injury."""
from __future__ import annotations

from pydantic import Field

from builder.model.base import Record, Text


class When(Record):
    """A time since the injury."""

    months: float = Field(ge=0, le=600, description="Months since the injury (0.5 = 2 weeks).")
    approx: bool = Field(False, description="True where the source gives the time only roughly.")
    note: Text | None = Field(None, description="What the source says about this time, verbatim "
                             "in substance, where it is vague or inconsistent.")

    @property
    def label(self) -> str:
        m = self.months
        text = f"{m:g} month" + ("" if m == 1 else "s")
        if m < 1:
            text = f"{round(m * 52 / 12):d} weeks"
        return ("about " if self.approx else "") + text

