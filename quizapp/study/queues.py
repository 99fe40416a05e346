"""Building a session's queues from the store: learning due first, then reviews, new up to the limit.

New cards come topic by topic in turn by default ("interleaved"), so one bank's near-duplicates do not
follow each other. Siblings (questions on one fact, quizapp/bank/siblings.py) are kept apart: at most
one of a group enters a session's queues, and answering it buries the others for the day (session.py).
"""

from __future__ import annotations

import heapq
import sqlite3
from collections import deque
from collections.abc import Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from random import Random

from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.study.selection import Selection

CHUNK = 64  # new cards read from one topic at a time when interleaving


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


@dataclass(frozen=True, slots=True)
class Siblings:
    """Sibling groups of the loaded questions: question id -> group key, group key -> every id in it."""

    key_of: Mapping[str, str] = field(default_factory=dict)
    members: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, questions: Iterable[object]) -> Siblings:
        """From questions or heads (anything with `id` and `siblings`), reading no question text."""
        key_of: dict[str, str] = {}
        members: dict[str, list[str]] = {}
        for q in questions:
            key = getattr(q, "siblings", "")
            if key:
                key_of[q.id] = key  # type: ignore[attr-defined]
                members.setdefault(key, []).append(q.id)  # type: ignore[attr-defined]
        return cls(key_of, {k: tuple(v) for k, v in members.items() if len(v) > 1})

    def others(self, question_id: str) -> tuple[str, ...]:
        key = self.key_of.get(question_id)
        return tuple(q for q in self.members.get(key, ()) if q != question_id) if key else ()


class _Apart:
    """Lets through one question per sibling group (and every question that has none)."""

    def __init__(self, siblings: Siblings | None) -> None:
        self.key_of = siblings.key_of if siblings is not None else {}
        self.taken: set[str] = set()

    def admit(self, question_id: str) -> bool:
        key = self.key_of.get(question_id)
        if key is None:
            return True
        if key in self.taken:
            return False
        self.taken.add(key)
        return True


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
                 day_end: int, new_limit: int, review_limit: int, new_order: str, rng: Random,
                 siblings: Siblings | None = None) -> Queues:
    """Queues for one session. `wanted` holds the ids loaded from the banks (others are skipped); of each
    group of `siblings`, only the first met (learning, then reviews, then new cards) is queued."""
    where, params = selection.sql("c")
    available = f"c.active = 1 AND c.suspended = 0 AND c.buried_until <= :now AND {where}"
    base = {"now": now, "day_end": day_end, **params}
    queues = Queues()
    apart = _Apart(siblings)

    learning = _ids(conn, f"SELECT c.due, c.question_id FROM cards c WHERE c.state IN ({LEARNING}, {RELEARNING}) "
                          f"AND c.due < :day_end AND {available}", base, wanted)
    queues.learning = [(due, qid) for due, qid in learning]
    for _, qid in sorted(queues.learning):
        apart.admit(qid)  # cards in their steps always come back; their siblings wait
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
        queues.reviews = deque(_first((qid for _, _, qid in keyed), apart, review_limit))

    if new_limit > 0:
        queues.new = deque(_first(_new_cards(conn, available, base, wanted, new_order, rng), apart, new_limit))
    return queues


def _new_cards(conn: sqlite3.Connection, available: str, base: dict[str, object], wanted: Container[str],
               new_order: str, rng: Random) -> Iterator[str]:
    """Every available new card in the order `new_order` gives them (read lazily, as far as needed)."""
    new = f"c.state = {NEW} AND {available}"
    if new_order == "random":
        every = [qid for (qid,) in _ids(conn, f"SELECT c.question_id FROM cards c WHERE {new} "
                                             "ORDER BY c.question_id", base, wanted)]
        yield from rng.sample(every, len(every))
        return
    if new_order == "bank":
        sql = f"SELECT c.question_id FROM cards c WHERE {new} ORDER BY c.position"
        yield from (qid for (qid,) in _ids(conn, sql, base, wanted))
        return
    # Interleaved: the first card of each topic, then the second of each, and so on, each round in bank
    # order. Each topic is read a chunk at a time (through the counts index), as far as the limit needs:
    # one window query over every new card took 0.2 s with 100,000 of them.
    topics = [topic for (topic,) in conn.execute("SELECT DISTINCT topic FROM cards WHERE active = 1")]
    sql = (f"SELECT c.position, c.question_id FROM cards c WHERE c.topic = :in_topic AND {new} "
           f"AND c.position > :after ORDER BY c.position LIMIT {CHUNK}")

    def of(topic: str) -> Iterator[tuple[int, str]]:
        after = -1
        while True:
            rows = conn.execute(sql, {**base, "in_topic": topic, "after": after}).fetchall()
            yield from ((position, qid) for position, qid in rows if qid in wanted)
            if len(rows) < CHUNK:
                return
            after = rows[-1][0]

    turn = [(first, stream) for stream in map(of, topics) if (first := next(stream, None)) is not None]
    while turn:
        turn.sort(key=lambda entry: entry[0][0])
        following = []
        for (_, qid), stream in turn:
            yield qid
            if (after := next(stream, None)) is not None:
                following.append((after, stream))
        turn = following


def _first(ids: Iterable[str], apart: _Apart, limit: int) -> list[str]:
    picked: list[str] = []
    for qid in ids:
        if len(picked) >= limit:
            break
        if apart.admit(qid):
            picked.append(qid)
    return picked
