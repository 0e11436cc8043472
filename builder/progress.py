"""Progress for long work: a live bar on a terminal, one quiet line per stage elsewhere (CI)."""
from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

T = TypeVar("T")
WIDTH = 30


def progress(items: Iterable[T], total: int, label: str,
             stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items`` while reporting how many of ``total`` are done and how long it took."""
    stream = stream or sys.stderr
    live = stream.isatty()
    start = time.monotonic()
    if not live:
        print(f"{label}: {total} ...", file=stream, flush=True)
    done = 0
    for item in items:
        yield item
        done += 1
        if live:
            filled = WIDTH * done // max(total, 1)
            print(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}",
                  end="", file=stream, flush=True)
    elapsed = time.monotonic() - start
    print(f"\r{label}: {done} done in {elapsed:.1f} s" + (" " * WIDTH if live else ""),
          file=stream, flush=True)


@contextmanager
def stage(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """One step of a longer job (loading, writing): a line as it starts and as it ends."""
    stream = stream or sys.stderr
    start = time.monotonic()
    print(f"{label} ...", file=stream, flush=True)
    yield
    print(f"{label}: done in {time.monotonic() - start:.1f} s", file=stream, flush=True)
