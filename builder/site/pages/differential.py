"""The 'DVT or NHO?' page: each modality's picture of a deep vein thrombosis beside its
picture of NHO, generated from content/data/differential.yaml (no picture placed by hand)."""
from __future__ import annotations

from collections.abc import Mapping

from builder.atlas import Atlas
from builder.pictures.cache import Picture
from builder.pictures.catalogue import differential_picture_name
from builder.site.pages.figure import picture_html
from builder.site.render import render


def pages(atlas: Atlas, pictures: Mapping[str, Picture]) -> dict[str, str]:
    page = atlas.differential
    if page is None:  # the navigation names the page: say that there is nothing yet
        return {"differential.md": "# Swollen leg: DVT or NHO?\n\nThis atlas has no "
                "comparison yet (content/data/differential.yaml).\n"}
    rows = []
    for n, row in enumerate(page.rows):
        panels = []
        for which, label in (("dvt", "Deep vein thrombosis"), ("nho", "NHO")):
            panel = getattr(row, which)
            shown = pictures[differential_picture_name(n, which)]
            panels.append({"label": label, "panel": panel, "id": f"row{n}-{which}",
                           "picture": picture_html(shown, panel.alt, None, depth=0)})
        rows.append({"row": row, "modality": atlas.modalities[row.modality],
                     "panels": panels})
    return {"differential.md": render("differential.md.j2", page=page, rows=rows)}
