"""Modality pages (what NHO looks like, with every study and figure of that modality) and the
matrix. Several cases' figures share a page, so their anchors are case id + figure id."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import Modality
from builder.pictures.cache import Picture
from builder.site.pages.figure import figure_block
from builder.site.render import render

PROPERTIES = [("appearance", "What NHO looks like"), ("earliest", "When it becomes visible"),
              ("sensitivity", "Sensitivity"), ("cost", "Cost and availability"),
              ("radiation", "Radiation"), ("role", "Role in the pathway")]


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    out = {}
    detection = {m.id: detectable(m) for m in atlas.modalities.values()}
    for modality in atlas.modalities.values():
        examples = [{"case": case, "study": study,
                     "figures": [figure_block(atlas, case, study, figure, pictures, depth=1,
                                              anchor=f"{case.id}-{figure.id}")
                                 for figure in study.figures]}
                    for case in atlas.cases for study in case.studies
                    if study.modality == modality.id]
        out[f"modalities/{modality.slug}.md"] = render(
            "modality.md.j2", modality=modality, properties=PROPERTIES, examples=examples,
            detection=detection[modality.id])
    out["modalities/index.md"] = render("modalities-index.md.j2", atlas=atlas,
                                        properties=PROPERTIES, detection=detection)
    return out


def detectable(modality: Modality) -> str:
    """'about 5 weeks after the injury'; 'not reported' where no source says."""
    time = modality.detection
    return time.since_injury if time.reported else "not reported"
