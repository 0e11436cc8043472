"""Image rules: every real image a figure names is under images/, readable and safe."""
from __future__ import annotations

from collections.abc import Iterator

from builder.atlas import Atlas, figure_places
from builder.errors import AtlasError
from builder.pictures.files import image_problem


def check_images(atlas: Atlas) -> Iterator[AtlasError]:
    for case in atlas.cases:
        src = atlas.source(case)
        for place, _, figure in figure_places(case):
            if figure.image is not None:
                problem = image_problem(atlas.root, figure.image)
                if problem:
                    yield src.error((*place, "image"), *problem)
