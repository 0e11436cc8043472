"""``atlas import-image`` and ``atlas import-dicom``: bring a real image into a case safely.

Imported pixels are re-encoded, so nothing of the original file's metadata (EXIF with GPS and
camera, XMP, IPTC, comments, DICOM headers) travels with them; DICOM files are refused while
they still identify a patient.
"""
from __future__ import annotations

import difflib
import re
from pathlib import Path

from PIL import Image, ImageOps

from builder.errors import AtlasError, AtlasErrors, file_kind_problem, name_problem
from builder.model import SLUG_PATTERN
from builder.pictures.files import file_problem

SNIPPET = """Add this figure to a study of cases/{case}.yaml (then fill in the blanks):

      - id: {figure}
        number: "?"
        caption: What the image shows.
        alt: A description for readers who cannot see it.
        image: {image}{window}
        provenance:
          source: Who made the image and where it is held or published.
          licence: The licence that allows its use here.
          deidentified_with_consent: true{deidentification}
"""


def _target(root: Path, case: str, figure: str, suffix: str, force: bool) -> Path:
    """images/CASE/FIGURE.suffix, once the case exists, the id is valid and nothing is lost."""
    cases = [p.stem for p in (root / "cases").glob("*.yaml")]
    if case not in cases:
        near = difflib.get_close_matches(case, cases, n=1)
        raise _refuse(Path("--case"), f"there is no case {case!r}",
                      f"did you mean {near[0]!r}?" if near else "create it with atlas new-case")
    if not re.fullmatch(SLUG_PATTERN, figure):
        raise _refuse(Path("--figure"), f"{figure!r} is not a figure id",
                      "use lower-case letters, digits and hyphens, e.g. fig3a")
    target = root / "images" / case / f"{figure}{suffix}"
    if target.exists() and not force:
        raise _refuse(target, "the file exists already", "pass --force to replace it")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def _refuse(file: Path, message: str, hint: str = "") -> AtlasErrors:
    return AtlasErrors([AtlasError(file.as_posix(), 0, "", message, hint)])


def import_image(root: Path, file: Path, case: str, figure: str, force: bool = False) -> str:
    """Copy the pixels of a PNG, JPEG or WebP into images/CASE/; return the YAML to add."""
    problem = name_problem(str(file)) or file_problem(file)
    if problem:
        raise _refuse(file, *problem)
    if file.suffix.lower() == ".dcm":
        raise _refuse(file, "this is a DICOM file", "use 'atlas import-dicom'")
    with Image.open(file) as source:
        upright = ImageOps.exif_transpose(source)  # keep the orientation EXIF encoded
        if upright.mode in ("P", "PA"):  # the indices mean nothing without their palette
            upright = upright.convert("RGBA" if upright.has_transparency_data else "RGB")
        pixels = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    suffix = ".jpg" if file.suffix.lower() in (".jpg", ".jpeg") else ".png"
    target = _target(root, case, figure, suffix, force)
    if suffix == ".jpg":
        pixels.convert("RGB").save(target, "JPEG", quality=92)
    else:
        pixels.save(target, "PNG")
    return SNIPPET.format(case=case, figure=figure, image=target.relative_to(root).as_posix(),
                          window="", deidentification="")


def import_dicom(root: Path, file: Path, case: str, figure: str, deidentify: bool,
                 window: str | None, force: bool = False) -> str:
    """Store a de-identified DICOM slice under images/CASE/; return the YAML to add."""
    from builder.pictures import dicom

    problem = name_problem(str(file)) or file_kind_problem(file)
    if problem:
        raise _refuse(file, *problem)
    try:
        ds = dicom.read(file)
        ds.pixel_array  # noqa: B018 (refuse a file that does not decode)
    except Exception:
        raise _refuse(file, "not a readable DICOM image",
                      "for a PNG, JPEG or WebP use 'atlas import-image'") from None
    found = dicom.identifiers(ds)
    removed = ""
    if found and not deidentify:
        raise _refuse(file, f"the file holds identifying data: {dicom.shown(found)}",
                      "run again with --deidentify to remove it, and check the pixels too")
    if found:
        dicom.deidentify(ds)
        removed = ("\n          deidentification: 'removed by atlas import-dicom: "
                   f"{dicom.shown(found)}'")
    target = _target(root, case, figure, ".dcm", force)
    ds.save_as(target)
    return SNIPPET.format(case=case, figure=figure, image=target.relative_to(root).as_posix(),
                          window=f"\n        window: {window}" if window else "",
                          deidentification=removed)
