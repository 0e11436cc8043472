"""``atlas new-case``: a complete, commented case file that validates as written.

Starting from a record that already builds lets an educator change one field at a time and
see each change in the preview, instead of facing a wall of errors from an empty file.
"""
from __future__ import annotations

import re
from pathlib import Path

from builder.atlas import Atlas
from builder.errors import AtlasError, AtlasErrors
from builder.site.render import environment

VIEWS = {"CT": "ct-axial", "XR": "xray-ap-pelvis", "US": "us-longitudinal",
         "SPECT": "spect-coronal"}


def new_case(atlas: Atlas, slug: str, cases_dir: str = "cases") -> list[Path]:
    """Write cases/SLUG.yaml and make images/SLUG/; refuse to overwrite anything."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        raise AtlasErrors([AtlasError(slug, 0, "", "a case id is lower-case letters, digits "
                                      "and hyphens", "e.g. case-03-hip-nho-after-sci")])
    path = atlas.root / cases_dir / f"{slug}.yaml"
    if path.exists():
        raise AtlasErrors([AtlasError(path.relative_to(atlas.root).as_posix(), 0, "",
                                      "this case already exists", "choose another id")])
    first = next((m for m in atlas.modalities if m in VIEWS), "CT")
    text = environment().get_template("new-case.yaml.j2").render(
        slug=slug, title=slug.replace("-", " ").capitalize(),
        modalities=", ".join(atlas.modalities), first_modality=first, first_view=VIEWS[first],
        reference=next(iter(atlas.references)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    images = atlas.root / "images" / slug
    images.mkdir(parents=True, exist_ok=True)
    return [path, images]
