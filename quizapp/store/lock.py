"""One quizapp per data folder: an OS lock on <data>/quizapp.lock, with the holder's PID written in it.

The operating system drops the lock when its holder ends in any way (even SIGKILL or a power cut),
so a lock file left behind by a crash never blocks the next start: only a live holder does. The
PID in the file is only there to name that holder in the message.

Within one process the lock is shared and counted (the app's windows and its in-process commands
such as `stats` run on one process, one folder): only another process is refused.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

from quizapp.store.errors import AlreadyOpenError

LOCK_NAME = "quizapp.lock"
# Windows locks a byte range and refuses reads of it to others: lock a byte past the PID text.
_WINDOWS_LOCK_OFFSET = 4096

_held: dict[Path, list[int]] = {}  # resolved folder -> [file descriptor, holders in this process]
_guard = threading.Lock()


def _try_lock(fd: int) -> bool:
    """Take the lock without waiting; False when another process holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        # flock, not lockf: closing some other descriptor of the file cannot drop it by accident.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _lock_file(data_dir: Path) -> int:
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by child processes (PEP 446)
    try:
        if not _try_lock(fd):
            pid = _read_pid(fd)
            holder = f" (process {pid})" if pid else ""
            raise AlreadyOpenError(
                f"quizapp is already open with the progress folder {data_dir}{holder}. Switch to that "
                "window, or close it and start again: two copies at once could overwrite each "
                "other's answers.", data_dir, pid=pid)
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
    except BaseException:
        os.close(fd)
        raise
    return fd


class FolderLock:
    """This process's hold on a data folder, from opening the store until closing it.

    `fresh` is True when this hold took the lock (no one else in the process had it): only then
    may the holder tidy what a killed process left behind. `release` is safe to call twice.
    """

    def __init__(self, key: Path, fresh: bool) -> None:
        self._key: Path | None = key
        self.fresh = fresh

    @classmethod
    def acquire(cls, data_dir: Path) -> FolderLock:
        """Hold `data_dir`, or raise AlreadyOpenError naming the other process's PID.

        OSError (folder missing, read-only, disk full) is left to the caller to explain.
        """
        key = data_dir.resolve()
        with _guard:
            entry = _held.get(key)
            if entry is not None:
                entry[1] += 1
                return cls(key, fresh=False)
            _held[key] = [_lock_file(data_dir), 1]
        return cls(key, fresh=True)

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        with _guard:
            entry = _held[key]
            entry[1] -= 1
            if entry[1]:
                return
            del _held[key]
        fd = entry[0]
        try:
            os.ftruncate(fd, 0)  # no PID of a process that no longer holds it
        except OSError:
            pass  # a read-only or full disk cannot stop the release: closing is what unlocks
        os.close(fd)

    @property
    def held(self) -> bool:
        return self._key is not None

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
