"""A check for what looks like a patient identifier in authored case and quiz text (an exact
age too: a case gives an age band).

It warns, it does not refuse: a pattern cannot know whether "Dr Smith" is a patient's doctor
or a cited author. The educator reads each warning and removes what identifies someone.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from builder.errors import AtlasError
from builder.source.yamlsource import Source, strings

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("a date of birth", re.compile(
        r"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\b[:\s]*[\w/.\- ]{0,20}\d", re.I)),
    ("a full date", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b")),
    ("an NHS number", re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b")),
    ("a hospital or record number", re.compile(
        r"\b(?:MRN|hospital (?:no|number)|record (?:no|number)|accession)\b\.?[:#\s]*\w*\d", re.I)),
    ("a person's name", re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.? [A-Z][a-z]+")),
    ("an exact age", re.compile(
        r"\b\d{1,3}[- ](?:years?|yrs?)[- ]old\b|\baged? \d{1,3}\b|\b\d{1,3} ?(?:yo|y/o)\b",
        re.I)),
]


def phi_warnings(source: Source) -> Iterator[AtlasError]:
    """One warning per suspicious string in a case file, with its line."""
    for path, text in strings(source.data, ()):
        for what, pattern in PATTERNS:
            match = pattern.search(text)
            if match:
                yield source.error(path, f"warning: this looks like {what} ({match.group(0)!r})",
                                   "give an age band (patient.age_group) instead"
                                   if what == "an exact age" else
                                   "remove anything that could identify a patient")
