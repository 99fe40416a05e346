"""Recording this computer's events that are not answers (an answer's review_log row is its own event).

Each call runs inside the caller's transaction, so the action and its event are kept together or not at all.
The event waits in `sync_events` (device NULL) until a sync writes it to the folder. Recording costs one
INSERT; it happens whether or not a sync folder is set, so a folder chosen later still gets the history.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import uuid4

# Card fields a "card" event may set (suspend/bury/flag; the study layer's card actions).
CARD_FIELDS = frozenset({"suspended", "buried_until", "flagged", "flag_reason"})


def _insert(conn: sqlite3.Connection, kind: str, at: int, question_id: str | None, ref: str | None,
            body: Mapping[str, Any]) -> str:
    event_id = uuid4().hex
    conn.execute("INSERT INTO sync_events (id, kind, device, at, question_id, ref, body) "
                 "VALUES (?, ?, NULL, ?, ?, ?, ?)",
                 (event_id, kind, int(at), question_id, ref, json.dumps(dict(body), sort_keys=True)))
    return event_id


def _after_card(conn: sqlite3.Connection, question_id: str, at: int) -> int:
    """`at`, or one second after the card's latest event if that is as late (the merged log is ordered by
    time, then by random id: an action must come after what the student saw before it, even within a second
    or after an answer from a computer whose clock is ahead)."""
    latest = conn.execute(
        "SELECT MAX(t) FROM (SELECT MAX(at) AS t FROM sync_events WHERE question_id = ? AND kind IN ('card', 'reset') "
        "UNION ALL SELECT MAX(reviewed_at) FROM review_log WHERE question_id = ?)", (question_id, question_id))
    last = latest.fetchone()[0]
    return int(at) if last is None else max(int(at), last + 1)


def card_changed(conn: sqlite3.Connection, question_id: str, at: int, fields: Mapping[str, Any], *,
                 exact: bool = False) -> str:
    """Suspend, bury, flag (or their opposites) of one card: the fields as they were set.

    `exact`: keep `at` as given (the baseline of a first sync dates what it finds to 0, before everything).
    """
    if not fields or not set(fields) <= CARD_FIELDS:
        raise ValueError(f"a card event sets only {sorted(CARD_FIELDS)}")
    values = {k: (bool(v) if k in ("suspended", "flagged") else v) for k, v in fields.items()}
    return _insert(conn, "card", at if exact else _after_card(conn, question_id, at), question_id, None, values)


def cards_reset(conn: sqlite3.Connection, question_ids: Iterable[str], at: int) -> None:
    """Progress forgotten on these cards (they are new again; their answers stay in the log)."""
    conn.executemany("INSERT INTO sync_events (id, kind, device, at, question_id, ref, body) "
                     "VALUES (?, 'reset', NULL, ?, ?, NULL, '{}')",
                     [(uuid4().hex, _after_card(conn, qid, at), qid) for qid in list(question_ids)])


def answer_undone(conn: sqlite3.Connection, uid: str, question_id: str, at: int, answered_at: int) -> str:
    """A tombstone: the answer `uid` is taken back, on every computer that has it or will get it.

    `answered_at` (when the answer was given) tells the next sync how far back to recompute the card.
    """
    return _insert(conn, "undo", at, question_id, uid, {"answered_at": int(answered_at)})


def setting_changed(conn: sqlite3.Connection, key: str, value: Any, at: int) -> str:
    """A setting as stored; the newest change of a key (by time, then id) wins on every computer.

    Dated after every change of the key this computer knows of, so the student's latest choice is the newest.
    """
    latest = conn.execute("SELECT MAX(at) FROM sync_events WHERE kind = 'setting' AND ref = ?", (key,)).fetchone()[0]
    return _insert(conn, "setting", int(at) if latest is None else max(int(at), latest + 1), None, key,
                   {"value": value})


def exam_finished(conn: sqlite3.Connection, exam_uid: str, at: int) -> str:
    """A finished sitting: the segment writer reads the attempt's row (by its uid) when it writes."""
    conn.execute("INSERT OR IGNORE INTO sync_events (id, kind, device, at, question_id, ref, body) "
                 "VALUES (?, 'exam', NULL, ?, NULL, ?, '{}')", (exam_uid, int(at), exam_uid))
    return exam_uid


def mistake_drilled(conn: sqlite3.Connection, exam_uid: str, question_id: str, answer_uid: str, at: int) -> str:
    """A sitting's missed question was put into review as the answer `answer_uid`."""
    return _insert(conn, "drill", at, question_id, exam_uid, {"answer": answer_uid})
