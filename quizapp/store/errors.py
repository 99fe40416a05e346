"""Typed errors the UI can show as they are: a sentence for the student and the newest usable backup."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The progress database cannot be opened. `message` is written for the student."""

    def __init__(self, message: str, path: Path, newest_backup: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.newest_backup = newest_backup


class NewerDatabaseError(StoreError):
    """The database was written by a newer quizapp; it is left exactly as it is."""


class CorruptDatabaseError(StoreError):
    """The database fails SQLite's integrity check (or is not a quizapp database); left untouched."""
