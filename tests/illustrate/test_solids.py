"""The primitive solids: a shape holds exactly the points it should, whichever way its
points come (a painted grid or scattered points), since painting and the lesions' tests ask
both ways and the pictures must not depend on which."""
from __future__ import annotations

import numpy as np
import pytest

from builder.illustrate.solids import Difference, Ellipsoid, Sweep, Union


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


def _grid() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    xs = np.arange(-60.0, 60.0, 1.5, dtype=np.float32)
    return xs[None, None, :], xs[None, :, None], xs[:, None, None]


def test_a_difference_answers_points_as_it_answers_a_grid() -> None:
    """Scattered points skip the cuts that cannot reach them (outside a cut's box, or
    already cut away) and give the grid's answer all the same."""
    cuts = [Ellipsoid([20, 0, 0], [15, 10, 10]), Ellipsoid([-30, 10, 5], [8, 8, 30]),
            Union(Ellipsoid([0, -30, 0], [10, 5, 5]), Sweep([-20, 20], 0, 30, 6, 6)),
            Ellipsoid([0, 0, 0], [2, 2, 2])]
    solid = Difference(Ellipsoid([0, 0, 0], [50, 40, 45]), *cuts)
    x, y, z = _grid()
    grid = solid.inside(x, y, z)
    px, py, pz = (np.broadcast_to(v, grid.shape).reshape(-1) for v in (x, y, z))
    points = solid.inside(px, py, pz)
    assert np.array_equal(points, grid.reshape(-1))
    assert 0 < grid.sum() < Ellipsoid([0, 0, 0], [50, 40, 45]).inside(x, y, z).sum()
