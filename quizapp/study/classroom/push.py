"""The student's push: answers not yet on the class server go up in batches, idempotently, resumably.

Offline first: answers are in the local review log the moment they are given; nothing waits on the
server. A push sends the rows after the mark this computer keeps for the server (push_marks), each
batch as one `INSERT ... ON CONFLICT (uid) DO NOTHING` in its own transaction, and moves the mark only
after the server has committed. A push cut off anywhere (a crash, a lost connection) resends at most
the batch in flight, which the server then ignores; nothing is ever doubled.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from quizapp.store.classdb.errors import ClassError
from quizapp.store.classdb.server import (
    CONNECT_TIMEOUT_S,
    ServerAddress,
    address,
    explain,
    make_engine,
    parse_url,
)
from quizapp.store.errors import StoreError
from quizapp.store.store import Store

BATCH = 500  # rows per INSERT and per server transaction: ≈0.1 MB, a fraction of a second on a slow link
TARGET_PREFIX = "class:"
T = TypeVar("T")

# Exactly what leaves the computer (docs/class.md lists the same): the server adds the login and the time.
_ROWS = ("SELECT r.id, r.uid, r.question_id, COALESCE(c.content_hash, ''), COALESCE(c.topic, ''), r.reviewed_at, "
         "r.rating, r.score, r.response, r.duration_ms, r.confident FROM review_log r "
         "LEFT JOIN cards c ON c.question_id = r.question_id WHERE r.id > ? AND r.uid IS NOT NULL "
         "ORDER BY r.id LIMIT ?")


@dataclass(frozen=True, slots=True)
class PushResult:
    """What one push did. `message` is the line to show; `ok` is False when the push has to wait."""

    server: str  # host:port/database
    sent: int = 0  # rows offered to the server
    added: int = 0  # rows the server did not have yet
    waiting: int = 0  # rows still to push (0 after a complete push)
    error: str | None = None  # why the push stopped (the server down, a refused login, a newer schema)
    recorded: bool = True  # False: the progress was open read-only, so the mark could not move (harmless)
    problem: ClassError | None = None  # the error itself: ClassUnavailable (try later), ClassLoginError, ...

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def message(self) -> str:
        if self.error:
            wait = f"; {self.waiting} answer(s) wait for the next push" if self.waiting else ""
            return f"{self.error}{wait}"
        if not self.sent:
            return f"nothing new to push to {self.server}"
        again = f" ({self.sent - self.added} were there already)" if self.sent > self.added else ""
        return f"pushed {self.added} answer(s) to {self.server}{again}"


@dataclass(frozen=True, slots=True)
class Mark:
    last_id: int
    last_uid: str | None
    peer: str | None


def target_key(where: ServerAddress) -> str:
    return TARGET_PREFIX + where.key


def read_mark(conn: sqlite3.Connection, key: str) -> Mark:
    row = conn.execute("SELECT last_id, last_uid, peer FROM push_marks WHERE target = ?", (key,)).fetchone()
    return Mark(*row) if row else Mark(0, None, None)


def start_after(conn: sqlite3.Connection, mark: Mark, peer: str | None) -> int:
    """The review_log id after which rows still need pushing.

    Everything again (0) when the server is another class than the one pushed to (set up anew), or when
    the marked row is gone or is another answer now (undone after the push, its id reused).
    """
    if mark.last_id <= 0 or (peer is not None and mark.peer != peer):
        return 0
    row = conn.execute("SELECT uid FROM review_log WHERE id = ?", (mark.last_id,)).fetchone()
    return mark.last_id if row and row[0] == mark.last_uid else 0


def count_after(conn: sqlite3.Connection, after: int) -> int:
    return conn.execute("SELECT COUNT(*) FROM review_log WHERE id > ?", (after,)).fetchone()[0]


def waiting(store: Store, url: str, login: str | None = None) -> int:
    """Answers not yet pushed to this server, as far as this computer knows (works offline)."""
    where = address(parse_url(url, login))
    return count_after(store.conn, start_after(store.conn, read_mark(store.conn, target_key(where)), None))


def _server_row(r: tuple) -> dict[str, Any]:
    try:
        response = None if r[8] is None else json.loads(r[8])
    except ValueError:
        response = None
    return {"uid": r[1], "question_id": r[2], "content_hash": r[3], "topic": r[4],
            "answered_at": datetime.fromtimestamp(r[5], UTC), "rating": r[6], "score": r[7], "response": response,
            "duration_ms": r[9], "confident": None if r[10] is None else bool(r[10])}


def _save_mark(store: Store, key: str, last: tuple, peer: str) -> bool:
    """Move the mark to the last row the server has committed; False when the store is read-only."""
    try:
        with store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO push_marks (target, last_id, last_uid, peer, pushed_at) "
                         "VALUES (?, ?, ?, ?, ?)", (key, last[0], last[1], peer, int(datetime.now(UTC).timestamp())))
    except StoreError:
        return False
    return True


def push_answers(store: Store, url: str, login: str | None = None, password: str | None = None, *,
                 batch: int = BATCH, on_batch: Callable[[int, int], None] | None = None,
                 on_store: Callable[[Callable[[], T]], T] | None = None,
                 connect_timeout: int = CONNECT_TIMEOUT_S) -> PushResult:
    """Push every answer the server does not have; never raises for a server problem (see PushResult).

    `login` (the student's login, e.g. --student) overrides the address's user; `password` its password
    (else libpq's own ways: ~/.pgpass, $PGPASSWORD). `on_batch(sent, total)` is called after each batch is
    committed on the server, before the mark moves (a progress bar; the crash test stops there).
    `on_store(fn)` runs `fn()`, a short read or write of `store`, where the store may be used and returns its
    result: without it the push uses the store on the calling thread; the app passes a function that runs
    it on its database worker, so the push can wait on the network on another thread while that worker
    is held only for each batch's read and mark. `connect_timeout`: seconds before an unreachable server
    counts as down. A malformed address raises ClassError; a missing driver ClassDependencyError.
    """
    from sqlalchemy.dialects.postgresql import insert

    from quizapp.store.classdb import migrate
    from quizapp.store.classdb.classes import class_uid
    from quizapp.store.classdb.models import Answer

    db: Callable[[Callable[[], Any]], Any] = on_store or (lambda fn: fn())
    sql_url = parse_url(url, login, password)
    where = address(sql_url)
    key = target_key(where)
    conn = store.conn
    mark = db(lambda: read_mark(conn, key))
    after = db(lambda: start_after(conn, mark, None))
    engine = make_engine(sql_url, connect_timeout)
    sent = added = 0
    recorded = True

    def first_batch(peer: str) -> tuple[int, int, list[tuple]]:
        start = start_after(conn, mark, peer)
        return start, count_after(conn, start), conn.execute(_ROWS, (start, batch)).fetchall()

    def next_batch(last: tuple, peer: str, record: bool) -> tuple[bool, list[tuple]]:
        noted = record and _save_mark(store, key, (last[0], last[1]), peer)
        return noted, conn.execute(_ROWS, (last[0], batch)).fetchall()

    try:
        with engine.connect() as server:
            migrate.check_current(server, where.label)
            peer = class_uid(server)
            server.rollback()
            after, total, rows = db(lambda: first_batch(peer))
            statement = insert(Answer).on_conflict_do_nothing(index_elements=[Answer.uid]).returning(Answer.uid)
            while rows:
                with server.begin():
                    added += len(server.execute(statement, [_server_row(r) for r in rows]).all())
                sent += len(rows)
                if on_batch is not None:
                    on_batch(sent, total)
                after, last = rows[-1][0], rows[-1]
                recorded, rows = db(lambda last=last, record=recorded: next_batch(last, peer, record))
    except Exception as exc:
        problem = explain(exc, where)
        if problem is None:
            raise
        return PushResult(where.label, sent, added, db(lambda: count_after(conn, after)), problem.message, recorded,
                          problem)
    finally:
        engine.dispose()
    return PushResult(where.label, sent, added, 0, None, recorded)


__all__ = ["BATCH", "ClassError", "PushResult", "push_answers", "waiting"]
