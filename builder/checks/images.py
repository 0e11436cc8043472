"""Image rules: every real image a figure names is under images/, readable and safe, and an
illustration is drawn only by a view of its study's modality."""
from __future__ import annotations

from collections.abc import Iterator

from builder.atlas import Atlas, figure_places
from builder.errors import AtlasError
from builder.pictures.files import image_problem


def check_images(atlas: Atlas) -> Iterator[AtlasError]:
    for case in atlas.cases:
        src = atlas.source(case)
        for place, study, figure in figure_places(case):
            if figure.image is not None:
                problem = image_problem(atlas.root, figure.image)
                if problem:
                    yield src.error((*place, "image"), *problem)
            modality = atlas.modalities.get(study.modality)
            if figure.scene is not None and modality is not None \
                    and figure.scene.view not in modality.views:
                yield src.error((*place, "scene", "view"),
                                f"the view {figure.scene.view.value!r} does not draw "
                                f"{modality.name.lower()}", _no_view(modality))


def _no_view(modality) -> str:
    if modality.views:
        return "use " + " or ".join(v.value for v in modality.views)
    return (f"the atlas cannot draw {modality.id} yet: give a real image, or no_picture: true")
