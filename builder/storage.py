"""Files that survive a kill, a full disk or a second build at once: whole or not at all.

Every cache entry, every export and the site itself are first written under a temporary name
beside their place and then moved in by one rename, so an interruption at any moment leaves
the old version or the new one, never half of either. A temporary is locked while its writer
lives; whatever a killed writer left is recognised by its lost lock and removed by the next
run. A folder that already exists is replaced by exchanging the two names in one step
(Linux ``renameat2(RENAME_EXCHANGE)``), so there is no moment without it.
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; leftovers are then judged by age alone
    fcntl = None  # type: ignore[assignment]

TEMP = ".tmp-"
"""Prefix of every temporary name, cache entries' and the site's own staging folders'."""
GRACE_SECONDS = 60
"""A leftover younger than this is never removed: its writer may not have locked it yet."""
UNLOCKED_GRACE_SECONDS = 3600
"""Without locks (Windows), a leftover is taken as abandoned only after this long."""


def warn(message: str) -> None:
    """One line for the educator, for a problem the build works around by itself."""
    print(f"WARNING -  {message}", file=sys.stderr, flush=True)


def _lock(path: Path) -> int | None:
    """Hold an exclusive lock on ``path`` (file or folder) until the descriptor is closed;
    None when locks are not available or someone else holds it."""
    if fcntl is None:
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


@contextlib.contextmanager
def temporary(parent: Path, prefix: str = TEMP, folder: bool = True) -> Iterator[Path]:
    """A new empty folder (or file) in ``parent``, locked while this process writes it.

    Removed again if the block fails; left in place otherwise, for the caller to move.
    """
    parent.mkdir(parents=True, exist_ok=True)
    if folder:
        path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    else:
        fd, name = tempfile.mkstemp(prefix=prefix, dir=parent)
        os.close(fd)
        path = Path(name)
    lock = _lock(path)
    try:
        yield path
    except BaseException:
        remove(path)
        raise
    finally:
        if lock is not None:
            os.close(lock)


def remove(path: Path) -> None:
    """Remove a file or a folder tree, whatever is left of it."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            path.unlink()


def clean_leftovers(parent: Path, prefix: str = TEMP) -> list[Path]:
    """Remove what interrupted writers left in ``parent`` (names starting with ``prefix``
    whose lock nobody holds); return what was removed."""
    removed = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        try:
            age = now - path.lstat().st_mtime
        except OSError:
            continue
        if age < GRACE_SECONDS and fcntl is not None:
            continue  # perhaps made an instant ago and not locked yet
        if fcntl is None:
            if age < UNLOCKED_GRACE_SECONDS:
                continue
        else:
            try:
                lock = _lock(path)
            except OSError:
                continue
            if lock is None:
                continue  # its writer is alive
            os.close(lock)
        remove(path)
        removed.append(path)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap the names of two existing paths in one atomic step; False where the system or
    the file system cannot (then nothing happened)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def replace_folder(new: Path, target: Path) -> None:
    """Put the folder ``new`` at ``target`` in one step; the folder it replaces is removed.

    Where the exchange is not available the old folder is moved aside first; if the run dies
    between the two renames, ``restore_aside`` of the next run puts it back.
    """
    try:
        new.rename(target)  # nothing there yet: one rename
        return
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR,
                             errno.EACCES, errno.EPERM) or not target.exists():
            raise
    if exchange(new, target):
        remove(new)  # now the old folder
        return
    aside = target.with_name(f"{TEMP}{target.name}-aside-{os.getpid()}")
    target.rename(aside)
    new.rename(target)
    remove(aside)


def restore_aside(target: Path) -> None:
    """If a run died between the two renames of ``replace_folder``'s fallback, put back the
    folder it had moved aside."""
    if target.exists():
        return
    asides = sorted(target.parent.glob(f"{TEMP}{target.name}-aside-*"),
                    key=lambda p: p.stat().st_mtime)
    if asides:
        asides[-1].rename(target)


def write_file(path: Path, data: bytes) -> Path:
    """Write ``data`` at ``path`` whole or not at all (an interrupted write leaves the old
    file, or none, and a leftover that the next ``clean_leftovers`` removes)."""
    try:
        with temporary(path.parent, f"{TEMP}{path.name[:40]}-", folder=False) as partial:
            partial.write_bytes(data)
            partial.replace(path)
    except OSError as exc:  # name the file meant, not the temporary
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return path


def fingerprints(folder: Path, names: Iterable[str]) -> dict[str, list]:
    """[size, sha256] of each named file in ``folder``, for ``intact`` to check later."""
    found = {}
    for name in names:
        data = (folder / name).read_bytes()
        found[name] = [len(data), hashlib.sha256(data).hexdigest()]
    return found


def intact(folder: Path, recorded: object) -> bool:
    """Whether every file that ``fingerprints`` recorded is still there, byte for byte."""
    if not isinstance(recorded, dict) or not recorded:
        return False
    try:
        for name, (size, digest) in recorded.items():
            data = (folder / name).read_bytes()
            if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
                return False
    except (OSError, TypeError, ValueError):
        return False
    return True


def install(staging: Path, folder: Path, whole: Callable[[Path], bool]) -> None:
    """Move a finished cache entry into place. Entries are named by their content, so one
    that another process has just put there is as good as ours and is kept, unless it is
    damaged (``whole`` says it is not), when ours replaces it."""
    try:
        staging.rename(folder)
        return
    except OSError as exc:
        if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY, errno.EISDIR, errno.ENOTDIR):
            raise
    if whole(folder):
        remove(staging)
    else:
        replace_folder(staging, folder)
