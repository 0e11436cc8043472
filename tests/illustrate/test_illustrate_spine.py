"""The lumbar spine and sacrum as a frontal radiograph shows them: vertebrae with end plates,
pedicle ovals and separate transverse processes (not boxes that read as pedicle screws), and
sacroiliac joints with a joint space between sacrum and ilium."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from builder.illustrate import phantom, xray
from builder.illustrate.body.build import SI_GAP, _canals, lumbar
from builder.illustrate.scene import Body, Scene, View
from builder.illustrate.solids import Intersection, Sweep
from builder.illustrate.tissues import T

BONE = (T.CORTICAL, T.TRABECULAR, T.MARROW)


def _radiograph(sex: str) -> tuple[Scene, np.ndarray]:
    """The lesion-free line integral, rows ascending in height (v), columns in u."""
    sc = Scene(view=View.XRAY_AP_PELVIS, body=Body(sex=sex))
    return sc, xray.projections(sc)[5][::-1]


@pytest.mark.parametrize("sex", ["female", "male"])
def test_l5_shows_its_upper_end_plate_as_a_dense_line(sex: str) -> None:
    sc, line = _radiograph(sex)
    l5, _ = lumbar(phantom.body(sc.body).landmarks)
    us, vs = xray._detector(sc)
    det, focus, zc = xray._geometry(sc)
    m = (focus - det) / (focus - l5.cy)
    col = int(np.argmin(abs(us - 8 * m)))  # between the midline and the left pedicle

    def at(z0: float, z1: float) -> np.ndarray:
        zz = np.arange(z0, z1, 0.5)
        return np.interp(zc + (zz - zc) * m, vs, line[:, col])

    top = l5.z0 + l5.h
    plate = at(top - 6, top + 1).max()
    middle = at(l5.z0 + 0.55 * l5.h, l5.z0 + 0.8 * l5.h).mean()
    disc = at(top + 4, top + 8).mean()
    assert plate > middle + 0.15, (plate, middle)
    assert plate > disc + 0.15, (plate, disc)


def test_the_vertebral_body_is_waisted_with_separate_transverse_processes() -> None:
    l5, _ = lumbar(phantom.body(Body(sex="male")).landmarks)
    body = l5.body()
    xs = np.arange(-40, 40, 0.25)

    def width(z: float) -> float:
        inside = body.inside(xs, np.full_like(xs, l5.cy), np.full_like(xs, z))
        return float(inside.sum() * 0.25)

    assert width(l5.z0 + l5.h / 2) < width(l5.z0 + 3) - 3  # not a box
    parts = [p for p in l5.parts() if not isinstance(p, Sweep)]
    lo = np.min([p.lo for p in parts], axis=0)
    assert lo[0] < -40  # the transverse processes reach beyond the body…
    midline = [p for p in parts if p.lo[0] < -30 and p.hi[0] > 30]
    assert not midline  # …and are not one bar through it


def test_pedicles_are_upright_ovals_with_a_cortical_rim() -> None:
    l5, _ = lumbar(phantom.body(Body(sex="male")).landmarks)
    pedicles = [p for p in l5.parts() if isinstance(p, Intersection)]
    assert len(pedicles) == 2
    x, z = np.meshgrid(np.arange(-40, 40, 0.25), np.arange(l5.z0, l5.z0 + l5.h, 0.25))
    y = np.full_like(x, l5.cy - l5.b - 6)  # behind the body, seen end-on by the beam
    for ped in pedicles:
        inside = ped.inside(x, y, z)
        height, wide = np.ptp(z[inside]), np.ptp(x[inside])
        assert height > 1.3 * wide, (height, wide)
        core = ped.shrunk(1.4).inside(x, y, z)
        rim = (inside & ~core).sum() * 0.25 ** 2
        perimeter = np.pi * (height + wide) / 2
        assert core.any() and rim / perimeter > 1.0  # a ring about 1.3 mm thick


@pytest.mark.parametrize("sex", ["female", "male"])
def test_sacrum_and_ilium_meet_across_a_joint_space(sex: str) -> None:
    body = phantom.body(Body(sex=sex))
    sacrum, hips = body.fields["sacrum"], [body.fields[f"hip_{k}"] for k in "RL"]
    vol = phantom.base_volume(Body(sex=sex))
    ks = np.nonzero((vol.zs > 60) & (vol.zs < 120))[0]
    xs, ys = np.meshgrid(vol.xs, vol.ys)
    gaps = []
    for k in ks[::4]:
        z = float(vol.zs[k])
        bone = np.isin(vol.labels[k], BONE)
        ds = sacrum.distance(xs, ys, np.full_like(xs, z))
        dh = np.minimum(*(h.distance(xs, ys, np.full_like(xs, z)) for h in hips))
        sac, ili = bone & (ds < dh), bone & (dh <= ds)
        if not sac.any() or not ili.any():
            continue
        # the joint: sacral bone within 10 mm of iliac bone; the nearest is across the space
        dist = ndimage.distance_transform_edt(~ili, sampling=1.5)
        near = dist[sac & (dist < 10)]
        if near.size:
            gaps.append(float(near.min()))
        cart = vol.labels[k] == T.CARTILAGE
        assert not near.size or cart[(dist < SI_GAP) & ~ili & ~sac].any()
    assert len(gaps) >= 5
    # the grid is 1.5 mm: a 3-mm space leaves at least one voxel of cartilage between bones
    assert min(gaps) >= 2.9, gaps


@pytest.mark.parametrize("sex", ["female", "male"])
def test_the_sacral_foramina_are_lined_by_cortex(sex: str) -> None:
    """Their roofs, edge-on to the beam, draw the arcuate lines: the bone within 2.5 mm of
    the canal and foramina is cortex throughout (the rest of the sacrum has 1.8 mm)."""
    spec = Body(sex=sex)
    body, vol = phantom.body(spec), phantom.base_volume(spec)
    sacrum = body.fields["sacrum"]
    canals = _canals(sex, sacrum)
    k = (vol.zs > sacrum.lo[2]) & (vol.zs < sacrum.hi[2])
    j = (vol.ys > sacrum.lo[1]) & (vol.ys < sacrum.hi[1])
    i = (vol.xs > sacrum.lo[0]) & (vol.xs < sacrum.hi[0])
    grid = vol.xs[i][None, None, :], vol.ys[j][None, :, None], vol.zs[k][:, None, None]
    labels = vol.labels[np.ix_(k, j, i)]
    lining = (canals.distance(*grid) < 2.5) & (sacrum.distance(*grid) < 0) \
        & np.isin(labels, BONE)
    assert lining.sum() > 2000
    assert np.mean(labels[lining] == T.CORTICAL) > 0.98  # 0.92 with the plain 1.8-mm cortex
