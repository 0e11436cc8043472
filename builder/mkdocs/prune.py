"""Drop what a reader never fetches: source maps and the search languages not in use.

Material ships source maps and lunr stemmers for every language; an atlas in English served
from a USB stick or a phone needs neither.
"""
from __future__ import annotations

import shutil
from pathlib import Path


def prune_site(site: Path, languages: list[str]) -> int:
    """Remove unneeded files under ``site``; return the bytes saved."""
    doomed = list(site.rglob("*.map"))
    lunr = site / "assets" / "javascripts" / "lunr"
    if lunr.is_dir():
        if languages == ["en"]:  # English needs no stemmer file at all
            doomed.append(lunr)
        else:
            keep = {f"lunr.{lang}.min.js" for lang in languages} | {
                "lunr.stemmer.support.min.js", "lunr.multi.min.js"}
            doomed += [p for p in (lunr / "min").glob("*.js") if p.name not in keep]
    saved = 0
    for path in doomed:
        if path.is_dir():
            saved += sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
            shutil.rmtree(path)
        elif path.exists():
            saved += path.stat().st_size
            path.unlink()
    return saved
