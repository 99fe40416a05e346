"""Building a session's queues from the store: learning due first, then reviews, new up to the limit."""

from __future__ import annotations

import heapq
import sqlite3
from collections import deque
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from random import Random

from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.study.selection import Selection


@dataclass
class Queues:
    """Question ids waiting in a session. `learning` is a heap of (due, id): shown once due."""

    learning: list[tuple[int, str]] = field(default_factory=list)
    reviews: deque[str] = field(default_factory=deque)
    new: deque[str] = field(default_factory=deque)

    def discard(self, question_id: str) -> None:
        """Forget an id wherever it waits (answered out of order, buried, suspended)."""
        if question_id in self.reviews:
            self.reviews.remove(question_id)
        if question_id in self.new:
            self.new.remove(question_id)
        kept = [item for item in self.learning if item[1] != question_id]
        if len(kept) != len(self.learning):
            self.learning = kept
            heapq.heapify(self.learning)


def answered_today(conn: sqlite3.Connection, day_start: int) -> tuple[int, int]:
    """(new cards introduced, reviews done) since the study day began: the daily limits count these."""
    row = conn.execute(
        "SELECT COALESCE(SUM(state_before = ?), 0), COALESCE(SUM(state_before = ?), 0) FROM review_log "
        "WHERE reviewed_at >= ?", (NEW, REVIEW, day_start)).fetchone()
    return int(row[0]), int(row[1])


def _ids(conn: sqlite3.Connection, sql: str, params: dict[str, object], wanted: Container[str]
         ) -> Iterator[tuple]:
    for row in conn.execute(sql, params):
        if row[-1] in wanted:
            yield row


def build_queues(conn: sqlite3.Connection, selection: Selection, wanted: Container[str], *, now: int,
                 day_end: int, new_limit: int, review_limit: int, new_order: str, rng: Random) -> Queues:
    """Queues for one session. `wanted` holds the ids loaded from the banks (others are skipped)."""
    where, params = selection.sql("c")
    available = f"c.active = 1 AND c.suspended = 0 AND c.buried_until <= :now AND {where}"
    base = {"now": now, "day_end": day_end, **params}
    queues = Queues()

    learning = _ids(conn, f"SELECT c.due, c.question_id FROM cards c WHERE c.state IN ({LEARNING}, {RELEARNING}) "
                          f"AND c.due < :day_end AND {available}", base, wanted)
    queues.learning = [(due, qid) for due, qid in learning]
    heapq.heapify(queues.learning)

    if review_limit > 0:
        due_rows = _ids(conn, f"SELECT c.due, c.question_id FROM cards c WHERE c.state = {REVIEW} "
                              f"AND c.due < :day_end AND {available} ORDER BY c.due", base, wanted)
        # Most overdue days first; within a day, a shuffled order so neighbours in the bank spread out.
        # Rows come by due date, so reading stops after the day that fills the limit (not every due card).
        keyed: list[tuple[int, float, str]] = []
        for due, qid in due_rows:
            day = due // 86400
            if len(keyed) >= review_limit and day != keyed[-1][0]:
                break
            keyed.append((day, rng.random(), qid))
        keyed.sort()
        queues.reviews = deque(qid for _, _, qid in keyed[:review_limit])

    if new_limit > 0:
        order = "c.position" if new_order == "bank" else "c.question_id"
        rows = _ids(conn, f"SELECT c.question_id FROM cards c WHERE c.state = {NEW} AND {available} "
                          f"ORDER BY {order}", base, wanted)
        if new_order == "bank":
            picked = [qid for (qid,), _ in zip(rows, range(new_limit), strict=False)]
        else:
            every = [qid for (qid,) in rows]
            picked = rng.sample(every, min(new_limit, len(every)))
        queues.new = deque(picked)
    return queues
