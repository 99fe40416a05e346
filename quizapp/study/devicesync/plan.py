"""Which cards a sync recomputes, and from where (changed here since the last sync, merged, or a setting's)."""

from __future__ import annotations

import json
import sqlite3

from quizapp.study.devicesync import bookkeeping as books
from quizapp.study.devicesync.merge import Merged
from quizapp.study.devicesync.timeline import REPLAY_KEYS, Key


def own_starts(conn: sqlite3.Connection) -> dict[str, Key]:
    """Where each card with events made here since the last sync must be recomputed from.

    Answers given here were scheduled as they came, possibly out of order with merged ones (a clock behind)
    or by a session that started before a settings change: the sync that writes them schedules them again.
    """
    starts: dict[str, Key] = {}
    # INDEXED BY: the planner would rather walk the whole log in question order than the few waiting rows.
    for qid, at in conn.execute("SELECT question_id, MIN(reviewed_at) FROM review_log INDEXED BY "
                                "ix_review_log_unsynced WHERE device IS NULL GROUP BY question_id"):
        starts[qid] = (at, "")
    for qid, kind, at, body in conn.execute("SELECT question_id, kind, at, body FROM sync_events INDEXED BY "
                                            "ix_sync_events_unsynced WHERE device IS NULL AND question_id IS NOT NULL"):
        if kind == "undo":
            at = json.loads(body or "{}").get("answered_at", at)
        elif kind not in ("card", "reset"):
            continue
        starts[qid] = min(starts.get(qid, (at, "")), (at, ""))
    return starts


def setting_rowid(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT MAX(rowid) FROM sync_events WHERE kind = 'setting'").fetchone()[0] or 0)


def replay_plan(conn: sqlite3.Connection, own: dict[str, Key],
                 merged: Merged) -> tuple[dict[str, Key | None], set[str]]:
    """Every card to recompute and from where (on the first sync of this store, every card with events), and
    those whose row holds all but the merged events: nothing here touched them since the last sync."""
    if not books.get(conn, "replayed"):
        qids = {q for (q,) in conn.execute("SELECT DISTINCT question_id FROM review_log")}
        qids |= {q for (q,) in conn.execute("SELECT DISTINCT question_id FROM sync_events "
                                            "WHERE kind IN ('card', 'reset') AND question_id IS NOT NULL")}
        conn.executemany("INSERT OR IGNORE INTO cards (question_id, active) VALUES (?, 0)", [(q,) for q in qids])
        return dict.fromkeys(qids), set()
    plan: dict[str, Key | None] = {}
    row_holds = set(merged.starts) - set(own) - merged.taken_back

    def earliest(qid: str, k: Key) -> None:
        old = plan.get(qid)
        if qid not in plan or (old is not None and k < old):
            plan[qid] = k

    for qid, k in [*own.items(), *merged.starts.items()]:
        earliest(qid, k)
    # A setting the replay depends on, new since the last sync (changed here or merged): every answer from
    # its time on is scheduled again under it.
    marks = ", ".join("?" for _ in REPLAY_KEYS)
    row = conn.execute(f"SELECT MIN(at) FROM sync_events WHERE kind = 'setting' AND ref IN ({marks}) AND rowid > ?",
                       (*REPLAY_KEYS, books.get(conn, "setting_rowid", 0))).fetchone()
    if row[0] is not None:
        for (qid,) in conn.execute("SELECT DISTINCT question_id FROM review_log INDEXED BY ix_review_log_time "
                                   "WHERE reviewed_at >= ?", (row[0],)):
            earliest(qid, (row[0], ""))
            row_holds.discard(qid)  # its row was scheduled under settings that no longer held then
    return plan, row_holds
