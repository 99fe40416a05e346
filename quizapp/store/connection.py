"""SQLite connections with the pragmas every quizapp connection needs, and read-only inspection."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Literal

from quizapp.store.schema import TABLES

Synchronous = Literal["FULL", "NORMAL"]

# FULL: an answer survives power loss once commit() returns; NORMAL only survives a process crash.
# bench/store_bench.py measures both; the difference is well inside the per-answer budget (see notes).
DEFAULT_SYNCHRONOUS: Synchronous = "FULL"
# How long a connection waits for a lock another connection holds before SQLite reports it busy.
BUSY_TIMEOUT_MS = 5000


def connect(path: Path, synchronous: Synchronous = DEFAULT_SYNCHRONOUS) -> sqlite3.Connection:
    """A read-write connection in autocommit mode: callers open transactions with BEGIN themselves."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"PRAGMA synchronous = {synchronous}")
    # SQLite's default, as Anki runs: a commit that takes the WAL past 1,000 pages checkpoints it
    # there and then. The app checkpoints in its idle moments (StudyService.idle, after each answer
    # while the feedback is read), so that rarely happens and the WAL stays a few pages long.
    conn.execute("PRAGMA wal_autocheckpoint = 1000")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def connect_readonly(path: Path) -> sqlite3.Connection:
    """A connection that cannot change the file: used to judge a database before touching it.

    Without a -wal file beside it the database is opened as immutable, so SQLite does not even
    create its -wal/-shm side files; with one, read-only mode reads what the WAL holds.
    """
    immutable = "" if path.with_name(path.name + "-wal").exists() else "&immutable=1"
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro{immutable}", uri=True, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000)


def read_revision(conn: sqlite3.Connection) -> str | None:
    """The Alembic revision stored in the database; None for an empty database.

    Raises sqlite3.DatabaseError when the file is not a database, and LookupError when it is a
    database with tables but no revision (not one of ours).
    """
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "alembic_version" not in tables:
        if tables:
            raise LookupError("no alembic_version table")
        return None
    row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    return row[0] if row else None


def truncation(path: Path) -> str | None:
    """Why the file is shorter than its own header says, or None; reads only the 100-byte header.

    It catches a cut-short file on the starts that skip the full integrity check. The header's
    page count is trusted only when SQLite marks it valid, and not while a -wal file exists (a
    checkpoint killed midway may have written page 1 before growing the file; the WAL redoes it).
    """
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    with path.open("rb") as f:
        head = f.read(100)
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return None  # not SQLite at all: opening it says so
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(head[28:32], "big")
    expected = pages * page_size
    actual = path.stat().st_size
    if pages and head[24:28] == head[92:96] and actual < expected:
        return f"it is cut short ({actual:,} of {expected:,} bytes)"
    return None


def is_locked(exc: BaseException) -> bool:
    """SQLite's "database is locked": another program holds the file (quizapp's own folder lock keeps
    a second quizapp out), which is no damage."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (isinstance(exc, sqlite3.Error) and isinstance(code, int)
            and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED))


def integrity_ok(conn: sqlite3.Connection, quick: bool = False) -> bool:
    """Whether SQLite's integrity check passes; a file another program has locked raises instead."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_locked(exc):
            raise
        return False
    return rows == [("ok",)]


def missing_part(conn: sqlite3.Connection, revision: str) -> str | None:
    """The first table or column a database at `revision` lacks ("its table 'x' is missing"), or None."""
    for table, columns in TABLES.get(revision, {}).items():
        have = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}  # names from schema.py
        if not have:
            return f"its table '{table}' is missing"
        gone = next((c for c in columns if c not in have), None)
        if gone is not None:
            return f"its column '{table}.{gone}' is missing"
    return None
