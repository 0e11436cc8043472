"""The registry of export formats: each is one module, and the command line, the downloads
lists and the built site all take their formats from it."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from builder.checks import load_atlas, pictures
from builder.export import FORMATS, cached_downloads, downloads
from builder.site.render import render
from support import ROOT


def test_the_registry_finds_every_format_module() -> None:
    assert set(FORMATS) == {"anki", "moodle"}
    assert all(f.path.startswith("downloads/") for f in FORMATS.values())


def test_the_downloads_lists_link_every_format_from_where_they_stand() -> None:
    top = render("downloads.md.j2", prefix="")
    nested = render("downloads.md.j2", prefix="../")
    for f in FORMATS.values():
        assert f"[{f.title}]({f.path})" in top
        assert f"[{f.title}](../{f.path})" in nested
    assert "(../handout.md)" in nested


def test_cached_downloads_are_made_once_and_again_after_an_edit(fixture_atlas: Path) -> None:
    atlas = load_atlas(fixture_atlas)
    made = pictures(atlas, fixture_atlas / ".cache/atlas/images")
    cache = fixture_atlas / "exports"
    first = cached_downloads(atlas, made, cache)
    assert first == downloads(atlas, made)
    assert len(list(cache.iterdir())) == 1
    assert cached_downloads(atlas, made, cache) == first  # read back, not made again
    case = next((fixture_atlas / "cases").glob("*.yaml"))
    case.write_text(case.read_text() + "\n# edited\n")
    cached_downloads(atlas, made, cache)
    assert len(list(cache.iterdir())) == 2


NEW_FORMAT = '''
"""Question ids, one a line: a format in one module."""
from builder.export.base import Format
from builder.questions.bank import entries


def ids(atlas, pictures):
    return "".join(f"{e.key}\\n" for e in entries(atlas)).encode()


FORMAT = Format("ids", "downloads/nho-atlas-ids.txt", "Question ids", "text",
                "every question's key.", ids)
'''

USE_IT = '''
import sys
import builder.export as export

export.__path__.append(sys.argv[1])
export.FORMATS.update(export._discover())

from builder.cli import main
from builder.site.render import render

code = main(["export", "ids", "--root", sys.argv[2], "-o", sys.argv[3]])
print(code, "[Question ids](downloads/nho-atlas-ids.txt)" in render("downloads.md.j2", prefix=""))
'''


def test_a_new_format_is_one_module(tmp_path: Path, fixture_atlas: Path) -> None:
    """A format written as one module (here on the package's search path) is offered by
    ``atlas export`` and listed for download."""
    (tmp_path / "ids.py").write_text(textwrap.dedent(NEW_FORMAT), encoding="utf-8")
    out = tmp_path / "ids.txt"
    result = subprocess.run([sys.executable, "-c", USE_IT, str(tmp_path), str(fixture_atlas),
                             str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["0", "True"], result.stdout
    assert out.read_text().splitlines()[0].count("/") == 1
