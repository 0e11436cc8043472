"""Real images: provenance required, metadata stripped, DICOM refused until de-identified."""
from __future__ import annotations

from pathlib import Path

import pydicom
import pytest
from PIL import Image
from pydicom.data import get_testdata_file

from builder.checks import load_atlas
from builder.errors import AtlasErrors
from support import run_atlas

CT_DICOM = Path(get_testdata_file("CT_small.dcm"))
FIGURE = """      - id: fig9a
        number: 9a
        caption: A real image.
        alt: A real image of the hip.
        image: {image}
{extra}"""
PROVENANCE = """        provenance:
          source: Teaching file of the test department.
          licence: CC BY 4.0
          deidentified_with_consent: true
"""


def add_figure(root: Path, image: str, extra: str = PROVENANCE) -> None:
    case = root / "cases" / "case-test.yaml"
    text = case.read_text()
    anchor = "  - id: us-2m\n"
    case.write_text(text.replace(anchor, FIGURE.format(image=image, extra=extra) + anchor))


def test_real_image_without_provenance_is_refused(fixture_atlas: Path) -> None:
    add_figure(fixture_atlas, "images/case-test/radiograph.jpg", extra="")
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert ("cases/case-test.yaml:35:9: studies[0].figures[1]: a real image needs 'provenance' "
            "(source, licence, deidentified_with_consent: true)") in str(caught.value)


@pytest.mark.parametrize(("image", "message"), [
    ("images/case-test/missing.jpg", "image 'images/case-test/missing.jpg' does not exist"),
    ("images/../cases/case-test.yaml", "image 'images/../cases/case-test.yaml' is outside images/"),
    ("/etc/hostname", "image '/etc/hostname' is outside images/"),
    ("images/case-test/outside-link.png", "is outside images/"),
    ("images/case-test/truncated.jpg", "image is damaged or truncated"),
    ("images/case-test/bomb.png", "a decompression bomb?"),
    ("images/case-test/not-an-image.png", "'not-an-image.png' is not an image file"),
])
def test_unusable_image_paths_are_errors(fixture_atlas: Path, image: str, message: str) -> None:
    add_figure(fixture_atlas, image)
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert "cases/case-test.yaml:39:9: studies[0].figures[1].image: " in str(caught.value)
    assert message in str(caught.value)


def test_import_image_strips_metadata_and_build_publishes_none(fixture_atlas: Path) -> None:
    source = fixture_atlas / "images" / "case-test" / "radiograph.jpg"
    with Image.open(source) as original:
        assert original.getexif() and "comment" in original.info  # the fixture carries them
    result = run_atlas("import-image", str(source), "--case", "case-test", "--figure", "fig9a",
                       cwd=fixture_atlas)
    assert result.returncode == 0, result.stderr
    assert "image: images/case-test/fig9a.jpg" in result.stdout
    with Image.open(fixture_atlas / "images" / "case-test" / "fig9a.jpg") as copied:
        assert not copied.getexif() and "comment" not in copied.info
    add_figure(fixture_atlas, "images/case-test/fig9a.jpg")
    assert run_atlas("build", "--strict", "--quiet", cwd=fixture_atlas).returncode == 0
    page = (fixture_atlas / "site" / "cases" / "case-test.html").read_text()
    figure = page.split('id="fig9a"')[1].split("</figure>")[0]
    assert "<picture>" in figure and "Simulated illustration" not in figure
    for path in (fixture_atlas / "site").rglob("*"):
        if path.suffix in (".jpg", ".webp", ".png"):
            with Image.open(path) as image:
                assert not image.getexif() and "comment" not in image.info, path


def test_dicom_with_identifiers_is_refused_then_deidentified(fixture_atlas: Path) -> None:
    refused = run_atlas("import-dicom", str(CT_DICOM), "--case", "case-test", "--figure",
                        "fig9a", cwd=fixture_atlas)
    assert refused.returncode == 1
    assert "the file holds identifying data: PatientName, PatientID" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (fixture_atlas / "images" / "case-test" / "fig9a.dcm").exists()
    done = run_atlas("import-dicom", str(CT_DICOM), "--case", "case-test", "--figure", "fig9a",
                     "--deidentify", "--window", "bone", cwd=fixture_atlas)
    assert done.returncode == 0, done.stderr
    stored = pydicom.dcmread(fixture_atlas / "images" / "case-test" / "fig9a.dcm")
    assert "PatientName" not in stored and "InstitutionName" not in stored
    assert not any(element.tag.is_private for element in stored)
    assert "deidentification: 'removed by atlas import-dicom: PatientName, PatientID" in done.stdout


def test_dicom_figure_builds_with_both_windows(fixture_atlas: Path) -> None:
    run_atlas("import-dicom", str(CT_DICOM), "--case", "case-test", "--figure", "fig9a",
              "--deidentify", cwd=fixture_atlas)
    add_figure(fixture_atlas, "images/case-test/fig9a.dcm", PROVENANCE + "        window: bone\n")
    result = run_atlas("build", "--strict", "--quiet", cwd=fixture_atlas)
    assert result.returncode == 0, result.stderr
    page = (fixture_atlas / "site" / "cases" / "case-test.html").read_text()
    block = page.split('id="fig9a"')[1].split("</figure>")[0]
    assert block.count("<picture>") == 2
    assert "Bone window" in block.split("Soft-tissue window")[0]  # the chosen window first
    assert not list((fixture_atlas / "site").rglob("*.dcm"))


def test_dicom_that_still_identifies_is_a_build_error(fixture_atlas: Path) -> None:
    target = fixture_atlas / "images" / "case-test" / "raw.dcm"
    target.write_bytes(CT_DICOM.read_bytes())
    add_figure(fixture_atlas, "images/case-test/raw.dcm")
    result = run_atlas("validate", cwd=fixture_atlas)
    assert result.returncode == 1
    assert ("studies[0].figures[1].image: DICOM file still holds identifying data "
            "(PatientName, PatientID") in result.stderr


def test_import_refuses_unknown_case_bad_id_and_overwriting(fixture_atlas: Path) -> None:
    source = str(fixture_atlas / "images" / "case-test" / "radiograph.jpg")
    unknown = run_atlas("import-image", source, "--case", "case-tset", "--figure", "fig9a",
                        cwd=fixture_atlas)
    assert unknown.returncode == 1
    assert "there is no case 'case-tset' (did you mean 'case-test'?)" in unknown.stderr
    bad_id = run_atlas("import-image", source, "--case", "case-test", "--figure", "Fig 9",
                       cwd=fixture_atlas)
    assert bad_id.returncode == 1 and "'Fig 9' is not a figure id" in bad_id.stderr
    args = ("import-image", source, "--case", "case-test", "--figure", "fig9a")
    assert run_atlas(*args, cwd=fixture_atlas).returncode == 0
    again = run_atlas(*args, cwd=fixture_atlas)
    assert again.returncode == 1 and "pass --force to replace it" in again.stderr
    assert run_atlas(*args, "--force", cwd=fixture_atlas).returncode == 0
