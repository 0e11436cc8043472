"""atlas new-case's scaffold: a case file that points at the atlas' own modalities and a
reference, never over an existing one."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.checks import load_atlas
from builder.cli.scaffold import new_case
from builder.errors import AtlasErrors


def test_new_case_writes_the_file_and_the_images_folder(fixture_atlas: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    path, images = new_case(atlas, "case-09-knee")
    assert path == fixture_atlas / "cases" / "case-09-knee.yaml" and images.is_dir()
    record = yaml.safe_load(path.read_text())
    assert record["id"] == "case-09-knee"
    assert record["studies"][0]["modality"] in atlas.modalities
    with pytest.raises(AtlasErrors, match="already exists"):
        new_case(atlas, "case-09-knee")
    with pytest.raises(AtlasErrors, match="lower-case letters"):
        new_case(atlas, "Case 10")
