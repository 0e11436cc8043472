"""The 'DVT or NHO?' page: its modalities exist and draw its scenes, its references exist,
and each picture's caption and alt text name only what the picture measurably shows (the
same words check as the figures, builder.checks.words)."""
from __future__ import annotations

from collections.abc import Iterator, Mapping

from builder.atlas import Atlas
from builder.checks.words import _texts
from builder.errors import AtlasError
from builder.pictures import Picture
from builder.pictures.catalogue import differential_picture_name
from builder.source.yamlsource import Source

SOURCE = "differential"


def _rows(atlas: Atlas) -> Iterator[tuple[Source, int, object]]:
    if atlas.differential is None or SOURCE not in atlas.sources:
        return
    for n, row in enumerate(atlas.differential.rows):
        yield atlas.sources[SOURCE], n, row


def check_differential(atlas: Atlas) -> list[AtlasError]:
    errors: list[AtlasError] = []
    for src, n, row in _rows(atlas):
        modality = atlas.modalities.get(row.modality)
        if modality is None:
            errors.append(src.error(("rows", n, "modality"), f"{row.modality!r} is not a "
                                    "modality", "one of " + ", ".join(atlas.modalities)))
            continue
        for which in ("dvt", "nho"):
            view = getattr(row, which).scene.view
            if view not in modality.views:
                errors.append(src.error(("rows", n, which, "scene", "view"),
                                        f"the view {view.value!r} does not draw "
                                        f"{modality.name.lower()}",
                                        "use " + " or ".join(v.value for v in modality.views)))
    if atlas.differential is not None and SOURCE in atlas.sources:
        src = atlas.sources[SOURCE]
        for k, key in enumerate(atlas.differential.references):
            if key not in atlas.references:
                errors.append(src.error(("references", k), f"{key!r} is not a reference",
                                        "a key from content/data/references.yaml"))
    return errors


def check_differential_words(atlas: Atlas, pictures: Mapping[str, Picture]
                             ) -> list[AtlasError]:
    errors: list[AtlasError] = []
    for src, n, row in _rows(atlas):
        for which in ("dvt", "nho"):
            panel = getattr(row, which)
            picture = pictures.get(differential_picture_name(n, which))
            if picture is None:
                continue
            errors += _texts(src, ("rows", n, which),
                             [(("caption",), panel.caption), (("alt",), panel.alt)], picture)
    return errors
