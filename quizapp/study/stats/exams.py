"""Mock-exam history per blueprint, and the date of the student's real exam.

The exam date is the student's plan rather than a preference, so it is not in the settings dialog; it is
kept in the settings table under EXAM_DATE_KEY (an ISO date in JSON), which travels with progress export.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime, tzinfo

from quizapp.store.store import Store
from quizapp.study.stats.model import ExamHistory, ExamSitting

EXAM_DATE_KEY = "exam_date"
UNTITLED = "Exam"


def get_exam_date(conn: sqlite3.Connection) -> date | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (EXAM_DATE_KEY,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None  # unreadable: as if none was set, rather than failing the whole window


def set_exam_date(store: Store, when: date | None) -> None:
    """Store (or with None, forget) the exam date; committed on return."""
    with store.transaction() as conn:
        if when is None:
            conn.execute("DELETE FROM settings WHERE key = ?", (EXAM_DATE_KEY,))
        else:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                         (EXAM_DATE_KEY, json.dumps(when.isoformat())))


def _title(*blobs: str | None) -> str:
    """The blueprint's title from an attempt's JSON, where quizapp.study.exam_store records it
    (meta.result.title, or the saved run's blueprint), else a plain top-level title."""
    paths = (("result", "title"), ("run", "blueprint", "title"), ("blueprint", "title"), ("blueprint",), ("title",))
    for blob in blobs:
        try:
            data = json.loads(blob or "{}")
        except ValueError:
            continue
        for path in paths:
            value = data
            for key in path:
                value = value.get(key) if isinstance(value, dict) else None
            if isinstance(value, str) and value.strip():
                return value.strip()
    return UNTITLED


def exam_history(conn: sqlite3.Connection, since: int, tz: tzinfo | None) -> tuple[ExamHistory, ...]:
    """Finished sittings since `since`, grouped by blueprint title, oldest sitting first."""
    rows = conn.execute(
        "SELECT finished_at, score, max_score, passed, meta, selection FROM exam_attempts "
        "WHERE finished_at IS NOT NULL AND finished_at >= ? AND max_score > 0 ORDER BY finished_at, id", (since,))
    groups: dict[str, list[ExamSitting]] = {}
    for finished, score, max_score, passed, meta, selection in rows:
        percent = 100 * max(0.0, score or 0.0) / max_score
        when = datetime.fromtimestamp(finished, UTC).astimezone(tz)
        groups.setdefault(_title(meta, selection), []).append(
            ExamSitting(when, percent, None if passed is None else bool(passed)))
    return tuple(ExamHistory(title, tuple(s), max(x.percent for x in s), s[-1].percent)
                 for title, s in sorted(groups.items()))
