"""Faults of the machine, not of the content: each gives ``file: what happened (what to do)``.

Permission denied, a full disk, a NUL byte or a 300-character name, a FIFO or a folder where
a file belongs: each used to give ``unexpected error: …`` with no path, a wait forever, or
"does not exist (did you mean …)". The bad-input corpus covers the same faults in case files.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from builder import cli
from builder.checks import load_atlas
from builder.errors import AtlasErrors
from support import run_atlas

LONG = "x" * 300


def clean(result) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "unexpected error" not in result.stderr
    return result.stderr


def test_a_fifo_or_folder_is_not_read_as_a_file(fixture_atlas: Path) -> None:
    folder = fixture_atlas / "images" / "case-test"
    folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(folder / "fifo.png")  # reading it would wait forever
    fifo = clean(run_atlas("import-image", str(folder / "fifo.png"), "--case", "case-test",
                           "--figure", "fig9a", cwd=fixture_atlas))
    assert "'fifo.png' is not a regular file (a FIFO, socket or device) (give an ordinary " \
        "file saved on disk)" in fifo
    given_folder = clean(run_atlas("import-dicom", str(folder), "--case", "case-test",
                                   "--figure", "fig9a", cwd=fixture_atlas))
    assert "is a folder, not a file (give the file inside it)" in given_folder
    os.mkfifo(fixture_atlas / "cases" / "case-pipe.yaml")
    os.mkfifo(fixture_atlas / "content" / "pipe.md")
    validate = clean(run_atlas("validate", cwd=fixture_atlas))
    assert ("cases/case-pipe.yaml: the file is not a regular file (a FIFO, socket or device) "
            "(give an ordinary file saved on disk)") in validate
    assert "content/pipe.md: the page is not a regular file" in validate


def test_names_too_long_for_any_file_system(fixture_atlas: Path) -> None:
    says = "a name in the path is 300 bytes long (use a name of at most 255 bytes)"
    assert says in clean(run_atlas("validate", LONG, cwd=fixture_atlas))
    assert says in clean(run_atlas("build", "-d", LONG, cwd=fixture_atlas))
    source = fixture_atlas / f"{LONG[:200]}.png"
    assert "bytes long" in clean(run_atlas("import-image", str(fixture_atlas / LONG), "--case",
                                           "case-test", "--figure", "fig9a",
                                           cwd=fixture_atlas))
    assert not source.exists()


def test_export_names_the_file_it_could_not_write(fixture_atlas: Path) -> None:
    into_folder = clean(run_atlas("export", "moodle", "-o", "images", cwd=fixture_atlas))
    assert "images: is a directory (give a file, not a folder)" in into_folder
    long_name = clean(run_atlas("export", "moodle", "-o", f"{LONG}.xml", cwd=fixture_atlas))
    assert f"{LONG}.xml: file name too long (use a shorter name" in long_name
    assert ".tmp-" not in into_folder + long_name, "the message named a temporary file"


def test_permission_denied_names_the_file(fixture_atlas: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    read = Path.read_bytes

    def denied(self: Path) -> bytes:
        if self.name == "case-test.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return read(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    with pytest.raises(AtlasErrors) as caught:
        load_atlas(fixture_atlas)
    assert ("cases/case-test.yaml: cannot read file: permission denied (check the file's "
            "permissions, or run as a user who may read and write it)") in str(caught.value)


def test_a_full_disk_during_a_build_keeps_the_old_site(
        fixture_atlas: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import mkdocs.utils

    assert run_atlas("build", "--quiet", cwd=fixture_atlas).returncode == 0
    index = (fixture_atlas / "site" / "index.html").read_bytes()

    def full(content: bytes, output_path: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    monkeypatch.chdir(fixture_atlas)
    assert cli.main(["build", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "no space left on device (free some disk space, then run again)" in err
    assert f"{fixture_atlas / 'site'} is unchanged" in err
    assert (fixture_atlas / "site" / "index.html").read_bytes() == index
    assert not list(fixture_atlas.glob(".site-*"))


def test_any_other_os_error_is_named_not_unexpected(capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(args: object) -> int:
        raise OSError(errno.EIO, "Input/output error", "/media/usb/atlas/cases/a.yaml")

    monkeypatch.setattr(cli, "cmd_validate", broken)
    assert cli.main(["validate"]) == 1
    assert capsys.readouterr().err.strip() == (
        "/media/usb/atlas/cases/a.yaml: input/output error (the disk may be failing: copy "
        "your work elsewhere)")
