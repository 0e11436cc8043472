"""The authoring commands: scaffold, validate, schema, PHI warnings, did-you-mean hints."""
from __future__ import annotations

from pathlib import Path

from builder.model.schema import SCHEMAS, schema_text
from support import ROOT, run_atlas


def test_committed_schemas_are_fresh() -> None:
    for name, model in SCHEMAS.items():
        committed = (ROOT / "schema" / f"{name}.schema.json").read_text(encoding="utf-8")
        assert committed == schema_text(model, name), f"run 'atlas schema': {name} is stale"


def test_case_files_point_editors_at_the_schema() -> None:
    for case in (ROOT / "cases").glob("*.yaml"):
        first = case.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/case.schema.json"


def test_new_case_validates_and_builds_into_navigation_and_search(real_atlas: Path) -> None:
    made = run_atlas("new-case", "case-03-test-scaffold", cwd=real_atlas)
    assert made.returncode == 0, made.stderr
    assert (real_atlas / "cases" / "case-03-test-scaffold.yaml").is_file()
    assert (real_atlas / "images" / "case-03-test-scaffold").is_dir()
    checked = run_atlas("validate", "cases/case-03-test-scaffold.yaml", cwd=real_atlas)
    assert checked.returncode == 0, checked.stderr
    built = run_atlas("build", "--strict", "--quiet", cwd=real_atlas)
    assert built.returncode == 0, built.stderr
    site = real_atlas / "site"
    assert (site / "cases" / "case-03-test-scaffold.html").is_file()
    nav = (site / "index.html").read_text()
    assert "cases/case-03-test-scaffold.html" in nav
    modality = (site / "modalities" / "ct.html").read_text()
    assert "case-03-test-scaffold.html" in modality
    search = (site / "search" / "search_index.json").read_text()
    assert "case-03-test-scaffold.html" in search


def test_new_case_refuses_to_overwrite(real_atlas: Path) -> None:
    existing = next((real_atlas / "cases").glob("*.yaml")).stem
    result = run_atlas("new-case", existing, cwd=real_atlas)
    assert result.returncode == 1
    assert "already exists" in result.stderr
    assert "Traceback" not in result.stderr


def test_phi_check_warns_about_identifiers(fixture_atlas: Path) -> None:
    case = fixture_atlas / "cases" / "case-test.yaml"
    case.write_text(case.read_text().replace(
        "summary: A minimal case record.",
        "summary: Mr Jones, DOB 12/03/1975, NHS number 943 476 5919, MRN 1234567."))
    result = run_atlas("validate", cwd=fixture_atlas)
    assert result.returncode == 0  # warnings, not errors
    for what in ("a person's name ('Mr Jones')", "a date of birth", "an NHS number",
                 "a hospital or record number"):
        assert f"cases/case-test.yaml:4:1: summary: warning: this looks like {what}" in \
            result.stderr, result.stderr
    strict = run_atlas("build", "--strict", "--quiet", cwd=fixture_atlas)
    assert strict.returncode == 1  # a strict build refuses to publish it


def test_every_command_has_help() -> None:
    for command in ("validate", "build", "serve", "new-case", "schema"):
        result = run_atlas(command, "--help", cwd=ROOT)
        assert result.returncode == 0 and "usage: atlas" in result.stdout
