"""The picture pipeline: cached by input, rendered once, written without metadata."""
from __future__ import annotations

import html
from pathlib import Path

import pytest
from PIL import Image

from builder.checks import load_atlas
from builder.illustrate.scene import Scene
from builder.markup.sanitize import plain
from builder.pictures import cache as images
from support import ROOT

METADATA = {"exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile", "Software", "Author",
            "Description", "Comment", "Title"}
SCENE = Scene(view="spect-coronal", lesions=[{"site": "anterior", "side": "right",
                                               "maturity": 0.4}], seed=7)


def test_second_prepare_renders_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = images.prepare({"a": SCENE}, tmp_path, workers=1)["a"]
    assert first.width >= 768 and all(path.is_file() for _, path in first.files())
    monkeypatch.setattr(images, "_render_job", lambda job: pytest.fail("rendered again"))
    again = images.prepare({"a": SCENE, "same": SCENE}, tmp_path, workers=1)
    assert again["a"] == again["same"] == first


def test_changed_scene_renders_only_itself(tmp_path: Path) -> None:
    changed = SCENE.model_copy(update={"seed": 8})
    pictures = images.prepare({"a": SCENE, "b": changed}, tmp_path, workers=2)
    assert pictures["a"].key != pictures["b"].key
    assert len(list(tmp_path.iterdir())) == 2


def test_derivatives_are_deterministic(tmp_path: Path) -> None:
    one = images.prepare({"a": SCENE}, tmp_path / "one", workers=1)["a"]
    two = images.prepare({"a": SCENE}, tmp_path / "two", workers=1)["a"]
    for (_, a), (_, b) in zip(one.files(), two.files(), strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_derivatives_carry_no_metadata(tmp_path: Path) -> None:
    source = Image.new("RGB", (900, 600), "grey")
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {1: "N"}  # GPS
    source.info["comment"] = b"patient name"
    images.write_derivatives(source, tmp_path / "pic", [])
    for path in (tmp_path / "pic").iterdir():
        if path.suffix in (".webp", ".jpg"):
            with Image.open(path) as image:
                assert not image.getexif()
                assert not {"exif", "xmp", "icc_profile", "comment"} & set(image.info)


def test_every_figure_of_the_atlas_has_a_picture(built_site: Path) -> None:
    """...or, marked no_picture, says so plainly and claims no illustration."""
    atlas = load_atlas(ROOT)
    for case in atlas.cases:
        page = (built_site / f"cases/{case.id}.html").read_text()
        for study in case.studies:
            for figure in study.figures:
                start = page.index(f'<figure class="atlas-figure" id="{figure.id}"')
                block = page[start:page.index("</figure>", start)]
                if figure.no_picture:
                    assert "No picture available" in block and "<picture>" not in block
                    assert "Simulated illustration" not in block
                    continue
                assert "<picture>" in block and 'loading="lazy"' in block
                assert 'srcset="' in block and 'width="' in block and 'height="' in block
                assert f'alt="{html.escape(" ".join(plain(figure.alt).split()))}"' in block
                assert "Simulated illustration, not a patient image." in block
                assert "illustration pending" not in block.lower()
                for src in block.split('src="')[1:]:
                    assert (built_site / "cases" / src.split('"')[0]).resolve().is_file()


def test_site_images_have_no_metadata(built_site: Path) -> None:
    files = [p for p in built_site.rglob("*") if p.suffix in (".png", ".jpg", ".jpeg", ".webp")]
    assert files
    for path in files:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert not METADATA & set(image.info), (path, image.info.keys())
