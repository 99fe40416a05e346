"""Opening the progress database safely: judge it read-only, back it up, migrate, then hand it out."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.store import backups, connection
from quizapp.store.connection import (
    DEFAULT_SYNCHRONOUS,
    Synchronous,
    connect,
    connect_readonly,
    integrity_ok,
    is_locked,
    missing_part,
    read_revision,
    truncation,
)
from quizapp.store.errors import CorruptDatabaseError, NewerDatabaseError, StoreError
from quizapp.store.lock import FolderLock
from quizapp.store.schema import HEAD, REVISIONS
from quizapp.store.storage_errors import storage_error

if TYPE_CHECKING:  # SQLAlchemy is imported when the ORM is first used (≈0.17 s, off the app's start path)
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

DB_NAME = "progress.sqlite3"
FLUSH_EVERY = 16  # answers between idle WAL flushes: about 400 of SQLite's 1,000-page autocheckpoint
# integrity_check reads the whole file (≈0.1 s per 30 MB when cached): below this size every start
# runs it; above, only the first start of the day does.
CHECK_EVERY_START_BELOW = 32 * 2**20


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


class Store:
    """An open, migrated progress database.

    `conn` is the one SQLite connection (autocommit; use `transaction()` for atomic writes) and
    `engine`/`session()` give SQLAlchemy access over that same connection, so ORM work and the
    hand-written hot path never wait on each other. Use it from one thread at a time. `lock` (the
    folder lock taken by open_store) is released by close().
    """

    def __init__(self, data_dir: Path, conn: sqlite3.Connection, verified: bool,
                 lock: FolderLock | None = None) -> None:
        self.data_dir = data_dir
        self.path = database_path(data_dir)
        self.conn = conn
        self.verified = verified  # integrity_check passed during this open
        self.lock = lock
        self.commits = 0  # write transactions committed through transaction()
        self._flushed_at = 0  # self.commits when the WAL was last flushed (flush_wal)
        # A deferred integrity check (open_store(defer_check=True)): writes wait until it has passed.
        self._check_pending = False
        self._check_lock = threading.Lock()
        self._checked = threading.Event()
        self._checked.set()
        self._check_error: StoreError | None = None
        self._checker: sqlite3.Connection | None = None  # kept open when the check failed (see close)
        self._engine: Engine | None = None

    @property
    def engine(self) -> Engine:
        """SQLAlchemy over `conn`, made on first use: the hot path and the start need only `conn`."""
        if self._engine is None:
            from sqlalchemy import create_engine, event
            from sqlalchemy.pool import StaticPool

            conn = self.conn
            self._engine = create_engine("sqlite://", creator=lambda: conn, poolclass=StaticPool)
            # The driver is in autocommit mode; SQLAlchemy's documented recipe makes it BEGIN explicitly.
            event.listen(self._engine, "begin", lambda c: c.exec_driver_sql("BEGIN"))
            event.listen(self._engine, "before_cursor_execute", self._before_orm_statement)
        return self._engine

    def _before_orm_statement(self, _conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        """ORM writes (exam attempts) wait for a deferred integrity check as transaction() does; reads do not."""
        pending = not self._checked.is_set() or self._check_error is not None
        if pending and statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.wait_for_check()

    def session(self) -> Session:
        from sqlalchemy.orm import Session

        return Session(self.engine, expire_on_commit=False)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT on the raw connection; rolls back if the block or the COMMIT raises.

        A full, read-only or failing disk raises StorageError (a StoreError with a message for the
        student); nothing of the transaction is kept, and the connection stays usable.
        """
        self.wait_for_check()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
                self.commits += 1
            except BaseException:
                # After SQLITE_FULL or an I/O error SQLite may or may not have rolled back by itself
                # (documented); an open transaction would make every later BEGIN fail.
                if self.conn.in_transaction:
                    with suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as exc:
            problem = storage_error(exc, self.data_dir)
            if problem is None:
                raise
            raise problem from exc

    def revision(self) -> str | None:
        return read_revision(self.conn)

    @property
    def check_pending(self) -> bool:
        """True while a deferred integrity check has not run yet (writes wait for it)."""
        return self._check_pending and not self._checked.is_set()

    def run_check(self) -> None:
        """Run the deferred integrity check, if any (once; a second caller waits for the first).

        Reads through a read-only connection of its own, so the window's reads go on meanwhile.
        Raises CorruptDatabaseError when the file fails it; every write then raises the same error
        and nothing is ever written to the file.
        """
        with self._check_lock:
            if self._checked.is_set():
                if self._check_error is not None:
                    raise self._check_error
                return
            checker = connect_readonly(self.path)
            try:
                ok = integrity_ok(checker)
            except BaseException:
                checker.close()
                raise
            if ok:
                checker.close()
                self.verified = True
            else:
                self._checker = checker
                self._check_error = _corrupt(self.path, self.data_dir, "it fails SQLite's integrity check")
            self._checked.set()
            if self._check_error is not None:
                raise self._check_error

    def wait_for_check(self) -> None:
        """Before a write: wait for the deferred check (running it here if nothing else has started it)."""
        if not self._checked.is_set():
            self.run_check()
        elif self._check_error is not None:
            raise self._check_error

    def make_daily_backup(self, now: datetime, keep: int) -> Path | None:
        """Today's rolling copy, taken only from a database that passed the integrity check.

        A disk too full for the copy raises StorageError; no partial copy is left behind.
        """
        if not self.verified or backups.has_daily_backup(self.data_dir, now):
            return None
        try:
            return backups.make_daily_backup(self.path, self.data_dir, now, keep)
        except (sqlite3.Error, OSError) as exc:
            problem = storage_error(exc, self.data_dir)
            if problem is None:
                raise
            raise problem from exc

    def checkpoint(self) -> None:
        """Move the WAL into the database file now (PASSIVE: waits for no reader)."""
        self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def flush_wal(self, min_commits: int = 1) -> bool:
        """In an idle moment: checkpoint the WAL and restart it, once `min_commits` commits wait in it.

        After a complete checkpoint SQLite starts the log again at its beginning on the next write,
        and that write syncs the log's new header first: an extra fsync. A one-page write made here
        (the schema's user_version, rewritten unchanged) takes that restart off the next answer, so
        each answer's commit syncs once. The log file keeps its size, so commits overwrite blocks
        already allocated instead of growing it. Skipped (False) while a reader such as `quizapp stats`
        still uses part of the log. With FLUSH_EVERY commits per flush, SQLite's own checkpoint at
        1,000 pages (inside a commit) is not reached.
        """
        if self.commits - self._flushed_at < min_commits:
            return False
        self._flushed_at = self.commits
        busy, log, moved = self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        if busy or log != moved:
            return False
        (version,) = self.conn.execute("PRAGMA user_version").fetchone()
        with self.transaction() as conn:
            conn.execute(f"PRAGMA user_version = {int(version)}")
        self._flushed_at = self.commits
        return True

    def close(self) -> None:
        try:
            if self._engine is not None:
                self._engine.dispose()
            # The last connection to close checkpoints the WAL into the file. After a failed check the
            # checker's read-only connection is still open, so this one is not the last, and a read-only
            # one never checkpoints: the damaged file is left exactly as it was.
            self.conn.close()
            if self._checker is not None:
                self._checker.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def _refuse_if_unsafe(db: Path, data_dir: Path, needs_full_check: bool, defer: bool = False
                      ) -> tuple[str | None, bool, bool]:
    """(revision, verified, check deferred). Raises before anything writes to a newer or damaged database.

    defer: a full check that is due on a database needing no migration is left to Store.run_check.
    """
    try:
        conn = connect_readonly(db)
    except sqlite3.Error as exc:
        raise _corrupt(db, data_dir, f"it cannot be opened ({exc})") from exc
    try:
        cut = truncation(db)
        if cut:
            raise _corrupt(db, data_dir, cut)
        try:
            revision = read_revision(conn)
        except (sqlite3.DatabaseError, LookupError) as exc:
            if is_locked(exc):  # held by another program, not damaged: no backup to offer
                raise storage_error(exc, data_dir) from exc
            raise _corrupt(db, data_dir, "it is not a quizapp progress database") from exc
        if revision is not None and revision not in REVISIONS:
            raise NewerDatabaseError(
                f"Your progress file was saved by a newer version of quizapp (schema {revision}). "
                "This version cannot read it and has left it exactly as it was. Update quizapp, "
                "or start from your newest backup.",
                db, backups.newest_usable_backup(data_dir))
        full = needs_full_check or revision != HEAD
        lacking = missing_part(conn, revision) if revision is not None else None  # cheap: always now
        if lacking:
            raise _corrupt(db, data_dir, lacking)
        if full and defer and revision == HEAD:
            return revision, False, True
        if full and not integrity_ok(conn):
            raise _corrupt(db, data_dir, "it fails SQLite's integrity check")
        return revision, full, False
    except sqlite3.Error as exc:
        if is_locked(exc):
            raise storage_error(exc, data_dir) from exc
        raise
    finally:
        conn.close()


