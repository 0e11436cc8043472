"""``make bench``: how fast the atlas builds as it grows, and how light its pages are.

For N synthetic cases (10, 100, 1000 by default) it prints load + validate and page
generation time per case, cold, warm and page-converting build times, the same pages built
by plain MkDocs (the floor), their ratio, peak memory, site size and HTML bytes per case
page; then the illustration time per modality (drawing and measuring one picture), the
speed-up of rendering on every core, the cold build of the real atlas against its budget
(COLD_BUDGET_S), the ``mkdocs serve`` rebuild after editing one case of the real atlas, the
first-load weight of pages in Chromium and Lighthouse scores. Every figure also goes to
bench-results.json. Tests never time things.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import (
    atlas_build,
    dump_config,
    mkdocs_build,
    plain_atlas,
    prepare_seconds,
    serve_rebuild_seconds,
)
from bench.synth import write_atlas
from builder.illustrate.measure import regions
from builder.illustrate.render import render
from builder.illustrate.scene import Scene
from builder.progress import progress

ROOT = Path(__file__).resolve().parent.parent
VIEWS = {"CT": "ct-axial", "XR": "xray-ap-pelvis", "US": "us-longitudinal",
         "SPECT": "spect-coronal"}
COLD_BUDGET_S = 2 * 9.2
"""A cold build of the real atlas (pictures cache empty, the anatomy cache kept) may take at
most twice what it took before the measured anatomy (8.7–9.2 s on an idle 2-core machine)."""
REAL_ATLAS_PICTURES = 40
"""How many illustrations a cold build of the real atlas renders: the speed-up's batch. (With
16, each process's fixed start, imports and the phantom's grid, about 0.45 s, weighs more.)"""
PAGES = ["index.html", "cases/case-01-pelvic-nho-after-tbi.html", "modalities/ct.html",
         "explorer.html"]


def scale_row(n: int, work: Path, pool: int) -> dict[str, float]:
    """Every per-N figure for a synthetic atlas of n cases."""
    from builder.checks import load_atlas
    from builder.pictures.cache import prepare
    from builder.pictures.catalogue import catalogue
    from builder.site.pages import generate_pages

    root = write_atlas(work / f"n{n}", n, pool)
    cases = n + 2  # the two documented cases come along (key points cite them)
    cold = atlas_build(root)
    warm = atlas_build(root)
    shutil.rmtree(root / ".cache/atlas/pages")  # pictures kept, every page converted again
    converted = atlas_build(root)
    start = time.perf_counter()
    atlas = load_atlas(root)
    load_s = time.perf_counter() - start
    pictures = prepare(dict(catalogue(atlas)), root / ".cache/atlas/images")
    start = time.perf_counter()
    generate_pages(atlas, pictures)
    pages_s = time.perf_counter() - start
    dump = root / "dump"
    atlas_build(root, dump_config(root, dump))
    plain = mkdocs_build(plain_atlas(root, dump, root / "site"))
    site = root / "site"
    case_pages = list((site / "cases").glob("case-s*.html"))
    return {
        "cases": cases,
        "load_ms_per_case": round(load_s * 1000 / cases, 2),
        "pages_ms_per_case": round(pages_s * 1000 / cases, 2),
        "cold_s": round(cold["wall"], 2), "warm_s": round(warm["wall"], 2),
        "warm_rendered": int("Rendering illustrations" in warm["out"]),
        "converted_s": round(converted["wall"], 2),
        "plain_mkdocs_s": round(plain["wall"], 2),
        "ratio": round(converted["wall"] / plain["wall"], 2),
        "ms_per_case": round(converted["wall"] * 1000 / cases, 1),
        "peak_mb": round(max(b["peak_kb"] for b in (cold, warm, converted)) / 1024),
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "html_kb_per_case": round(statistics.mean(p.stat().st_size for p in case_pages) / 1024, 1),
    }


def illustration_ms(repeats: int) -> dict[str, float]:
    """Median ms to render and measure one 1024-px illustration per modality, new lesions
    each time (what a picture of a cold build costs, after the body's caches)."""
    out = {}
    for modality, view in VIEWS.items():
        render(Scene(view=view), 1024)  # the normal phantom, once per process
        times = []
        for seed in range(repeats):
            scene = Scene(view=view, seed=seed, lesions=[{
                "site": "anterior", "side": "right", "maturity": round(0.1 + seed / 10, 2)}])
            start = time.perf_counter()
            drawn = render(scene, 1024)
            regions(scene, drawn.frame, drawn.frame.image)
            times.append((time.perf_counter() - start) * 1000)
        out[modality] = round(statistics.median(times), 1)
    return out


def parallel_speedup(work: Path, count: int) -> dict[str, float]:
    """The same images rendered on one process and on every core, from empty caches, each
    run in a fresh process (this one has rendered already: its anatomy caches are warm)."""
    import multiprocessing
    import os
    import random
    from concurrent.futures import ProcessPoolExecutor

    from bench.synth import scene_pool

    scenes = {str(i): Scene.model_validate(s["scene"])
              for i, s in enumerate(scene_pool(count, random.Random(7)))}
    out = {}
    for workers in (1, os.cpu_count() or 1):
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as fresh:
            seconds = fresh.submit(prepare_seconds, scenes, work / f"cache-{workers}",
                                   workers).result()
        out[f"{workers}_process_s"] = round(seconds, 2)
    out["speedup"] = round(out["1_process_s"] / out[f"{os.cpu_count() or 1}_process_s"], 2)
    return out


def print_table(rows: list[dict]) -> None:
    columns = list(rows[0])
    widths = [max(len(c), *(len(str(r[c])) for r in rows)) for c in columns]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for row in rows:
        print("  ".join(str(row[c]).rjust(w) for c, w in zip(columns, widths, strict=True)))


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000", help="numbers of cases")
    parser.add_argument("--pool", type=int, default=200, help="distinct scenes at most")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--json", default="bench-results.json")
    args = parser.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows = [scale_row(n, work, min(2 * n, args.pool))
                for n in progress(sizes, len(sizes), "Synthetic atlases")]
        results["scale"] = rows
        stages = ["illustrations", "parallel", "serve", "weight"] + (
            [] if args.skip_lighthouse else ["lighthouse"])
        for stage in progress(stages, len(stages), "Other measurements"):
            if stage == "illustrations":
                results["illustration_ms"] = illustration_ms(5)
            elif stage == "parallel":
                results["parallel"] = parallel_speedup(work, REAL_ATLAS_PICTURES)
            elif stage == "serve":
                real = write_atlas(work / "real", 0, 1)
                cold = atlas_build(real)["wall"]
                results["real_cold_build"] = {
                    "seconds": round(cold, 2), "budget_s": COLD_BUDGET_S,
                    "verdict": "within budget" if cold <= COLD_BUDGET_S else "OVER BUDGET"}
                results["serve_rebuild_s"] = round(serve_rebuild_seconds(
                    real, real / "cases" / "case-02-nho-mimicking-dvt.yaml"), 2)
            elif stage == "weight":
                from bench.browser import first_load_bytes

                site = work / "real" / "site"
                results["first_load_bytes"] = {
                    "uncompressed": first_load_bytes(site, PAGES, compress=False),
                    "gzip": first_load_bytes(site, PAGES, compress=True)}
            else:
                from bench.browser import lighthouse

                results["lighthouse"] = lighthouse(work / "real" / "site", PAGES)
    print("\nScale (times in s unless the column says ms). cold: empty caches; warm: nothing "
          "changed;\nconverted: pictures cached but every page converted again, the build that "
          "ratio and ms_per_case compare\nwith plain MkDocs building the same pages")
    print_table(rows)
    for key in ("illustration_ms", "parallel", "real_cold_build", "serve_rebuild_s",
                "first_load_bytes", "lighthouse"):
        if key in results:
            print(f"\n{key}: {json.dumps(results[key], indent=2)}")
    Path(args.json).write_text(json.dumps(results, indent=2, sort_keys=True))
    print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
