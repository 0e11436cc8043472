"""Rules about when things happened: an order that can be, and within the follow-up.

builder.model.chronology puts a case's studies, events, treatments and adverse events in one
order and says what cannot be (a circle of after: and before:, a study listed out of order,
a time after the follow-up); here those become errors at the line of the time that is wrong,
with the ids that after: and before: name checked against the case's own ids.
"""
from __future__ import annotations

from collections.abc import Iterator

from builder.atlas import Atlas
from builder.errors import AtlasError
from builder.model.time import When
from builder.source.hints import did_you_mean


def check_times(atlas: Atlas) -> Iterator[AtlasError]:
    for case in atlas.cases:
        src = atlas.source(case)
        chronology = atlas.chronology(case)
        ids = [m.ident for m in chronology.moments if m.ident]
        for moment in chronology.moments:
            if not isinstance(moment.time, When):
                continue
            for word in ("after", "before"):
                ref = getattr(moment.time, word)
                if ref is not None and ref not in ids:
                    yield src.error((*moment.path, moment.time_field, word),
                                    f"unknown id {ref!r}", did_you_mean(ref, ids) or
                                    "the id of a study, event, treatment or adverse event of "
                                    "this case")
        for path, message, hint in chronology.problems:
            yield src.error(path, message, hint)