def _corrupt(db: Path, data_dir: Path, why: str) -> CorruptDatabaseError:
    return CorruptDatabaseError(
        f"Your progress file is damaged: {why}. It has not been changed. You can start from your "
        "newest backup; the damaged file is then kept aside, not deleted.",
        db, backups.newest_usable_backup(data_dir))


def open_store(data_dir: Path, now: datetime, synchronous: Synchronous = DEFAULT_SYNCHRONOUS,
               defer_check: bool = False) -> Store:
    """Open (creating or migrating as needed) the progress database in `data_dir`.

    A database written by a newer version raises NewerDatabaseError, a damaged one
    CorruptDatabaseError; in both cases the file is not modified. `PRAGMA integrity_check` runs
    before any migration and before the daily backup (so a damaged file never pushes a good backup
    out): on every start for a database under CHECK_EVERY_START_BELOW, else on the first start of
    the day (it reads the whole file: about 1 s at 250 MB).

    The folder is locked first: a folder another quizapp holds raises AlreadyOpenError; a folder
    or disk that cannot be used (missing, read-only, full, failing) raises StorageError.

    defer_check (the desktop app): when the full check is due and no migration is, the store opens at
    once and the check is left to `Store.run_check` (the app runs it after its first paint, off the GUI
    thread); until it has passed, every write waits for it, so nothing is written to a file that
    would fail it. The cheap checks (truncation, schema revision) still run here.
    """
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock = FolderLock.acquire(data_dir)
    except OSError as exc:
        raise storage_error(exc, data_dir) from exc
    try:
        return _open_locked(data_dir, now, synchronous, lock, defer_check)
    except BaseException as exc:
        lock.release()
        problem = storage_error(exc, data_dir)
        if problem is None or problem is exc:
            raise
        raise problem from exc


