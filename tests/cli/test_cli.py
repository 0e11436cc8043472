"""The atlas command: clear errors, exit status 1, no traceback, and a site that survives."""
from __future__ import annotations

import hashlib
from pathlib import Path

from support import run_atlas


def tree_digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def break_case(root: Path) -> None:
    case = root / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace("modality: CT", "modality: CTT"))


def test_validate_ok(fixture_atlas: Path) -> None:
    result = run_atlas("validate", cwd=fixture_atlas)
    assert result.returncode == 0
    assert "OK: 1 cases" in result.stdout


def test_validate_reports_file_line_without_traceback(fixture_atlas: Path) -> None:
    break_case(fixture_atlas)
    result = run_atlas("validate", cwd=fixture_atlas)
    assert result.returncode == 1
    assert ("cases/case-test.yaml:20:5: studies[0].modality: 'CTT' is not a modality "
            "(did you mean 'CT'? or add it to content/data/modalities.yaml)") in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_failed_build_leaves_previous_site_intact(fixture_atlas: Path) -> None:
    first = run_atlas("build", "--strict", "--quiet", cwd=fixture_atlas)
    assert first.returncode == 0, first.stderr
    site = fixture_atlas / "site"
    before = tree_digest(site)
    assert "cases/case-test.html" in before
    break_case(fixture_atlas)
    second = run_atlas("build", "--strict", "--quiet", cwd=fixture_atlas)
    assert second.returncode == 1
    assert "studies[0].modality: 'CTT' is not a modality" in second.stderr
    assert "Traceback" not in second.stderr
    assert tree_digest(site) == before
    assert not list(fixture_atlas.glob(".site-*")), "staging folder left behind"


def test_plain_mkdocs_build_stops_before_touching_site(fixture_atlas: Path) -> None:
    import subprocess
    import sys

    assert run_atlas("build", "--quiet", cwd=fixture_atlas).returncode == 0
    before = tree_digest(fixture_atlas / "site")
    break_case(fixture_atlas)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=fixture_atlas,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "cases/case-test.yaml:20:5: studies[0].modality" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(fixture_atlas / "site") == before


def test_unknown_citation_in_markdown_page_names_file_and_line(fixture_atlas: Path) -> None:
    page = fixture_atlas / "content" / "background.md"
    page.write_text("# Background\n\nFirst line.\n\nA claim [@nosuchkey].\n")
    result = run_atlas("build", "--quiet", cwd=fixture_atlas)
    assert result.returncode == 1
    assert "content/background.md:5: cites unknown reference 'nosuchkey'" in result.stderr
