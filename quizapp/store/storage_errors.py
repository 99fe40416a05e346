"""Disk and folder failures (full, read-only, missing, failing) as StorageErrors the student can act on."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from quizapp.store.errors import StorageError

_MESSAGES = {
    "full": "The disk that holds your progress ({folder}) is full. Nothing was changed by the step that "
            "failed; free some space, then try again.",
    "read-only": "quizapp cannot write to your progress folder {folder} (it is read-only, or you do not "
                 "have permission). Your progress there is unchanged; make the folder writable, or "
                 "choose another with --data-dir.",
    "missing": "Your progress folder {folder} cannot be found or created (is its drive connected?). "
               "Nothing was changed; reconnect it, or choose another folder with --data-dir.",
    "not-a-folder": "Your progress folder {folder} cannot be used: it, or a folder above it, is a file. "
                    "Nothing was changed; move that file away, or choose another folder with --data-dir.",
    "locked": "Another program is using your progress file in {folder} (a database browser, or a sync or "
              "backup tool, may have it open): close it, then try again. Nothing was changed.",
    "io": "The disk reported an error while reading or writing your progress in {folder}. Nothing was "
          "changed by the step that failed; check the disk or its connection, then try again.",
}
_OS_REASONS = {
    errno.ENOSPC: "full", errno.EDQUOT: "full", errno.EFBIG: "full",
    errno.EROFS: "read-only", errno.EACCES: "read-only", errno.EPERM: "read-only",
    errno.ENOENT: "missing", errno.ENODEV: "missing", errno.ENXIO: "missing",
    errno.EEXIST: "not-a-folder", errno.ENOTDIR: "not-a-folder",
    errno.EIO: "io",
}
_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: "full",
    sqlite3.SQLITE_READONLY: "read-only", sqlite3.SQLITE_PERM: "read-only",
    sqlite3.SQLITE_CANTOPEN: "missing",
    sqlite3.SQLITE_IOERR: "io",
    sqlite3.SQLITE_BUSY: "locked", sqlite3.SQLITE_LOCKED: "locked",
}


def storage_error(exc: BaseException, folder: Path) -> StorageError | None:
    """A StorageError explaining `exc`, or None when `exc` is not a disk or folder problem."""
    if isinstance(exc, StorageError):
        return exc
    reason = None
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        reason = _SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else None
    elif isinstance(exc, OSError):
        reason = _OS_REASONS.get(exc.errno or 0, "io")
    if reason is None:
        return None
    error = StorageError(_MESSAGES[reason].format(folder=folder), folder, reason)
    error.__cause__ = exc
    return error
