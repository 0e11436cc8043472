"""The stage × modality explorer: one lesion, every modality, every step of maturation.

Generated from the explorer data and the modality data; no picture is placed by hand.
"""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.model import ExplorerStep, Modality
from builder.pictures.cache import Picture
from builder.pictures.catalogue import explorer_picture_name
from builder.site.pages.figure import picture_html
from builder.site.render import render


def verdict(modality: Modality, step: ExplorerStep) -> tuple[bool, str]:
    """Whether NHO is detectable on ``modality`` at ``step``, and what it shows then."""
    shows = modality.stages.get(step.stage.value, "")
    detection = modality.detection
    if not detection.reported:
        return False, f"{shows} When it becomes positive is not reported."
    if step.at.in_days >= detection.in_days:
        return True, shows
    return False, f"{shows} Usually positive from {detection.since_injury}."


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    explorer = atlas.explorer
    if explorer is None:
        return {}
    steps = []
    for n, step in enumerate(explorer.steps):
        panels = []
        for modality_id in explorer.views:
            modality = atlas.modalities[modality_id]
            detectable, why = verdict(modality, step)
            alt = (f"Simulated illustration: {modality.name.lower()} of the same right anterior "
                   f"hip lesion {step.at.label} after injury, {step.stage.value} stage; NHO is "
                   f"{'detectable' if detectable else 'not yet detectable'} on it.")
            picture = picture_html(pictures[explorer_picture_name(n, modality_id)], alt, alt,
                                   depth=0)
            panels.append({"modality": modality, "detectable": detectable, "why": why,
                           "picture": picture, "id": f"step{n}-{modality.slug}"})
        steps.append({"step": step, "panels": panels, "n": n})
    return {"explorer.md": render("explorer.md.j2", explorer=explorer, steps=steps)}
