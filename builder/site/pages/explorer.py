"""The stage × modality explorer: one lesion, every modality, every step of maturation.

Generated from the explorer data and the modality data; no picture is placed by hand.
"""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.illustrate import words
from builder.model import ExplorerStep, Modality
from builder.pictures.cache import Picture
from builder.pictures.catalogue import explorer_picture_name
from builder.site.pages.figure import picture_html
from builder.site.render import render

STATES = {"detectable": "✓ NHO detectable",
          "abnormal, not specific": "~ Abnormal, not specific: not yet detectable as NHO",
          "not detectable": "✗ Not detectable"}


def verdict(modality: Modality, step: ExplorerStep, picture: Picture) -> tuple[str, str]:
    """What the picture of ``modality`` at ``step`` shows, measured from the picture itself
    (the lesion's contrast-to-noise ratio and whether it shows mineral: see
    builder.illustrate.measure), and what the modality shows at that stage."""
    shows = modality.stages.get(step.stage.value, "")
    region = picture.regions[0] if picture.regions else {}
    return str(region.get("state", "not detectable")), shows


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    explorer = atlas.explorer
    if explorer is None:
        return {}
    steps = []
    for n, step in enumerate(explorer.steps):
        panels = []
        for modality_id in explorer.views:
            modality = atlas.modalities[modality_id]
            shown = pictures[explorer_picture_name(n, modality_id)]
            state, why = verdict(modality, step, shown)
            region = shown.regions[0] if shown.regions else {}
            alt = (f"Simulated illustration: {modality.name} picture of the same lesion "
                   f"{step.at.since_injury}, {step.stage.value} stage: "
                   f"{words.drawn(region)}; measured on the picture, NHO is {state} on it.")
            picture = picture_html(shown, alt, alt, depth=0)
            panels.append({"modality": modality, "detectable": state == "detectable",
                           "state": state, "verdict": STATES[state], "why": why,
                           "picture": picture, "id": f"step{n}-{modality.slug}"})
        steps.append({"step": step, "panels": panels, "n": n})
    return {"explorer.md": render("explorer.md.j2", explorer=explorer, steps=steps)}
