"""Timing one build, in its own process, with its peak memory."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import yaml

RUNNER = """
import resource, subprocess, sys, json, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], cwd=sys.argv[1], capture_output=True, text=True)
wall = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "peak_kb": peak, "code": done.returncode,
                  "out": done.stdout + done.stderr}))
"""


def timed(cwd: Path, *command: str) -> dict:
    """Wall time, peak RSS (largest process) and output of one command run in ``cwd``."""
    raw = subprocess.run([sys.executable, "-c", RUNNER, str(cwd), *command],
                         capture_output=True, text=True, check=True).stdout
    result = json.loads(raw)
    if result["code"]:
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n{result['out'][-3000:]}")
    return result


def atlas_build(root: Path, config: str = "mkdocs.yml") -> dict:
    return timed(root, sys.executable, "-m", "builder.cli", "build", "--quiet", "-f", config)


def dump_config(root: Path, dump: Path) -> str:
    """A configuration that inherits the atlas' and writes each page's final Markdown."""
    path = root / "mkdocs.dump.yml"
    path.write_text(yaml.safe_dump({"INHERIT": "mkdocs.yml", "site_dir": "site-dump",
                                    "plugins": [{"atlas": {"dump_dir": str(dump)}}]}))
    return path.name


def plain_atlas(root: Path, dump: Path, site: Path) -> Path:
    """The same pages as plain MkDocs input: dumped Markdown and navigation, plus the static
    files built."""
    plain = root / "plain"
    shutil.copytree(dump, plain / "docs", ignore=shutil.ignore_patterns("nav.json"))
    shutil.copytree(site / "assets", plain / "docs" / "assets", dirs_exist_ok=True)
    config = yaml.safe_load((root / "mkdocs.yml").read_text())
    config.update(docs_dir="docs", site_dir="site",
                  nav=json.loads((dump / "nav.json").read_text(encoding="utf-8")))
    config.pop("watch", None)
    config.pop("exclude_docs", None)
    config["plugins"] = [p for p in config["plugins"]
                         if (p if isinstance(p, str) else next(iter(p))) != "atlas"]
    config["theme"]["custom_dir"] = str(root / "overrides")
    config["extra_css"] = ["assets/atlas/atlas.css"]
    config["extra_javascript"] = [f"assets/atlas/{p.name}"
                                  for p in sorted((site / "assets" / "atlas").glob("*.js"))]
    config = {k: v for k, v in config.items() if v is not None}
    (plain / "mkdocs.yml").write_text(yaml.safe_dump(config))
    return plain


def mkdocs_build(root: Path) -> dict:
    return timed(root, sys.executable, "-m", "mkdocs", "build", "--quiet")


def serve_rebuild_seconds(root: Path, case: Path) -> float:
    """Seconds from editing one case to ``mkdocs serve`` having rebuilt the site."""
    with socket.socket() as probe:  # a free port on the loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "builder.cli", "serve", "-a",
                               f"127.0.0.1:{port}"], cwd=root, stderr=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, text=True)
    try:
        _wait_for(server, "Serving on")
        time.sleep(1.0)  # let the watcher settle
        text = case.read_text(encoding="utf-8")
        start = time.perf_counter()
        case.write_text(text.replace("outcome: ", "outcome: Edited. ", 1), encoding="utf-8")
        _wait_for(server, "Reloading browsers")
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wait_for(server: subprocess.Popen, marker: str, timeout: float = 300) -> None:
    deadline, seen = time.monotonic() + timeout, []
    for line in server.stderr:
        seen.append(line)
        if marker in line:
            return
        if time.monotonic() > deadline:
            break
    raise RuntimeError(f"mkdocs serve never printed {marker!r}:\n{''.join(seen[-20:])}")


def prepare_seconds(scenes: dict, cache: Path, workers: int) -> float:
    """Seconds to make these pictures on ``workers`` processes (run in a fresh process: the
    speed-up compares cold starts, and a spawned process needs an importable function)."""
    from builder.pictures.cache import prepare

    start = time.perf_counter()
    prepare(scenes, cache, workers=workers)
    return time.perf_counter() - start
