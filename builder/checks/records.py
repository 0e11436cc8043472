"""Cross-checks of records: what no single record can know on its own.

Ids must be unique, every cited or listed reference must exist, studies come in time order,
treatments end within the follow-up, key points point at real cases and figures.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from builder.atlas import Atlas
from builder.errors import AtlasError
from builder.markup.citations import keys_in
from builder.model.data import MARKERS
from builder.source.hints import did_you_mean
from builder.source.yamlsource import Source, strings


def check_records(atlas: Atlas) -> list[AtlasError]:
    errors: list[AtlasError] = []
    for name, source in atlas.sources.items():
        errors += _check_unique(source, name)
    if "references" not in atlas.sources or "modalities" not in atlas.sources:
        return errors  # their own file's problems are reported; every key would look unknown
    refs, modalities = atlas.references, atlas.modalities
    for source in atlas.sources.values():
        errors += _check_citations(source, refs)
    for src in _case_files(atlas):
        errors += _check_case_keys(src, refs, modalities)
    errors += _check_modalities(atlas)
    errors += _check_key_points(atlas)
    if atlas.explorer:
        src = atlas.sources["explorer"]
        errors += _check_keys(src, ("references",), atlas.explorer.references, refs, "reference")
        errors += [src.error(("views", key), f"{key!r} is not a modality",
                             did_you_mean(key, modalities) or "one of " + ", ".join(modalities))
                   for key in atlas.explorer.views if key not in modalities]
        errors += [src.error(("steps", n, "views", key),
                             f"{key!r} is not a view of the explorer",
                             "one of " + ", ".join(atlas.explorer.views))
                   for n, step in enumerate(atlas.explorer.steps)
                   for key in step.views if key not in atlas.explorer.views]
    return errors


def _case_files(atlas: Atlas) -> Iterator[Source]:
    """Every case file that parsed, whether or not it is a valid case: its references and
    modalities are checked even while it has problems of its own, so that one run reports
    every problem."""
    return (src for name, src in atlas.sources.items()
            if name.startswith(("case:", "unloaded:")))


def _check_case_keys(src: Source, refs: dict[str, Any],
                     modalities: dict[str, Any]) -> Iterator[AtlasError]:
    data = src.data if isinstance(src.data, dict) else {}
    keys = data.get("references")
    if isinstance(keys, list):
        for j, key in enumerate(keys):
            if isinstance(key, str) and key not in refs:
                yield src.error(("references", j), f"unknown reference {key!r}",
                                did_you_mean(key, refs) or
                                "add it to content/data/references.yaml")
    studies = data.get("studies")
    for i, study in enumerate(studies if isinstance(studies, list) else []):
        modality = study.get("modality") if isinstance(study, dict) else None
        if isinstance(modality, str) and modality not in modalities:
            near = did_you_mean(modality, modalities)
            yield src.error(("studies", i, "modality"), f"{modality!r} is not a modality",
                            (f"{near} or " if near else "one of " + ", ".join(modalities) +
                             ", or ") + "add it to content/data/modalities.yaml")


def _check_keys(src: Source, path: tuple, keys: list[str], known: Any,
                what: str) -> Iterator[AtlasError]:
    for j, key in enumerate(keys):
        if key not in known:
            yield src.error((*path, j), f"unknown {what} {key!r}",
                            did_you_mean(key, known) or f"add it to content/data/{what}s.yaml")


def _check_citations(src: Source, refs: dict[str, Any]) -> Iterator[AtlasError]:
    for path, text in strings(src.data, ()):
        for _, key in keys_in(text):
            if key not in refs:
                yield src.error(path, f"cites unknown reference {key!r}",
                                did_you_mean(key, refs) or "add it to content/data/references.yaml")


def _check_unique(src: Source, name: str) -> Iterator[AtlasError]:
    """Ids are unique among their kind within a file; figure ids across the whole case."""
    seen: dict[tuple[str, str], tuple] = {}
    for path, item in _mappings(src.data, ()):
        field = "id" if "id" in item else "key"
        ident = item.get(field)
        if not isinstance(ident, str) or not path:
            continue
        group = "figures" if "figures" in path else next(
            (p for p in reversed(path) if isinstance(p, str)), name)
        if (group, ident) in seen:
            yield src.error((*path, field), f"duplicate id {ident!r}",
                            f"already used on line {src.line((*seen[(group, ident)], field))}")
        else:
            seen[(group, ident)] = path


def _check_modalities(atlas: Atlas) -> Iterator[AtlasError]:
    """Sources exist, and each modality has a marker of its own on the timelines."""
    src = atlas.sources["modalities"]
    owner: dict[str, str] = {}
    for i, modality in enumerate(atlas.modalities.values()):
        yield from _check_keys(src, (i, "references"), modality.references, atlas.references,
                               "reference")
        if modality.marker in owner:
            free = [m for m in MARKERS if m not in {x.marker for x in atlas.modalities.values()}]
            yield src.error((i, "marker"), f"the marker {modality.marker!r} is already "
                            f"{owner[modality.marker]}'s", "choose one no other modality uses: "
                            + (", ".join(free) or "none is left; add a shape to the timeline"))
        owner.setdefault(modality.marker, modality.id)


def _check_key_points(atlas: Atlas) -> Iterator[AtlasError]:
    src = atlas.sources.get("key-points")
    cases = {c.id for c in atlas.cases} | atlas.unloaded_cases  # those report themselves
    for i, point in enumerate(atlas.key_points):
        yield from _check_keys(src, (i, "references"), point.references, atlas.references,
                               "reference")
        yield from _check_keys(src, (i, "cases"), point.cases, cases, "case")
        for j, ref in enumerate(point.figures):
            if atlas.in_unloaded_case(ref):
                continue
            if "/" not in ref or atlas.figure(ref) is None:
                yield src.error((i, "figures", j), f"unknown figure {ref!r}",
                                "write it as case-id/figure-id, e.g. case-01-…/fig2a")


def _mappings(data: Any, path: tuple) -> Iterator[tuple[tuple, dict]]:
    if isinstance(data, dict):
        yield path, data
        for k, v in data.items():
            yield from _mappings(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _mappings(v, (*path, i))
