"""Shortcuts taken for the build's speed give the answers of the plain way exactly, so that
the pictures do not change when one is taken (make bench holds the cold build's budget)."""
from __future__ import annotations

import numpy as np
from scipy.signal import fftconvolve

from builder.illustrate import lesions, phantom, xray
from builder.illustrate.scene import Body


def test_the_mass_blur_is_scipys_fft_convolution() -> None:
    """xray convolves through scipy.fft without importing scipy.signal (about 0.45 s of
    every build's start): the same numbers, not merely close ones."""
    rng = np.random.default_rng(3)
    for shape, size in (((300, 411), 61), ((64, 64), 61), ((257, 128), 31)):
        img = rng.random(shape).astype(np.float32)
        kernel = rng.random((size, size)).astype(np.float32)
        kernel = kernel / kernel.sum()
        assert np.array_equal(xray._convolved(img, kernel),
                              fftconvolve(img, kernel, mode="same"))


def test_the_wandering_fascia_line_is_tested_in_one_pass() -> None:
    """Points under a fascia depth that wanders are asked at once, not one whole millimetre
    of depth at a time: each point's answer is that of the fascia inset by its own level."""
    b = phantom.body(Body(atrophy=0.5))
    rng = np.random.default_rng(5)
    p = (rng.random((20000, 3)) * [300, 260, 300] + [-150, -160, -150]).astype(np.float32)
    x, y, z = p.T

    def depth(x: np.ndarray, y: np.ndarray, z: np.ndarray) -> np.ndarray:
        return 3.0 + 2.5 * np.sin(x / 17.0) * np.cos(z / 23.0) + 0.01 * y

    got = lesions._under_fascia(b, depth)(x, y, z)
    level = np.ceil(depth(x, y, z))
    want = np.zeros_like(got)
    for k in np.unique(level):
        at = level == k
        want[at] = b.inset(float(k)).inside(x[at], y[at], z[at])
    assert np.array_equal(got, want)
    assert 0.05 < got.mean() < 0.95
