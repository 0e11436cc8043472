"""Pruning the finished site: source maps and unused search languages go, the rest stays."""
from __future__ import annotations

from pathlib import Path

from builder.site.prune import prune_site


def site(tmp_path: Path) -> Path:
    for name, size in {"index.html": 10, "assets/bundle.js": 20, "assets/bundle.js.map": 300,
                       "assets/javascripts/lunr/min/lunr.de.min.js": 40,
                       "assets/javascripts/lunr/min/lunr.stemmer.support.min.js": 50,
                       "assets/javascripts/lunr/min/lunr.fr.min.js": 60}.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return tmp_path


def test_an_english_site_keeps_no_map_and_no_stemmer(tmp_path: Path) -> None:
    root = site(tmp_path)
    assert prune_site(root, ["en"]) == 300 + 40 + 50 + 60
    assert sorted(p.name for p in root.rglob("*") if p.is_file()) == ["bundle.js", "index.html"]


def test_another_language_keeps_its_stemmer_and_the_support_file(tmp_path: Path) -> None:
    root = site(tmp_path)
    assert prune_site(root, ["en", "de"]) == 300 + 60
    kept = {p.name for p in (root / "assets/javascripts/lunr/min").iterdir()}
    assert kept == {"lunr.de.min.js", "lunr.stemmer.support.min.js"}
