"""Radiology review 8 (fix 6, 6a): an ossified sheet's end in the hip ultrasound lies
level with the sheet or dips a little (a sheet thins to a feathered edge), never rising
over the rest of its surface: a knoll of the relief left at the very end stood up over
the end's rounded face as a hook (6a) or a knob (6c). Fails on the code before the fix
(main eab512a), whose sheet in 6c ended 0.6 mm above its surface."""
from __future__ import annotations

from functools import partial

import numpy as np
import pytest
from illustrate_support import authored

from builder.illustrate import us
from builder.illustrate.tissues import LESION_FIRST, RIM, ZONES

_figure = partial(authored, "case-02-nho-mimicking-dvt")
END_MM = 2.0  # the stretch of a sheet's end compared with its whole surface
RISE_MM = 0.3  # how far above its median surface an end may lie


def _sheet_ends(figure: str) -> list[tuple[int, float]]:
    """For each sheet (a plate's rim code) and each of its ends inside the image: the
    lesion and how far (mm) the end's mean surface lies above the sheet's median surface
    (both measured from the line fitted along the sheet, which may be tilted)."""
    sc = _figure(figure)
    _, lab, _ = us.bmode(sc)
    out = []
    for i, les in enumerate(sc.lesions):
        if les.maturity < us.PLATE_MATURITY:
            continue
        rim = lab == LESION_FIRST + ZONES * i + RIM
        cols = np.nonzero(rim.any(axis=0))[0]
        if cols.size < 4 * END_MM / us.DU:
            continue
        top = np.argmax(rim, axis=0)[cols].astype(float) * us.DD
        line = np.polyval(np.polyfit(cols, top, 1), cols)  # the sheet's tilt
        level = float(np.median(top - line))
        wide = int(END_MM / us.DU)
        for stretch, inside in ((slice(None, wide), cols[0] > 0),
                                (slice(-wide, None), cols[-1] < lab.shape[1] - 1)):
            if inside:
                out.append((i, level - float((top - line)[stretch].mean())))
    return out


@pytest.mark.parametrize("figure", ["fig6a", "fig6b", "fig6c", "fig6d"])
def test_a_sheets_end_never_rises_over_its_surface(figure: str) -> None:
    ends = _sheet_ends(figure)
    assert ends, "no sheet end inside the image to judge"
    risen = [(i, round(r, 2)) for i, r in ends if r > RISE_MM]
    assert not risen, f"{figure}: sheet ends above the sheet (lesion, mm): {risen}"
