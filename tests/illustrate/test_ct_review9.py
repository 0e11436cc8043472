"""Case 1's ten-month CT cortex after radiology review 9 (§6 fix 1): the right masses
(maturity 0.7) on 3a and 3b had an even, saturated white shell 3-4 mm thick round every
mass; their cortex is now about as fine as the native bone's and the left masses', and it
varies along its length, thinnest where lobules meet. Measured in the bone-window picture
as the reviewer did: from each pixel of a mass's outer surface to the nearest pixel inside
it darker than grey 150."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from illustrate_support import authored
from scipy import ndimage

from builder.illustrate import ct
from builder.illustrate.raster import blur
from builder.illustrate.render import render
from builder.illustrate.tissues import BONE, HALO, lesion_index, lesion_zone

CASE = "case-01-pelvic-nho-after-tbi"
SHELL_GREY = 150  # the reviewer's rim threshold in the bone window
CREASE_MM = 4.0  # how far round an outline point its concavity is judged


@lru_cache(maxsize=2)
def _shells(fig: str) -> tuple[np.ndarray, dict[str, tuple[np.ndarray, np.ndarray]]]:
    """(native cortex thicknesses, {right 0.7 mass: (thicknesses, concave)}) in mm, one
    per outer-surface pixel of the 1024-px picture; ``concave`` marks the outline's most
    concave sixth (where lobules meet)."""
    sc = authored(CASE, fig)
    picture = render(sc, 1024)
    grey = np.asarray(picture.image.convert("L")).astype(float)
    px = picture.frame.mm_per_px
    _, lab = ct.hounsfield(sc)
    scale = grey.shape[0] // lab.shape[0]

    def up(a: np.ndarray) -> np.ndarray:
        return np.kron(a, np.ones((scale, scale), a.dtype))

    def through(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dark = ndimage.binary_erosion(mask) & (grey < SHELL_GREY)
        outer = mask & ~ndimage.binary_erosion(mask)
        fill = blur(mask.astype(np.float32), CREASE_MM / px)[outer]
        return (ndimage.distance_transform_edt(~dark)[outer] * px,
                fill > np.percentile(fill, 85))

    mass = up(np.where(lesion_zone(lab) > HALO, lesion_index(lab), -1))
    native = through(up(np.isin(lab, list(BONE))))[0]
    right = {les.site: through(mass == i) for i, les in enumerate(sc.lesions)
             if les.side == "right" and les.maturity == 0.7 and (mass == i).sum() > 2000}
    return native, right


def test_the_right_ten_month_cortex_is_about_as_fine_as_the_native_cortex() -> None:
    """Review 9 (fix 1): by this measure the right masses' shells had medians up to 2.6 mm
    and a third or more of their outline over 3 mm, against 1.56 mm for the native cortex
    (whose 1 mm, as the reviewer saw it, is widened by the picture's partial volume).
    Each right mass's median is at most 1.25 times the native cortex's, and at most a
    tenth of its outline is thicker than twice the native cortex."""
    for fig in ("fig3a", "fig3b"):
        native, right = _shells(fig)
        cortex = float(np.median(native))
        assert len(right) == 3, (fig, sorted(right))
        for site, (thick, _) in right.items():
            median, over = float(np.median(thick)), float(np.mean(thick > 2 * cortex))
            assert median <= 1.25 * cortex and over <= 0.1, (fig, site, median, over, cortex)


def test_the_right_ten_month_cortex_varies_and_thins_where_lobules_meet() -> None:
    """Review 9 (fix 1): a real ten-month cortex varies along its length (about 1 to 3 mm)
    and thins where lobules meet; it is not an even ring. On each right mass the thickest
    tenth of its outline is at least 1.2 mm thicker than the thinnest tenth, and its cortex
    at the outline's concave places (where lobules meet) is no thicker than elsewhere (it
    was thicker there on 3a's and 3b's iliopsoas masses: 2.5 against 2.4 mm and 3.1
    against 2.3 mm), over all of them by a quarter of a millimetre."""
    concave, rest = [], []
    for fig in ("fig3a", "fig3b"):
        for site, (thick, crease) in _shells(fig)[1].items():
            spread = float(np.percentile(thick, 90) - np.percentile(thick, 10))
            assert spread >= 1.2, (fig, site, spread)
            creased, smooth = float(np.median(thick[crease])), float(np.median(thick[~crease]))
            assert creased <= smooth, (fig, site, creased, smooth)
            concave.append(thick[crease])
            rest.append(thick[~crease])
    inner, outer = float(np.median(np.concatenate(concave))), \
        float(np.median(np.concatenate(rest)))
    assert inner <= outer - 0.25, (inner, outer)


def test_no_right_ten_month_cortex_stretch_is_over_3_mm() -> None:
    """Review 10 (§4 #1): 3b's right iliopsoas mass's medial wall was its thickest cortex,
    3.1-3.8 mm, where the rest was 1-3 mm (a cut face's 3.8-mm rim over a young rim's dense
    spots); 4 % of that outline and 11 % of 3a's were over 3 mm by this measure. The
    condensed cortex is at most ct.CORTEX_MAX_MM now: under 2 % of each outline is."""
    for fig in ("fig3a", "fig3b"):
        for site, (thick, _) in _shells(fig)[1].items():
            assert (thick > 3.0).mean() < 0.02, (fig, site)
