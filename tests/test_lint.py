"""The code stays ruff-clean (pyproject.toml's rules), so style never needs a review comment."""
from __future__ import annotations

import subprocess
import sys

from support import ROOT


def test_ruff_finds_nothing() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "builder", "bench", "tests"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
