"""Where pictures come from: the catalogue of every picture a page shows, real image files
and their problems, DICOM slices and the import that strips what identifies a patient."""
from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from pydicom.data import get_testdata_file

from builder.atlas import figures
from builder.checks import load_atlas
from builder.errors import AtlasErrors
from builder.illustrate.scene import Window
from builder.pictures import dicom
from builder.pictures.catalogue import catalogue, figure_views, picture_name
from builder.pictures.files import file_problem, image_problem
from builder.pictures.importer import import_image
from support import ROOT

ATLAS = load_atlas(ROOT)
CT_DICOM = Path(get_testdata_file("CT_small.dcm"))


def test_the_catalogue_names_every_view_of_every_figure_and_each_own_scene() -> None:
    names = dict(catalogue(ATLAS))
    for case in ATLAS.cases:
        for _, figure in figures(case):
            views = figure_views(ATLAS.root, figure)
            assert all(picture_name(case, figure, i) in names for i in range(len(views)))
    scenes = [q for quiz in ATLAS.quizzes for q in quiz.questions
              if q.hotspot is not None and q.hotspot.scene is not None]
    assert sum(name.startswith("question/") for name in names) == len(scenes)


def test_a_ct_scene_is_shown_in_both_windows_its_own_first() -> None:
    for case in ATLAS.cases:
        for _, figure in figures(case):
            labels = [label for label, _ in figure_views(ATLAS.root, figure)]
            if figure.scene is not None and figure.scene.view.startswith("ct"):
                assert len(labels) == 2 and len(set(labels)) == 2
                return
    pytest.skip("no CT illustration in the atlas")


def test_image_problems_name_what_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "images" / "c").mkdir(parents=True)
    Image.new("L", (8, 8)).save(tmp_path / "images" / "c" / "fig1a.png")
    (tmp_path / "images" / "c" / "notes.png").write_text("not a picture")
    assert image_problem(tmp_path, "images/c/fig1a.png") is None
    assert "outside images/" in image_problem(tmp_path, "../photo.png")[0]
    missing = image_problem(tmp_path, "images/c/fig1b.png")
    assert "does not exist" in missing[0] and "fig1a.png" in missing[1]
    assert "not an image file" in file_problem(tmp_path / "images" / "c" / "notes.png")[0]


def test_dicom_identifiers_are_found_removed_and_the_slice_windowed() -> None:
    ds = dicom.read(CT_DICOM)
    assert "PatientName" in dicom.identifiers(ds)
    removed = dicom.deidentify(ds)
    assert "PatientName" in removed and dicom.identifiers(ds) == []
    soft, bone = dicom.to_image(ds, Window.SOFT_TISSUE), dicom.to_image(ds, Window.BONE)
    assert soft.mode == "L" and soft.size == (ds.Columns, ds.Rows)
    assert soft.tobytes() != bone.tobytes()


def test_import_image_keeps_the_pixels_and_drops_the_metadata(fixture_atlas: Path,
                                                               tmp_path: Path) -> None:
    photo = tmp_path / "photo.jpg"
    exif = Image.Exif()
    exif[0x010E] = "Patient: Jane Doe"  # ImageDescription
    Image.new("RGB", (32, 24), (200, 10, 10)).save(photo, exif=exif)
    snippet = import_image(fixture_atlas, photo, "case-test", "fig9a")
    stored = fixture_atlas / "images" / "case-test" / "fig9a.jpg"
    assert "image: images/case-test/fig9a.jpg" in snippet
    with Image.open(stored) as image:
        assert image.size == (32, 24) and not image.getexif()
    with pytest.raises(AtlasErrors, match="exists already"):
        import_image(fixture_atlas, photo, "case-test", "fig9a")
