"""Radiology review 6 (fixes 2, 5 and 7, the ultrasound parts): the hip pictures are
measured where the reviewer saw the faults. Each test fails on the code before the fixes
(main bd4bb98)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml
from scipy import ndimage, signal

from builder.illustrate import us
from builder.illustrate.scene import Scene

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ["fig6a", "fig6b", "fig6c", "fig6d"]


def _figure(figure: str) -> Scene:
    """A scene of case 2's figure 6 (the hip ultrasound at eight months), as authored."""
    data = yaml.safe_load((ROOT / "cases" / "case-02-nho-mimicking-dvt.yaml").read_text(
        encoding="utf-8"))
    return Scene.model_validate(next(f["scene"] for s in data["studies"]
                                     for f in s.get("figures", []) if f["id"] == figure))


def _differential(row: int, side: str) -> Scene:
    data = yaml.safe_load((ROOT / "content" / "data" / "differential.yaml").read_text(
        encoding="utf-8"))
    return Scene.model_validate(data["rows"][row][side]["scene"])


def _sheet(figure: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A case-2 plate's columns, its surface's depth (rows) and the specular echo that
    returns to the probe."""
    sc = _figure(figure)
    (_, gain, refl), lab, _ = us.bmode(sc)
    t = us._tables(sc)
    plate = (t["mineral"][lab] > 0.3) & (t["mat"][lab] >= us.PLATE_MATURITY)
    cols = np.nonzero(plate.any(axis=0))[0]
    return cols, np.argmax(plate, axis=0)[cols], refl * gain


def _lumps(figure: str) -> tuple[np.ndarray, np.ndarray]:
    """A sheet's lateral positions (mm) and its surface's depth less its slow swell (the
    surface less its 3-mm Gaussian mean, mm)."""
    cols, top, _ = _sheet(figure)
    depth = top * us.DD
    return cols * us.DU, depth - ndimage.gaussian_filter1d(depth, 3.0 / us.DU,
                                                           mode="nearest")


def test_the_plate_surfaces_crests_are_unevenly_spaced() -> None:
    """Review 6 (fix 2): the sheets were evenly spaced waves (6d's crests about 5 mm
    apart, 6c's scallops 5-6 mm apart, 6a's saw-tooth). Over the four sheets the spacing
    of the crests (0.3 mm or more proud of the surface round them) varies, from a couple
    of millimetres to a centimetre: coefficient of variation at least 0.35 (it was 0.28),
    the widest spacing at least three times the narrowest. Pooled, because a sheet 3 cm
    long has only three to six crests."""
    spacing = []
    for figure in FIGURES:
        x, lumps = _lumps(figure)
        crests, _ = signal.find_peaks(-lumps, prominence=0.3)
        spacing.extend(np.diff(x[crests]))
    spacing = np.array(spacing)
    assert spacing.std() / spacing.mean() >= 0.35, np.round(spacing, 1)
    assert spacing.max() >= 3 * spacing.min(), np.round(spacing, 1)


@pytest.mark.parametrize("figure", FIGURES)
def test_a_plates_bright_line_varies_and_breaks(figure: str) -> None:
    """Review 6 (fix 2): each sheet was one ribbon of even brightness. Along its inner
    part (2 mm in from each end) the echo from its surface drops out (25 dB under its
    bright stretches) for at least a millimetre at a stretch, and where it is lit its
    brightness varies (standard deviation at least 4.5 dB; the old ribbon's was 3.6-4.2)."""
    cols, top, spec = _sheet(figure)
    surface = np.array([spec[max(r - 5, 0):r + 10, c].max() for r, c in zip(top, cols,
                                                                              strict=True)])
    db = 10 * np.log10(surface / np.percentile(surface, 90) + 1e-9)
    inner = db[int(2.0 / us.DU):-int(2.0 / us.DU)]
    low = np.concatenate([[0], (inner < -25).astype(int), [0]])
    runs = np.diff(np.nonzero(np.diff(low))[0])[::2] * us.DU  # lengths of the dark runs
    assert runs.size and runs.max() >= 1.0, runs
    assert inner[inner >= -25].std() >= 4.5, inner[inner >= -25].std()
