"""Errors for authors: values with a file and a line, never tracebacks.

One build collects every problem it can find, so an educator fixes them all in one pass.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class AtlasError:
    """One problem in one authored file: ``file:line:column: field: message (hint)``."""

    file: str
    line: int
    path: str
    message: str
    hint: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        where += f":{self.column}" if self.line and self.column else ""
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class AtlasErrors(Exception):
    """Raised once with every problem found; its text is the report an author reads."""

    def __init__(self, errors: list[AtlasError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))
