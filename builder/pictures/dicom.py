"""DICOM slices to web images, refusing any file that could still identify a patient.

A teaching atlas must never publish a name, a record number, a date or a free-text note that
a scanner or a clerk wrote into a file, at any depth of its header. The anchor is the DICOM
standard's Basic Application Level Confidentiality Profile (PS3.15 Annex E): it removes or
replaces every person name, identifier, date, time, UID, free text, description and comment
and every private element. Rather than list its ~500 attributes, the rule here is by value
representation, which covers them all, at every depth (sequences included): an element is
safe only when it is one the atlas needs to show the slice (``DISPLAY``), or holds a number
or a coded value (``SAFE_VRS``) and is not one of the profile's coded patient attributes
(``PROFILE_CODED``). Everything else is identifying when it holds a value.
``deidentify`` keeps only ``DISPLAY``.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import FileMetaDataset

from builder.illustrate.scene import Window

DISPLAY = frozenset({
    "SamplesPerPixel", "PhotometricInterpretation", "PlanarConfiguration", "Rows", "Columns",
    "BitsAllocated", "BitsStored", "HighBit", "PixelRepresentation", "NumberOfFrames",
    "PixelData", "RescaleSlope", "RescaleIntercept", "RescaleType", "WindowCenter",
    "WindowWidth", "VOILUTFunction", "Modality", "SOPClassUID", "PixelSpacing",
    "SpecificCharacterSet", "PixelPaddingValue", "SmallestImagePixelValue",
    "LargestImagePixelValue",
})
"""What the atlas reads to show a slice: kept by ``deidentify``, never identifying."""
SAFE_VRS = frozenset({"US", "SS", "UL", "SL", "UV", "SV", "FL", "FD", "DS", "IS", "CS", "AT",
                      "OF", "OD", "OL", "OV"})
"""Numbers and code strings: they cannot hold a name, a date or a note."""
PROFILE_CODED = frozenset({
    "PatientSex", "PatientSexNeutered", "PatientSize", "PatientWeight", "PregnancyStatus",
    "SmokingStatus", "PatientBodyMassIndex", "EthnicGroupCodeSequence", "BurnedInAnnotation",
})
"""Attributes of PS3.15's basic profile whose values are numbers or codes (SAFE_VRS) but
describe the patient, or say the pixels carry text: identifying all the same."""
FILE_META_SAFE = frozenset({"FileMetaInformationGroupLength", "FileMetaInformationVersion",
                            "MediaStorageSOPClassUID", "TransferSyntaxUID",
                            "ImplementationClassUID"})
LISTED = 12
"""At most this many names in a message; the rest are counted."""
PRESETS = {Window.SOFT_TISSUE: (400.0, 40.0), Window.BONE: (1800.0, 450.0)}


def read(path: Path) -> pydicom.Dataset:
    return pydicom.dcmread(path)


def identifiers(ds: pydicom.Dataset) -> list[str]:
    """Names of the elements, at any depth, that hold a value that could identify a patient
    (``SequenceName[0].Keyword``), and 'private tags' if there are any."""
    ranked = sorted(enumerate(_identifying(ds, "")), key=lambda f: (f[1][0], f[0]))
    found = list(dict.fromkeys(name for _, (_, name) in ranked))
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        found += [f"file meta {e.keyword or e.tag}" for e in meta
                  if e.keyword not in FILE_META_SAFE and _holds_value(e)
                  and not (e.keyword == "MediaStorageSOPInstanceUID"
                           and e.value == instance_uid(ds))]
    return found


def _identifying(ds: pydicom.Dataset, prefix: str) -> Iterator[tuple[int, str]]:
    """(rank, name) of each identifying element: names and patient data first, as a reader
    looks for those."""
    for element in ds:
        name = prefix + (element.keyword or str(element.tag))
        if element.tag.is_private:
            yield 2, "private tags"
        elif element.VR == "SQ":
            for i, item in enumerate(element.value or []):
                yield from _identifying(item, f"{name}[{i}].")
        elif prefix == "" and element.keyword in DISPLAY:
            continue
        elif (element.keyword in PROFILE_CODED or element.VR not in SAFE_VRS) \
                and _holds_value(element):
            yield (0 if element.VR == "PN" or "Patient" in element.keyword else 1), name


def _holds_value(element: pydicom.DataElement) -> bool:
    value = element.value
    if value is None:
        return False
    if isinstance(value, bytes | bytearray):
        return bool(value.strip(b"\0 "))
    return bool(str(value).strip().strip("\0"))


def shown(found: list[str]) -> str:
    """The names for a message: the first LISTED, and how many more."""
    more = len(found) - LISTED
    return ", ".join(found[:LISTED]) + (f" and {more} more" if more > 0 else "")


def deidentify(ds: pydicom.Dataset) -> list[str]:
    """Keep only what shows the slice (``DISPLAY``); return what identified the patient."""
    removed = identifiers(ds)
    for element in list(ds):
        if element.tag.is_private or element.keyword not in DISPLAY:
            del ds[element.tag]
    old = ds.file_meta
    meta = FileMetaDataset()
    meta.TransferSyntaxUID = old.TransferSyntaxUID
    meta.MediaStorageSOPClassUID = old.get("MediaStorageSOPClassUID", ds.get("SOPClassUID"))
    meta.MediaStorageSOPInstanceUID = instance_uid(ds)
    ds.file_meta = meta
    return removed


def instance_uid(ds: pydicom.Dataset) -> str:
    """A UID made from the pixels alone (ISO's 2.25 arc for UUID-sized numbers): the same
    slice always gets the same one, and it leads to no record."""
    pixels = ds.get("PixelData") or b""
    return "2.25." + str(int(hashlib.sha256(pixels).hexdigest()[:32], 16))


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
