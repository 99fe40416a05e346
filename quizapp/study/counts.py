"""What the home screen shows per topic: due, new, learning, suspended, mastery, next due time."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime

from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW, Srs
from quizapp.study.selection import Selection


@dataclass(frozen=True, slots=True)
class TopicCounts:
    """Counts over the active (currently loaded) questions of one topic.

    due: reviews due before the study day ends; learning: cards in (re)learning steps;
    mastery: mean FSRS retrievability over all cards, unseen ones counting 0; recall: the same over
    studied cards only; next_due: the earliest time a studied card comes due (None if none).
    Daily limits are not applied here (a session applies them).
    """

    topic: str
    total: int
    due: int
    new: int
    learning: int
    suspended: int
    buried: int
    flagged: int
    leeches: int
    studied: int
    mastery: float
    recall: float | None
    next_due: datetime | None


def topic_counts(conn: sqlite3.Connection, srs: Srs, selection: Selection, now: datetime, day_end: int
                 ) -> dict[str, TopicCounts]:
    """One grouped query over the cards table (retrievability computed by SQLite's pow())."""
    ts = int(now.timestamp())
    where, params = selection.sql("c")
    ok = "c.suspended = 0 AND c.buried_until <= :now"
    r = "pow(1.0 + :factor * max(0, (:now - c.last_review) / 86400) / c.stability, :decay)"
    sql = f"""
        SELECT c.topic, COUNT(*),
               SUM(c.state = {REVIEW} AND c.due < :day_end AND {ok}),
               SUM(c.state = {NEW} AND {ok}),
               SUM(c.state IN ({LEARNING}, {RELEARNING}) AND {ok}),
               SUM(c.suspended), SUM(c.suspended = 0 AND c.buried_until > :now),
               SUM(c.flagged), SUM(c.leech), SUM(c.last_review IS NOT NULL),
               SUM(CASE WHEN c.last_review IS NOT NULL AND c.stability > 0 THEN {r} ELSE 0 END),
               MIN(CASE WHEN c.state != {NEW} AND c.suspended = 0 THEN c.due END)
        FROM cards c WHERE c.active = 1 AND {where} GROUP BY c.topic ORDER BY c.topic"""
    named = {"now": ts, "day_end": day_end, "factor": srs.factor, "decay": srs.decay, **params}
    result = {}
    for row in conn.execute(sql, named):
        topic, total, due, new, learning, suspended, buried, flagged, leeches, studied, r_sum, next_due = row
        result[topic] = TopicCounts(
            topic, total, due, new, learning, suspended, buried, flagged, leeches, studied,
            mastery=r_sum / total if total else 0.0, recall=r_sum / studied if studied else None,
            next_due=datetime.fromtimestamp(next_due, UTC).astimezone(now.tzinfo) if next_due else None)
    return result


def total(counts: dict[str, TopicCounts]) -> TopicCounts:
    """All topics added up (mastery weighted by card count)."""
    vals = list(counts.values())
    n = sum(c.total for c in vals)
    studied = sum(c.studied for c in vals)
    r_sum = sum(c.mastery * c.total for c in vals)
    dues = [c.next_due for c in vals if c.next_due]
    return TopicCounts("", n, *(sum(getattr(c, f) for c in vals) for f in (
        "due", "new", "learning", "suspended", "buried", "flagged", "leeches")), studied,
        mastery=r_sum / n if n else 0.0, recall=r_sum / studied if studied else None,
        next_due=min(dues) if dues else None)
