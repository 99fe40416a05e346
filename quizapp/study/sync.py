"""Keeping cards in step with the loaded banks without ever dropping a student's history.

A question id that vanished becomes inactive (history kept); one that comes back is active again;
a materially changed question (new content_hash) keeps its schedule but is flagged; an id listed in
another question's `replaces` hands its card and review log over to the new id.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from quizapp.bank.lazy import QuestionInfo, heads
from quizapp.bank.model import Question
from quizapp.store.store import Store
from quizapp.study.devicesync import record

CHANGED = "content changed"


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    reactivated: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # studied before and reworded since: flagged
    renamed: dict[str, str] = field(default_factory=dict)  # old id -> new id
    updated: int = 0  # topic, tags, difficulty or order changed (no effect on progress)

    @property
    def touched(self) -> bool:
        return bool(self.added or self.reactivated or self.deactivated or self.changed or self.renamed
                    or self.updated)


def _hash(q: QuestionInfo) -> str:
    return q.content_hash or q.compute_hash()  # type: ignore[attr-defined]  # only full questions lack one


def _tags(q: QuestionInfo) -> str:
    return "\n".join(sorted(set(q.tags)))


BIG_SYNC = 20_000
BIG_SYNC_CACHE_KIB = 65_536


@contextmanager
def _page_cache(conn: sqlite3.Connection, questions: int) -> Iterator[None]:
    """A bigger page cache while a big collection is synced, back to the usual size afterwards.

    Inserting 100,000 cards updates three indexes in no useful order; with SQLite's default 2 MB
    cache their pages keep being evicted and re-read (100k new cards: 0.94 s -> 0.82 s).
    """
    if questions < BIG_SYNC:
        yield
        return
    (before,) = conn.execute("PRAGMA cache_size").fetchone()
    conn.execute(f"PRAGMA cache_size = -{BIG_SYNC_CACHE_KIB}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA cache_size = {int(before)}")


STAMP = "_bank_sync"  # settings row (not a setting): what the cards were last synced with


def _stamp(conn: sqlite3.Connection, fingerprint: str) -> str:
    """The load's fingerprint with the cards table's row count and newest row: a card added or removed
    by anything else (an import) no longer matches."""
    count, last = conn.execute("SELECT COUNT(*), MAX(rowid) FROM cards").fetchone()
    return json.dumps([fingerprint, count, last])


def sync_cards(store: Store, questions: Mapping[str, Question], now: int) -> SyncReport:
    """Bring the cards table in line with `questions` in one transaction.

    One read of the cards table and one tuple comparison per question: an unchanged collection
    costs a scan, not a write. Nothing at all when the questions are a lazy load of the same cache
    entries (`QuestionStore.fingerprint`) as the last sync of these cards: they are in line already.
    """
    report = SyncReport()
    conn = store.conn
    fingerprint = getattr(questions, "fingerprint", None)
    if fingerprint is not None:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", (STAMP,)).fetchone()
        if row is not None and row[0] == _stamp(conn, fingerprint):
            return report
    light = heads(questions)  # no question text is needed here
    with _page_cache(conn, len(light)), store.transaction():
        existing = {r[0]: r[1:] for r in conn.execute(
            "SELECT question_id, content_hash, topic, difficulty, position, active, tags, reps FROM cards")}
        _apply_renames(conn, light, existing, now, report)
        inserts, updates, retag = [], [], []
        for position, q in enumerate(light.values()):
            wanted = (_hash(q), q.topic, q.difficulty, position, 1, _tags(q))
            old = existing.get(q.id)
            if old is None:
                inserts.append((q.id, *wanted))
                report.added.append(q.id)
                continue
            if old[:6] == wanted:
                continue
            flag = old[0] != wanted[0] and old[6] > 0  # reworded after being studied
            if flag:
                report.changed.append(q.id)
            if not old[4]:
                report.reactivated.append(q.id)
            elif not flag:
                report.updated += 1
            updates.append((*wanted[:3], position, wanted[5], int(flag), int(flag), CHANGED if flag else None, q.id))
            if old[5] != wanted[5]:
                retag.append(q)

        conn.executemany("INSERT INTO cards (question_id, content_hash, topic, difficulty, position, active, tags) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)", inserts)
        # A flag set here stays until the student clears it; syncing never clears it.
        conn.executemany("UPDATE cards SET content_hash=?, topic=?, difficulty=?, position=?, tags=?, active=1, "
                         "flagged = CASE WHEN ? THEN 1 ELSE flagged END, "
                         "flag_reason = CASE WHEN ? THEN ? ELSE flag_reason END WHERE question_id=?", updates)
        for qid in report.changed:  # the flag reaches the student's other computers like one set by hand
            record.card_changed(conn, qid, now, {"flagged": True, "flag_reason": CHANGED})
        conn.executemany("DELETE FROM card_tags WHERE question_id = ?", [(q.id,) for q in retag])
        conn.executemany("INSERT INTO card_tags (question_id, tag) VALUES (?, ?)",
                         [(q.id, t) for q in [*retag, *(light[i] for i in report.added)] for t in set(q.tags)])
        gone = [qid for qid, old in existing.items() if old[4] and qid not in light]
        conn.executemany("UPDATE cards SET active = 0 WHERE question_id = ?", [(q,) for q in gone])
        report.deactivated = gone
        if fingerprint is not None:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                         (STAMP, _stamp(conn, fingerprint)))
        else:
            conn.execute("DELETE FROM settings WHERE key = ?", (STAMP,))
    return report


def _apply_renames(conn: sqlite3.Connection, questions: Mapping[str, QuestionInfo], existing: dict, now: int,
                   report: SyncReport) -> None:
    """Move an old id's card and log to the question that `replaces` it, unless the new id already
    has history of its own (then the old card just becomes inactive)."""
    for q in questions.values():
        for old_id in q.replaces:
            if old_id not in existing or old_id in questions:
                continue
            mine = existing.get(q.id)
            if mine is not None and mine[6] > 0:
                continue
            if mine is not None:
                conn.execute("DELETE FROM cards WHERE question_id = ?", (q.id,))
            conn.execute("UPDATE cards SET question_id = ? WHERE question_id = ?", (q.id, old_id))
            conn.execute("UPDATE review_log SET question_id = ? WHERE question_id = ?", (q.id, old_id))
            conn.execute("UPDATE practice_log SET question_id = ? WHERE question_id = ?", (q.id, old_id))
            conn.execute("UPDATE sync_events SET question_id = ? WHERE question_id = ?", (q.id, old_id))
            conn.execute("INSERT OR REPLACE INTO id_aliases (old_id, new_id, mapped_at) VALUES (?, ?, ?)",
                         (old_id, q.id, now))
            existing[q.id] = existing.pop(old_id)
            report.renamed[old_id] = q.id
