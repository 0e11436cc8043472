"""make bench measures builds of synthetic atlases: they must be atlases the build accepts,
or the benchmark measures a failure (its generator once gave a study figures of another
modality's views, which the build rightly refuses, and make bench stopped at its first
atlas)."""
from __future__ import annotations

from bench.synth import write_atlas
from builder.checks.images import check_images
from builder.source.load import read_atlas


def test_a_synthetic_atlas_reads_without_an_error(tmp_path) -> None:
    root = write_atlas(tmp_path / "atlas", 40, 80)
    atlas, errors = read_atlas(root)
    errors += check_images(atlas)  # (the rule that a figure's view draws its study's modality)
    assert [str(e) for e in errors] == []
    ours = [c for c in atlas.cases if c.id.startswith("case-s")]
    assert len(ours) == 40
    assert sum(len(s.figures) for c in ours for s in c.studies) > 80  # several per case
