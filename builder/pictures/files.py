"""Real image files: inside images/, readable, not a bomb, not identifying.

A figure's image path is authored text, so it is checked like any other field: it may not
leave images/ (by '..', an absolute path or a symlink), and the file must decode fully
within a pixel budget before the build relies on it.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image

from builder.errors import file_kind_problem, name_problem, os_problem
from builder.source.hints import did_you_mean

FORMATS = {".png", ".jpg", ".jpeg", ".webp", ".dcm"}
MAX_PIXELS = 40_000_000


def image_problem(root: Path, name: str) -> tuple[str, str] | None:
    """(message, hint) for what is wrong with an image path, or None when it is usable."""
    bad_name = name_problem(name)
    if bad_name:
        return f"image {name[:60]!r}: {bad_name[0]}", bad_name[1]
    images = (root / "images").resolve()
    try:
        path = (root / name).resolve()
    except OSError as exc:
        return f"image {name!r}: {os_problem(exc)[0]}", os_problem(exc)[1]
    if Path(name).is_absolute() or not path.is_relative_to(images):
        return f"image {name!r} is outside images/", "put the file under images/CASE-ID/"
    kind = file_kind_problem(path)
    if kind and kind[0] == "does not exist":
        names = [p.name for p in path.parent.glob("*")] if path.parent.is_dir() else []
        return f"image {name!r} does not exist", (did_you_mean(path.name, names, 0.6) or
                                                  "check the file name and folder")
    if kind:
        return f"image {name!r} {kind[0]}", kind[1]
    return file_problem(path)


def file_problem(path: Path) -> tuple[str, str] | None:
    """(message, hint) when an existing file is not an image the atlas can safely read."""
    name = path.name
    kind = file_kind_problem(path)
    if kind:
        return f"{name!r} {kind[0]}", kind[1]
    if path.suffix.lower() not in FORMATS:
        return f"{path.suffix!r} is not an image format the atlas reads", "use " + ", ".join(
            sorted(FORMATS))
    try:
        return _dicom_problem(path) if path.suffix.lower() == ".dcm" else _raster_problem(path)
    except OSError as exc:
        return f"cannot read image {name!r}: {os_problem(exc)[0]}", os_problem(exc)[1]


def _raster_problem(path: Path) -> tuple[str, str] | None:
    try:
        with Image.open(path) as image:
            pixels = image.width * image.height
            if pixels > MAX_PIXELS:
                return (f"image is {image.width}×{image.height} pixels, over the "
                        f"{MAX_PIXELS:,}-pixel limit", "resize it (2000 px is plenty)")
            image.load()
    except Image.DecompressionBombError:
        return (f"image claims more than {MAX_PIXELS:,} pixels (a decompression bomb?)",
                "export it again at a normal size")
    except Image.UnidentifiedImageError:
        return f"{path.name!r} is not an image file", "export it again as PNG or JPEG"
    except (SyntaxError, ValueError) as exc:
        return f"image cannot be decoded: {exc}", "export it again as PNG or JPEG"
    except OSError as exc:
        return f"image is damaged or truncated: {exc}", "export it again as PNG or JPEG"
    return None


def _dicom_problem(path: Path) -> tuple[str, str] | None:
    from builder.pictures import dicom

    try:
        ds = dicom.read(path)
        found = dicom.identifiers(ds)
        if found:
            return (f"DICOM file still holds identifying data ({dicom.shown(found)})",
                    "run 'atlas import-dicom FILE --case ID --figure ID --deidentify'")
        if int(ds.Rows) * int(ds.Columns) > MAX_PIXELS:
            return "DICOM image is too large", "export one slice"
        ds.pixel_array  # noqa: B018 (decoding is the check)
    except Exception as exc:  # pydicom raises many kinds for a damaged file
        return f"DICOM file cannot be decoded: {exc}", "export the slice again"
    return None
