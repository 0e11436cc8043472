"""One body per session: the voxelised anatomy (a few seconds cold, from the disk cache
afterwards) is built once and shared by every illustration test."""
from __future__ import annotations

import pytest

from builder.illustrate import phantom
from builder.illustrate.scene import Body


@pytest.fixture(scope="session", autouse=True)
def bodies() -> None:
    for sex in ("female", "male"):
        phantom.base_volume(Body(sex=sex))
