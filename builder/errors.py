"""Errors for authors: values with a file and a line, never tracebacks.

One build collects every problem it can find, so an educator fixes them all in one pass.
"""
from __future__ import annotations

import errno
import stat
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class AtlasError:
    """One problem in one authored file: ``file:line:column: field: message (hint)``."""

    file: str
    line: int
    path: str
    message: str
    hint: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        where += f":{self.column}" if self.line and self.column else ""
        field = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}:{field} {self.message}{hint}"


class AtlasErrors(Exception):
    """Raised once with every problem found; its text is the report an author reads."""

    def __init__(self, errors: list[AtlasError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


HINTS = {
    errno.EACCES: "check the file's permissions, or run as a user who may read and write it",
    errno.EPERM: "check the file's permissions, or run as a user who may read and write it",
    errno.ENOSPC: "free some disk space, then run again",
    errno.EDQUOT: "free some disk space (you are over your quota), then run again",
    errno.EROFS: "the disk is read-only: choose a folder you can write to",
    errno.ENAMETOOLONG: "use a shorter name: at most 255 bytes per name",
    errno.ENOENT: "check the path",
    errno.EISDIR: "give a file, not a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder: check the path",
    errno.EIO: "the disk may be failing: copy your work elsewhere",
    errno.ELOOP: "a symbolic link points to itself: check the path",
    errno.EMFILE: "close other programs, then run again",
}
MAX_NAME = 255
"""Bytes in one file or folder name: the most that Linux, macOS and Windows all allow."""


def os_problem(exc: OSError) -> tuple[str, str]:
    """(what happened, what to do) for an operating-system error, in an author's words."""
    what = exc.strerror or str(exc) or type(exc).__name__
    return what[:1].lower() + what[1:], HINTS.get(exc.errno or 0, "check the path and try again")


def os_error(exc: OSError, fallback: str = "atlas") -> AtlasError:
    """``file: what happened (what to do)`` for an operating-system error."""
    return AtlasError(str(exc.filename or fallback), 0, "", *os_problem(exc))


def name_problem(name: str) -> tuple[str, str] | None:
    """(message, hint) when a path cannot name a file on any system the atlas is used on:
    control characters (a NUL byte cuts a name short), or a name part that is too long."""
    bad = sorted({ch for ch in name if ord(ch) < 32 or ord(ch) == 127})
    if bad:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in bad)
        return (f"the path holds a control character ({shown})",
                "retype the path with letters, digits, '-', '_' and '.'")
    longest = max((part for part in name.replace("\\", "/").split("/")), key=len, default="")
    if len(longest.encode("utf-8", "surrogateescape")) > MAX_NAME:
        return (f"a name in the path is {len(longest.encode('utf-8', 'surrogateescape'))} "
                f"bytes long", f"use a name of at most {MAX_NAME} bytes")
    return None


def file_kind_problem(path: Path) -> tuple[str, str] | None:
    """(message, hint) unless ``path`` is an existing regular file (or a link to one): a
    folder, a FIFO (reading one waits forever) or a device is never read as a file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return "does not exist", "check the file name and folder"
        return os_problem(exc)
    except ValueError:
        return name_problem(str(path)) or ("is not a valid path", "retype the path")
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a folder, not a file", "give the file inside it"
    return ("is not a regular file (a FIFO, socket or device)",
            "give an ordinary file saved on disk")
