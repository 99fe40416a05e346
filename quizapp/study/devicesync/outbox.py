"""This computer's events not yet in the sync folder: gathered as wire events, and marked once written.

An answer is waiting while its review_log.device is NULL, any other event while its sync_events.device is;
both are found through partial indexes that hold only the waiting rows. Nothing else writes to the store
while a sync runs (the app runs it on its one database worker), so "up to the last row gathered" is exact.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from quizapp.study.devicesync import events as ev
from quizapp.study.settings import SETTINGS, SPECS

_ANSWERS = ("SELECT r.id, r.uid, r.question_id, c.content_hash, r.reviewed_at, r.rating, r.score, r.response, "
            "r.duration_ms, r.confident FROM review_log r LEFT JOIN cards c ON c.question_id = r.question_id "
            "WHERE r.device IS NULL AND r.uid IS NOT NULL AND r.id > ? ORDER BY r.id LIMIT ?")
# INDEXED BY: by rowid alone SQLite would read every merged event after the mark, not just the waiting ones.
_EVENTS = ("SELECT e.rowid, e.id, e.kind, e.at, e.question_id, e.ref, e.body, c.content_hash FROM sync_events e "
           "INDEXED BY ix_sync_events_unsynced LEFT JOIN cards c ON c.question_id = e.question_id "
           "WHERE e.device IS NULL AND e.rowid > ? ORDER BY e.rowid LIMIT ?")


@dataclass(frozen=True, slots=True)
class Batch:
    """Events gathered for one segment, and the last row of each table they came from."""

    events: list[dict[str, Any]]
    last_answer: int  # review_log.id
    last_event: int  # sync_events.rowid

    @property
    def empty(self) -> bool:
        return not self.events


def gather(conn: sqlite3.Connection, device: str, limit: int, after: tuple[int, int] = (0, 0)) -> Batch:
    """Up to `limit` waiting events, answers first, as they go into a segment."""
    out: list[dict[str, Any]] = []
    last_answer, last_event = after
    for r in conn.execute(_ANSWERS, (last_answer, limit)):
        out.append({"kind": ev.ANSWER, "id": r[1], "device": device, "at": r[4], "question": r[2], "hash": r[3],
                    "rating": r[5], "score": r[6], "response": r[7], "ms": r[8],
                    "sure": None if r[9] is None else bool(r[9])})
        last_answer = r[0]
    if len(out) < limit:
        for r in conn.execute(_EVENTS, (last_event, limit - len(out))):
            last_event = r[0]
            wire = _wire(conn, device, r)
            if wire is not None:
                out.append(wire)
    return Batch(out, last_answer, last_event)


def _wire(conn: sqlite3.Connection, device: str, r: tuple) -> dict[str, Any] | None:
    _rowid, event_id, kind, at, question_id, ref, body, content_hash = r
    data = json.loads(body or "{}")
    base: dict[str, Any] = {"kind": kind, "id": event_id, "device": device, "at": at}
    if kind in ev.QUESTION_KINDS:
        base.update(question=question_id, hash=content_hash)
    if kind == ev.UNDO:
        return {**base, "answer": ref}
    if kind == ev.CARD:
        return {**base, "set": data}
    if kind == ev.RESET:
        return base
    if kind == ev.SETTING:
        return {**base, "key": ref, "value": data.get("value")}
    if kind == ev.DRILL:
        return {**base, "exam": ref, "answer": data.get("answer")}
    if kind == ev.EXAM:
        attempt = exam_record(conn, ref)
        return None if attempt is None else {**base, "attempt": attempt}
    return None  # a kind this version does not write


def exam_record(conn: sqlite3.Connection, uid: str) -> dict[str, Any] | None:
    """A finished sitting as it travels: its columns, without this computer's drill notes (log ids are local)."""
    row = conn.execute(f"SELECT {', '.join(ev.EXAM_COLUMNS)} FROM exam_attempts WHERE uid = ? "
                       "AND finished_at IS NOT NULL", (uid,)).fetchone()
    if row is None:
        return None
    attempt = dict(zip(ev.EXAM_COLUMNS, row, strict=True))
    try:
        meta = json.loads(attempt["meta"] or "{}")
    except ValueError:
        meta = {}
    if isinstance(meta, dict):
        meta.pop("drilled", None)
        attempt["meta"] = json.dumps(meta)
    attempt["passed"] = None if attempt["passed"] is None else bool(attempt["passed"])
    return attempt


