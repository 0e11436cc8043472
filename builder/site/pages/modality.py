"""Modality pages (what NHO looks like, with every figure of that modality) and the matrix."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.site.pages.figure import figure_block
from builder.site.render import render

PROPERTIES = [("appearance", "What NHO looks like"), ("earliest", "When it becomes visible"),
              ("sensitivity", "Sensitivity"), ("cost", "Cost and availability"),
              ("radiation", "Radiation"), ("role", "Role in the pathway")]


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    out = {}
    for modality in atlas.modalities.values():
        examples = [{"case": case, "study": study,
                     "figures": [figure_block(atlas, case, study, figure, pictures, depth=1)
                                 for figure in study.figures]}
                    for case in atlas.cases for study in case.studies
                    if study.modality == modality.id and study.figures]
        out[f"modalities/{modality.slug}.md"] = render(
            "modality.md.j2", modality=modality, properties=PROPERTIES, examples=examples)
    out["modalities/index.md"] = render("modalities-index.md.j2", atlas=atlas,
                                        properties=PROPERTIES)
    return out