def open_store_readonly(data_dir: Path) -> Store:
    """The progress database for reading only, without the folder lock: reports while the app runs.

    Nothing is checked, migrated, backed up or written (the connection is read-only: a write through
    `transaction()` raises StorageError). StoreError if there is no database yet, NewerDatabaseError if a newer
    quizapp wrote it, StoreError too if it still needs an upgrade (the app does that when it opens it).
    """
    db = database_path(data_dir)
    if not db.is_file() or db.stat().st_size == 0:
        raise StoreError(f"There is no progress in {data_dir} yet.", db)
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA busy_timeout = {connection.BUSY_TIMEOUT_MS}")
        revision = read_revision(conn)
        lacking = missing_part(conn, revision) if revision == HEAD else None
    except (sqlite3.DatabaseError, LookupError) as exc:
        conn.close()
        if is_locked(exc):
            raise storage_error(exc, data_dir) from exc
        raise _corrupt(db, data_dir, "it cannot be read as a quizapp database") from exc
    if lacking:
        conn.close()
        raise _corrupt(db, data_dir, lacking)
    if revision != HEAD:
        conn.close()
        if revision not in REVISIONS:
            raise NewerDatabaseError(f"Your progress file was saved by a newer version of quizapp (schema "
                                     f"{revision}); update quizapp to read it. It has not been changed.", db)
        raise StoreError("Your progress file is from an older version of quizapp: open the app once to upgrade "
                         "it, then try again.", db)
    return Store(data_dir, conn, verified=False)


def _open_locked(data_dir: Path, now: datetime, synchronous: Synchronous, lock: FolderLock,
                 defer_check: bool = False) -> Store:
    db = database_path(data_dir)
    if lock.fresh:  # no other holder in this process may be writing a copy right now
        backups.remove_partial_copies(data_dir)  # left half-written by a process that was killed
    revision, verified, deferred = None, True, False
    # An empty main file with a -wal beside it may still hold committed data: judge it too.
    wal = db.with_name(db.name + "-wal")
    if db.exists() and (db.stat().st_size > 0 or wal.exists()):
        size = db.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        full = size <= CHECK_EVERY_START_BELOW or not backups.has_daily_backup(data_dir, now)
        revision, verified, deferred = _refuse_if_unsafe(db, data_dir, full, defer_check)
        if revision is not None and revision != HEAD:
            backups.make_migration_backup(db, data_dir, revision, now)
    elif db.exists() and backups.newest_usable_backup(data_dir) is not None:
        # Only a truncation makes an empty file where backups exist; starting afresh would hide the loss.
        raise _corrupt(db, data_dir, "it is empty")
    store = Store(data_dir, connect(db, synchronous), verified, lock)
    if deferred:
        store._check_pending = True
        store._checked.clear()
    if revision != HEAD:
        from quizapp.store.migrate import upgrade

        try:
            upgrade(store.engine)
        except BaseException:
            store.close()
            raise
    return store
