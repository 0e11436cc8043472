"""DICOM de-identification at every depth, after PS3.15's basic confidentiality profile.

``atlas import-dicom`` without ``--deidentify`` accepted a file with a name, a record number
and a date of birth in PatientComments, ImageComments, StudyDescription and in nested
sequences: only fixed top-level keywords were checked. Now every element at every depth is
judged by what it can hold.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

from builder.pictures import dicom
from support import run_atlas

CT = Path(get_testdata_file("CT_small.dcm"))
PHI = "Jane Doe MRN 4412345 born 1961-03-04"


@pytest.fixture
def clean() -> Dataset:
    ds = pydicom.dcmread(CT)
    dicom.deidentify(ds)
    assert dicom.identifiers(ds) == []
    return ds


def item(**elements: object) -> Dataset:
    inner = Dataset()
    for keyword, value in elements.items():
        setattr(inner, keyword, value)
    return inner


ATTACKS = {
    "PatientComments": lambda ds: setattr(ds, "PatientComments", PHI),
    "ImageComments": lambda ds: setattr(ds, "ImageComments", PHI),
    "StudyDescription": lambda ds: setattr(ds, "StudyDescription", PHI),
    "SeriesDescription": lambda ds: setattr(ds, "SeriesDescription", PHI),
    "AdditionalPatientHistory": lambda ds: setattr(ds, "AdditionalPatientHistory", PHI),
    "PatientSex": lambda ds: setattr(ds, "PatientSex", "F"),
    "PatientWeight": lambda ds: setattr(ds, "PatientWeight", "61"),
    "AcquisitionDateTime": lambda ds: setattr(ds, "AcquisitionDateTime", "20240304101010"),
    "StudyInstanceUID": lambda ds: setattr(ds, "StudyInstanceUID", "1.2.3.4.5.6"),
    "BurnedInAnnotation": lambda ds: setattr(ds, "BurnedInAnnotation", "YES"),
    "ReferencedStudySequence[0].StudyDescription": lambda ds: setattr(
        ds, "ReferencedStudySequence", Sequence([item(StudyDescription=PHI)])),
    "RequestAttributesSequence[1].ScheduledProcedureStepDescription": lambda ds: setattr(
        ds, "RequestAttributesSequence", Sequence([
            item(RequestedProcedureID=""),
            item(ScheduledProcedureStepDescription=PHI)])),
    "ReferencedImageSequence[0].ReferencedPatientSequence[0].PatientName": lambda ds: setattr(
        ds, "ReferencedImageSequence", Sequence([item(ReferencedPatientSequence=Sequence([
            item(PatientName="Doe^Jane")]))])),
    "private tags": lambda ds: ds.add_new(0x00291010, "LO", PHI),
    "file meta SourceApplicationEntityTitle": lambda ds: setattr(
        ds.file_meta, "SourceApplicationEntityTitle", "WARD7PC"),
}


@pytest.mark.parametrize("where", ATTACKS)
def test_identifying_data_anywhere_is_found(clean: Dataset, where: str) -> None:
    ATTACKS[where](clean)
    assert dicom.identifiers(clean) == [where]


def test_private_tags_inside_a_sequence_are_found(clean: Dataset) -> None:
    inner = item(StudyDescription="")
    inner.add_new(0x00291010, "LO", PHI)
    clean.ReferencedStudySequence = Sequence([inner])
    assert dicom.identifiers(clean) == ["private tags"]


def test_deidentify_keeps_only_what_shows_the_slice(clean: Dataset) -> None:
    hostile = copy.deepcopy(clean)
    for attack in ATTACKS.values():
        attack(hostile)
    assert len(dicom.identifiers(hostile)) == len(ATTACKS)
    removed = dicom.deidentify(hostile)
    assert removed[0] == "ReferencedImageSequence[0].ReferencedPatientSequence[0].PatientName"
    assert dicom.identifiers(hostile) == []
    assert {e.keyword for e in hostile} <= dicom.DISPLAY
    assert (hostile.pixel_array == clean.pixel_array).all()


def test_import_refuses_then_strips_nested_identifiers(fixture_atlas: Path) -> None:
    ds = pydicom.dcmread(CT)
    dicom.deidentify(ds)
    ds.PatientComments = PHI
    ds.ReferencedStudySequence = Sequence([item(StudyDescription=PHI)])
    source = fixture_atlas / "incoming.dcm"
    ds.save_as(source)
    refused = run_atlas("import-dicom", str(source), "--case", "case-test", "--figure", "fig9a",
                        cwd=fixture_atlas)
    assert refused.returncode == 1
    assert ("the file holds identifying data: PatientComments, "
            "ReferencedStudySequence[0].StudyDescription (run again with --deidentify")\
        in refused.stderr
    done = run_atlas("import-dicom", str(source), "--case", "case-test", "--figure", "fig9a",
                     "--deidentify", cwd=fixture_atlas)
    assert done.returncode == 0, done.stderr
    stored = (fixture_atlas / "images/case-test/fig9a.dcm").read_bytes()
    assert b"Jane" not in stored and b"4412345" not in stored and b"1961" not in stored
    assert dicom.identifiers(pydicom.dcmread(fixture_atlas / "images/case-test/fig9a.dcm")) == []
