"""The primitive solids: a shape holds exactly the points it should, whichever way its
points come (a painted grid or scattered points), since painting and the lesions' tests ask
both ways and the pictures must not depend on which."""
from __future__ import annotations

import numpy as np
import pytest

from builder.illustrate.solids import Sweep


@pytest.mark.parametrize("theta", [0.0, 30.0])
def test_a_sweep_holds_nothing_beyond_its_ends(theta: float) -> None:
    """Beyond its end heights a sweep without caps is empty, on either side of its axis
    (points 2a to one side of it were once inside there: fat strips in the radiographs)."""
    sweep = Sweep([0.0, 50.0], 0.0, 0.0, 10.0, 20.0, theta)
    u = np.linspace(-40.0, 40.0, 161, dtype=np.float32)
    x, y = np.meshgrid(u, u)
    for z in (-30.0, -1.0, 51.0, 80.0):
        assert not sweep.inside(x, y, np.full_like(x, z)).any(), z
    assert sweep.inside(x, y, np.full_like(x, 25.0)).sum() > 0.8 * np.pi * 10 * 20 / 0.25
