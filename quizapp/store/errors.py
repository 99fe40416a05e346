"""Typed errors the UI can show as they are: a sentence for the student and the newest usable backup."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress database cannot be opened or written. `message` is written for the student."""

    def __init__(self, message: str, path: Path, newest_backup: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.newest_backup = newest_backup


class NewerDatabaseError(StoreError):
    """The database was written by a newer quizapp; it is left exactly as it is."""


class CorruptDatabaseError(StoreError):
    """The database fails SQLite's integrity check (or is not a quizapp database); left untouched."""


class AlreadyOpenError(StoreError):
    """Another quizapp (another process or window) has this data folder open; `pid` names it if known."""

    def __init__(self, message: str, path: Path, pid: int | None = None) -> None:
        super().__init__(message, path)
        self.pid = pid


class StorageError(StoreError):
    """The folder or its disk cannot be used: `reason` is full, read-only, missing, not-a-folder, locked
    (another program holds the database) or io.

    Whatever step failed was rolled back, so nothing half-written is left behind.
    """

    def __init__(self, message: str, path: Path, reason: str) -> None:
        super().__init__(message, path)
        self.reason = reason
