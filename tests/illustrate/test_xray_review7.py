"""Figures 5a/5b as radiology review 7 read them (fixes 3 and 5): the scrotal shadow is one
homogeneous rounded soft-tissue density, densest in its middle, with no nested arcs, bright
walls or dark interior; heterotopic bone has a thin cortex that fades over a millimetre or
two, not a 1-px bright cut-out line."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from illustrate_support import authored

from builder.illustrate import xray
from builder.illustrate.raster import blur
from builder.illustrate.scene import Scene

SIZE = (1024, 1068)  # the films' size in the atlas


@lru_cache(maxsize=1)
def _scene() -> Scene:
    return authored("case-02-nho-mimicking-dvt", "fig5b")


@lru_cache(maxsize=1)
def _body_shown() -> np.ndarray:
    """The lesion-free film as shown (display window 0…1, before noise), smoothed a little
    as the eye reads a soft-tissue shadow."""
    sc = _scene()
    lo, hi, _ = xray.display_range(sc.body.sex)
    img = xray._shown_body(sc.body.model_dump_json(), SIZE)[0]
    return blur(((img - lo) / (hi - lo)).astype(np.float32), 3.0)


def _scrotal_peak(g: np.ndarray) -> tuple[int, int]:
    """The brightest point of the soft tissue in the midline below the pubic arch."""
    box = g[640:860, 440:585]
    y, x = np.unravel_index(int(np.argmax(box)), box.shape)
    return int(y) + 640, int(x) + 440


def _falls(profile: np.ndarray) -> float:
    """The largest rise along a profile that should only fall (0 if it only falls)."""
    return float(max(np.diff(profile).max(), 0.0)) if profile.size > 1 else 0.0


def test_the_scrotal_shadow_is_one_dome_densest_in_its_middle() -> None:
    """Across the shadow (three rows through it), up its middle and down it to its lower
    margin, the shown grey only falls away from one maximum: no nested arcs, no bright
    walls round a darker inside (review 7's 'hollow bell' rose again by 0.008-0.012 of the
    window towards its walls). The maximum lies well above the lower margin (not a bright
    rim against the air between the thighs) and stands clear of the thighs beside it."""
    g = _body_shown()
    y, x = _scrotal_peak(g)
    for dy in (-30, 0, 20):
        row = g[y + dy]
        assert _falls(row[x:x + 61]) < 0.004, (dy, "right", _falls(row[x:x + 61]))
        assert _falls(row[x - 60:x + 1][::-1]) < 0.004, (dy, "left", _falls(row[x - 60:x + 1]
                                                                            [::-1]))
    assert _falls(g[y - 80:y + 1, x][::-1]) < 0.004
    down = g[y:y + 200, x]
    edge = int(np.argmax(down < 0.2))  # where the air between the thighs begins
    assert edge >= 40, ("peak at the lower margin", y, edge)
    assert _falls(down[:edge]) < 0.004, _falls(down[:edge])
    assert g[y, x] - max(g[y, x - 90], g[y, x + 90]) >= 0.15


def test_the_scrotal_shadow_has_a_convex_lower_margin() -> None:
    """Its lower margin (where the grey falls through half its peak) is lowest in the
    middle and rises steadily to each side: a rounded bottom, not a flat, notched or
    cut-off one (review 7's bell: 760, 760, 822, 827, 760 at 20-px steps)."""
    g = _body_shown()
    y, x = _scrotal_peak(g)
    level = g[y, x] / 2
    margin = [y + int(np.argmax(g[y:y + 200, x + d] < level)) for d in (-40, -20, 0, 20, 40)]
    assert margin[0] <= margin[1] <= margin[2] >= margin[3] >= margin[4], margin
    assert margin[2] - max(margin[0], margin[4]) >= 6, margin
