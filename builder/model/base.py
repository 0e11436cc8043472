"""The base of every authored record: strict models and the text types they share.

The models are the single definition of the authoring format: the loader validates YAML
against them, the JSON Schema that editors use is generated from them, and every page is
rendered from them. ``extra="forbid"`` everywhere so that a misspelt field is an error, not
a silently ignored line.
"""
from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints
from pydantic_core import PydanticCustomError

from builder.markup.limits import limit_nesting
from builder.markup.sanitize import escape_markup

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in "123456789"),
                             *(f"lpt{n}" for n in "123456789")})
"""Names Windows (and so a FAT USB stick read there) cannot give a file, whatever follows."""


def not_a_device(slug: str) -> str:
    if slug in WINDOWS_DEVICES:
        raise ValueError(f"{slug!r} is a name Windows keeps for a device, so no file can have "
                         f"it (choose another, e.g. '{slug}-1')")
    return slug


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=80),
    AfterValidator(not_a_device),
    Field(description="Lower-case letters, digits and hyphens, e.g. 'case-01'."),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(limit_nesting),
    AfterValidator(escape_markup)
]
"""Authored Markdown; raw HTML in it is shown as text, never run (see builder.sanitize)."""
RefKey = Annotated[str, Field(description="Key of an entry in content/data/references.yaml.")]


class Record(BaseModel):
    """Base of every authored record: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)



def rule_error(message: str, hint: str = "") -> PydanticCustomError:
    """A broken rule as the author reads it, ``message (hint)`` (see builder.source.explain)."""
    return PydanticCustomError("atlas", "{message}", {"message": message, "hint": hint})
