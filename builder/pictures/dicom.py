"""DICOM slices to web images, refusing any file that still identifies a patient.

A teaching atlas must never publish a name or a record number that a scanner wrote into a
file's header, so a DICOM file is only converted once every identifying element is gone;
``deidentify`` removes them and says which, so the educator can record what was done.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
from PIL import Image

from builder.illustrate.scene import Window

IDENTIFYING = (
    "PatientName", "PatientID", "PatientBirthDate", "PatientBirthTime", "PatientAddress",
    "PatientTelephoneNumbers", "OtherPatientIDs", "OtherPatientNames", "PatientMotherBirthName",
    "MedicalRecordLocator", "AccessionNumber", "StudyID", "InstitutionName",
    "InstitutionAddress", "InstitutionalDepartmentName", "ReferringPhysicianName",
    "PerformingPhysicianName", "OperatorsName", "PhysiciansOfRecord", "RequestingPhysician",
    "StationName", "DeviceSerialNumber", "StudyDate", "SeriesDate", "AcquisitionDate",
    "ContentDate", "StudyTime", "SeriesTime", "AcquisitionTime", "ContentTime",
)
PRESETS = {Window.SOFT_TISSUE: (400.0, 40.0), Window.BONE: (1800.0, 450.0)}


def read(path: Path) -> pydicom.Dataset:
    return pydicom.dcmread(path)


def identifiers(ds: pydicom.Dataset) -> list[str]:
    """Keywords of the identifying elements that hold a value (and any private tags)."""
    found = [k for k in IDENTIFYING if k in ds and str(ds.data_element(k).value).strip()]
    if any(element.tag.is_private for element in ds):
        found.append("private tags")
    return found


def deidentify(ds: pydicom.Dataset) -> list[str]:
    """Remove every identifying element and private tag; return what was removed."""
    removed = identifiers(ds)
    for keyword in IDENTIFYING:
        if keyword in ds:
            delattr(ds, keyword)
    ds.remove_private_tags()
    return removed


def to_image(ds: pydicom.Dataset, window: Window | None) -> Image.Image:
    """The slice as 8-bit greyscale: CT in Hounsfield units through a window preset."""
    pixels = ds.pixel_array.astype(np.float64)
    if pixels.ndim > 2:
        pixels = pixels[pixels.shape[0] // 2] if pixels.ndim == 3 else pixels[..., 0]
    values = pixels * float(ds.get("RescaleSlope", 1)) + float(ds.get("RescaleIntercept", 0))
    if ds.get("Modality") == "CT" or window is not None:
        width, level = PRESETS[window or Window.SOFT_TISSUE]
    elif "WindowCenter" in ds and "WindowWidth" in ds:
        level, width = _first(ds.WindowCenter), _first(ds.WindowWidth)
    else:
        level, width = (values.max() + values.min()) / 2, max(np.ptp(values), 1)
    scaled = np.clip((values - (level - width / 2)) / width, 0, 1) * 255
    if ds.get("PhotometricInterpretation") == "MONOCHROME1":
        scaled = 255 - scaled
    return Image.fromarray(np.round(scaled).astype(np.uint8), "L")


def _first(value: object) -> float:
    return float(value[0]) if isinstance(value, pydicom.multival.MultiValue) else float(value)
