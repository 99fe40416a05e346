"""Copies of the progress database: one a day (keep the last N), one before each migration.

Copies go through SQLite's backup API, so a copy taken while the app runs is consistent and
includes what is still in the WAL file. Each is written under a `.partial` name and renamed when
complete, so a copy cut short by a crash or a full disk is never listed as a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from datetime import datetime
from pathlib import Path

from quizapp.store.connection import connect_readonly, integrity_ok, missing_part, read_revision, truncation
from quizapp.store.lock import FolderLock
from quizapp.store.schema import REVISIONS

DAILY_PREFIX = "daily-"
MIGRATION_PREFIX = "before-migration-"
SUFFIX = ".sqlite3"
PARTIAL = ".partial"


def backup_dir(data_dir: Path) -> Path:
    return data_dir / "backups"


def copy_database(source: Path, target: Path) -> Path:
    """A consistent copy of `source` at `target`, written to a temporary name first."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + PARTIAL)
    _remove_copy(partial)
    try:
        src = connect_readonly(source)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        partial.replace(target)
    except BaseException:
        _remove_copy(partial)  # on a full disk, a half copy would only take the space still free
        raise
    return target


def _remove_copy(path: Path) -> None:
    for extra in ("", "-journal", "-wal", "-shm"):
        path.with_name(path.name + extra).unlink(missing_ok=True)


def remove_partial_copies(data_dir: Path) -> None:
    """Delete copies a killed process left half-written (call with the folder lock held)."""
    folder = backup_dir(data_dir)
    if folder.is_dir():
        for path in folder.glob(f"*{PARTIAL}"):
            _remove_copy(path)


def daily_backup_path(data_dir: Path, today: datetime) -> Path:
    return backup_dir(data_dir) / f"{DAILY_PREFIX}{today:%Y-%m-%d}{SUFFIX}"


def has_daily_backup(data_dir: Path, today: datetime) -> bool:
    return daily_backup_path(data_dir, today).exists()


def make_daily_backup(db: Path, data_dir: Path, today: datetime, keep: int) -> Path:
    """Today's copy (replacing an earlier one of today), then drop all but the newest `keep`."""
    path = copy_database(db, daily_backup_path(data_dir, today))
    daily = sorted(backup_dir(data_dir).glob(f"{DAILY_PREFIX}*{SUFFIX}"))
    for old in daily[: max(0, len(daily) - max(1, keep))]:
        old.unlink(missing_ok=True)
    return path


def make_migration_backup(db: Path, data_dir: Path, revision: str, now: datetime) -> Path:
    name = f"{MIGRATION_PREFIX}{revision}-{now:%Y%m%dT%H%M%S}{SUFFIX}"
    return copy_database(db, backup_dir(data_dir) / name)


def list_backups(data_dir: Path) -> list[Path]:
    """All backups, newest first (by modification time)."""
    folder = backup_dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)


def is_usable(path: Path) -> bool:
    """True when this version can open the backup: a known revision and a passing quick check."""
    try:
        if truncation(path):
            return False
        conn = connect_readonly(path)
    except (sqlite3.Error, OSError):
        return False
    try:
        revision = read_revision(conn)
        return (revision in REVISIONS and integrity_ok(conn, quick=True)
                and missing_part(conn, revision) is None)  # type: ignore[arg-type]
    except (sqlite3.DatabaseError, LookupError):
        return False
    finally:
        conn.close()


def newest_usable_backup(data_dir: Path) -> Path | None:
    return next((p for p in list_backups(data_dir) if is_usable(p)), None)


def restore_backup(db: Path, backup: Path, now: datetime) -> Path:
    """Put `backup` in place of `db`. The current file is moved aside (never deleted); returns where.

    The folder is locked meanwhile (AlreadyOpenError if quizapp has it open). The copy is made under
    another name first and renamed over the current file, so a crash at any moment leaves either
    the old file or the restored one in place, never a missing or half-copied database.
    """
    with FolderLock.acquire(db.parent):
        aside = _free_name(db.parent / "set-aside" / f"{db.stem}-{now:%Y%m%dT%H%M%S}{db.suffix}")
        aside.parent.mkdir(parents=True, exist_ok=True)
        incoming = db.with_name(db.name + ".restoring")
        shutil.copyfile(backup, incoming)
        _fsync(incoming)
        # The old file's WAL must go before the new file arrives, or SQLite would replay it onto it.
        for extra in ("-wal", "-shm"):
            current = db.with_name(db.name + extra)
            if current.exists():
                current.replace(aside.with_name(aside.name + extra))
        if db.exists():
            try:
                os.link(db, aside)
            except OSError:  # no hard links here (some network or FAT drives): a copy
                shutil.copy2(db, aside)
        incoming.replace(db)
    return aside


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while any(candidate.with_name(candidate.name + x).exists() for x in ("", "-wal")):
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
