"""Files written whole or not at all, and paths refused unless they are regular files (no devices or FIFOs)."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path


class NotARegularFile(ValueError):
    """A path given as a file to read or write is a device, a FIFO, a socket or a folder."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a socket" if stat.S_ISSOCK(mode) else "not a file"


def require_regular(path: Path, missing_ok: bool = False) -> None:
    """Raise NotARegularFile unless `path` is a regular file (or absent, with `missing_ok`).

    Reading /dev/zero never ends and a FIFO blocks until another program opens it; writing to /dev/full
    fails only after the file was emptied; renaming over a device replaces it: all refused before any I/O.
    """
    try:
        mode = path.stat().st_mode  # follows symlinks: a link to a device is a device
    except FileNotFoundError:
        if missing_ok:
            return
        raise
    if not stat.S_ISREG(mode):
        raise NotARegularFile(f"{path} is {_kind(mode)}, not a regular file; give a file name")


def write_atomic(path: Path, text: str, check: Callable[[Path], None] | None = None) -> None:
    """Write `text` (UTF-8) to `path` as one step: into a temporary file beside it, synced to the disk,
    then renamed over it. `check(temporary)` may inspect the written file first and raise to abandon it.

    On any failure (a full disk, a failed check, an interrupt) `path` is byte for byte what it was, or
    still absent, and the temporary file is gone. A symlinked `path` has its target replaced.
    """
    target = Path(os.path.realpath(path))
    require_regular(target, missing_ok=True)
    # A dot name: the bank loader and file pickers skip it; the pid keeps two writers apart.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with open(temporary, "wb") as f:
            f.write(text.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        if target.exists():
            shutil.copymode(target, temporary)  # an instructor's permissions stay
        if check is not None:
            check(temporary)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a folder that cannot be opened or synced is no error."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
