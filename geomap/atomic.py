"""Atomic output: write beside the target, fsync, then rename over it.

An interrupted run (Ctrl-C, kill) leaves the previous file intact and no partial one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from geomap.errors import OutputError


def check_output_path(path: str | os.PathLike[str]) -> None:
    """Fail before any work when ``path`` cannot be written: its folder is missing or is a
    file, or the path itself is a folder."""
    target = Path(path)
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputError(f"{target}: cannot write in {target.parent}: not a directory")
    if not target.parent.exists():
        raise OutputError(
            f"{target}: output directory {target.parent} does not exist",
            hint="create it or choose another -o path",
        )
    if target.is_dir():  # checked now: the rename at the end would fail after all the work
        raise OutputError(f"{target}: is a directory", hint="give a file name with -o")


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO]:
    """Open a temporary file next to ``path``; rename it into place only on success."""
    target = Path(path)
    check_output_path(target)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write in {target.parent}: {exc.strerror}") from exc
    binary = "b" in mode
    try:
        with os.fdopen(fd, mode, encoding=None if binary else encoding) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    with atomic_open(path, "w") as handle:
        handle.write(text)


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_open(path, "wb", encoding=None) as handle:
        handle.write(data)


def replace_atomically(path: str | os.PathLike[str], write: Callable[[Path], None]) -> None:
    """Let ``write`` fill a temporary path beside ``path`` (e.g. a database), then rename it."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temporary = Path(tmp_name)
    try:
        temporary.unlink()
        write(temporary)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