def mark_written(conn: sqlite3.Connection, device: str, batch: Batch, after: tuple[int, int]) -> None:
    """The batch's rows are in the folder now, under `device`."""
    conn.execute("UPDATE review_log SET device = ? WHERE device IS NULL AND id > ? AND id <= ?",
                 (device, after[0], batch.last_answer))
    conn.execute("UPDATE sync_events SET device = ? WHERE device IS NULL AND rowid > ? AND rowid <= ?",
                 (device, after[1], batch.last_event))


def mark_written_ids(conn: sqlite3.Connection, device: str, event_ids: list[str]) -> None:
    """After a crash between writing a segment and noting it: the events the segment holds are written."""
    ids = json.dumps(event_ids)
    conn.execute("UPDATE review_log SET device = ? WHERE device IS NULL AND uid IN (SELECT value FROM json_each(?))",
                 (device, ids))
    conn.execute("UPDATE sync_events SET device = ? WHERE device IS NULL AND id IN (SELECT value FROM json_each(?))",
                 (device, ids))


def write_everything_again(conn: sqlite3.Connection, own_ids: list[str]) -> None:
    """A new sync folder: everything this computer made (under any id it had) is written there anew."""
    ids = json.dumps(own_ids)
    conn.execute("UPDATE review_log SET device = NULL WHERE device IN (SELECT value FROM json_each(?))", (ids,))
    conn.execute("UPDATE sync_events SET device = NULL WHERE device IN (SELECT value FROM json_each(?))", (ids,))


def record_baseline(conn: sqlite3.Connection, now: int) -> int:
    """Once per database, before its first sync: what it holds that no event says yet, as events.

    Card actions and settings from before events were recorded are dated 0, so any real change on another
    computer wins over them; finished exams get one event each. Returns how many events were added.
    """
    from quizapp.study.devicesync import record

    added = 0
    noted = {qid for (qid,) in conn.execute("SELECT DISTINCT question_id FROM sync_events WHERE kind = 'card'")}
    for qid, suspended, buried_until, flagged, reason in conn.execute(
            "SELECT question_id, suspended, buried_until, flagged, flag_reason FROM cards "
            "WHERE suspended = 1 OR flagged = 1 OR buried_until > ?", (now,)).fetchall():
        if qid in noted:
            continue
        fields: dict[str, Any] = {}
        if suspended:
            fields["suspended"] = True
        if flagged:
            fields.update(flagged=True, flag_reason=reason)
        if buried_until > now:
            fields["buried_until"] = buried_until
        record.card_changed(conn, qid, 0, fields, exact=True)
        added += 1
    have = {key for (key,) in conn.execute("SELECT DISTINCT ref FROM sync_events WHERE kind = 'setting'")}
    stored = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    for spec in SETTINGS:
        if not spec.synced or spec.key in have or spec.key not in stored:
            continue
        try:
            value = json.loads(stored[spec.key])
        except ValueError:
            continue
        if value != SPECS[spec.key].default:
            record.setting_changed(conn, spec.key, value, 0)
            added += 1
    for uid, finished_at in conn.execute(
            "SELECT uid, finished_at FROM exam_attempts WHERE finished_at IS NOT NULL AND uid IS NOT NULL "
            "AND uid NOT IN (SELECT id FROM sync_events WHERE kind = 'exam')").fetchall():
        record.exam_finished(conn, uid, finished_at)
        added += 1
    return added
