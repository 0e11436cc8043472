"""``make bench``: how fast the atlas renders and builds, and how heavy its pages are.

Prints a table per measurement and writes every figure to bench-results.json so runs can be
compared. Nothing here is part of ``make test``: tests never time things.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from builder.illustrate.render import render
from builder.illustrate.scene import Scene
from builder.progress import progress

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"CT": "ct-axial", "XR": "xray-ap-pelvis", "US": "us-longitudinal",
         "SPECT": "spect-coronal"}


def illustration_ms(repeats: int) -> dict[str, float]:
    """Median milliseconds to render one 1024-px illustration, per modality (warm phantom)."""
    lesion = {"site": "anterior", "side": "right", "extent": "moderate", "maturity": 0.6}
    results = {}
    for modality, view in progress(VIEWS.items(), len(VIEWS), "Illustrations per modality"):
        render(Scene(view=view, lesions=[lesion], seed=0), 1024)  # build the phantom once
        times = []
        for seed in range(1, repeats + 1):
            start = time.perf_counter()
            render(Scene(view=view, lesions=[lesion], seed=seed), 1024)
            times.append((time.perf_counter() - start) * 1000)
        results[modality] = round(statistics.median(times), 1)
    return results


def build_seconds(work: Path) -> dict[str, float]:
    """Cold (empty picture cache) and warm (nothing changed) build of the real atlas."""
    for name in ("cases", "content", "images", "overrides"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name)
    shutil.copy(ROOT / "mkdocs.yml", work)
    (work / "node_modules").symlink_to(ROOT / "node_modules")
    results = {}
    for label in progress(["cold", "warm"], 2, "Atlas builds"):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "builder.cli", "build", "--quiet"], cwd=work,
                       check=True, capture_output=True)
        results[label] = round(time.perf_counter() - start, 2)
    return results


def image_bytes_per_page(site: Path) -> dict[str, int]:
    """Bytes of the images each page refers to (its largest WebP per picture)."""
    out = {}
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        total = 0
        for chunk in html.split('href="')[1:]:
            target = chunk.split('"', 1)[0]
            if target.endswith(".webp"):
                total += (page.parent / target).resolve().stat().st_size
        if total:
            out[page.relative_to(site).as_posix()] = total
    return out


def table(title: str, rows: dict[str, object], unit: str) -> None:
    print(f"\n{title}")
    width = max(map(len, rows), default=10)
    for key, value in rows.items():
        print(f"  {key:<{width}}  {value:>10} {unit}")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="renders per modality")
    parser.add_argument("--json", default="bench-results.json", help="where to write figures")
    args = parser.parse_args()
    results: dict[str, object] = {"illustration_ms": illustration_ms(args.repeats)}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        results["build_s"] = build_seconds(work)
        results["image_bytes_per_page"] = image_bytes_per_page(work / "site")
    table("Milliseconds per 1024-px illustration (median)", results["illustration_ms"], "ms")
    table("Atlas build (real atlas)", results["build_s"], "s")
    table("Image bytes per page (largest WebP of each picture)",
          results["image_bytes_per_page"], "B")
    Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True))
    print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
