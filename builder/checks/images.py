"""Image rules: every real image a figure names is under images/, readable and safe."""
from __future__ import annotations

from collections.abc import Iterator

from builder.atlas import Atlas
from builder.errors import AtlasError
from builder.pictures.files import image_problem


def check_images(atlas: Atlas) -> Iterator[AtlasError]:
    for case in atlas.cases:
        src = atlas.source(case)
        for i, study in enumerate(case.studies):
            for j, figure in enumerate(study.figures):
                if figure.image is not None:
                    problem = image_problem(atlas.root, figure.image)
                    if problem:
                        yield src.error(("studies", i, "figures", j, "image"), *problem)
