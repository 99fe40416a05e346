"""Statistics from card states: what is due, the 30-day forecast, mastery per topic, FSRS distributions,
leeches and the hardest questions.

Each is one grouped query over the cards table (a row per question, so at most ~100k rows).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from datetime import datetime

from quizapp.bank.model import Question
from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW, Srs
from quizapp.study.counts import topic_counts
from quizapp.study.selection import Selection
from quizapp.study.stats.days import DayGrid, bucket_sql
from quizapp.study.stats.log import accuracy
from quizapp.study.stats.model import Bin, DayCount, QuestionStat, TopicMastery

FORECAST_DAYS = 30
WEAK_TOPICS = 3  # as many as the home screen's weak-topics drill takes
LIST_LIMIT = 20
_AVAILABLE = "c.active = 1 AND c.suspended = 0 AND c.buried_until <= :now"
_Bins = tuple[tuple[float, float | None, str], ...]  # (from, below, label); the last bin is open-ended
DIFFICULTY_BINS: _Bins = (*((float(k), float(k + 1), f"{k}–{k + 1}") for k in range(1, 9)), (9.0, None, "9–10"))
STABILITY_BINS: _Bins = (  # in days; labels short enough for a bar each (d days, w weeks, m months, y years)
    (0, 1, "0–1d"), (1, 3, "1–3d"), (3, 7, "3–7d"), (7, 14, "1–2w"), (14, 30, "2–4w"), (30, 90, "1–3m"),
    (90, 180, "3–6m"), (180, 365, "6–12m"), (365, None, "1y+"))


def still_due(conn: sqlite3.Connection, selection: Selection, now: int, day_end: int) -> int:
    where, params = selection.sql("c")
    row = conn.execute(
        f"SELECT COUNT(*) FROM cards c WHERE {_AVAILABLE} AND {where} AND c.due < :day_end "
        f"AND c.state IN ({LEARNING}, {REVIEW}, {RELEARNING})", {"now": now, "day_end": day_end, **params}).fetchone()
    return int(row[0])


def forecast(conn: sqlite3.Connection, selection: Selection, grid: DayGrid, now: int) -> tuple[DayCount, ...]:
    """Questions coming due per study day of `grid` (starting today); overdue ones count today."""
    where, params = selection.sql("c")
    rows = conn.execute(
        f"SELECT {bucket_sql('c.due')} AS b, COUNT(*) FROM cards c WHERE {_AVAILABLE} AND {where} "
        f"AND c.state != {NEW} AND c.due < :end GROUP BY b",
        {"origin": grid.origin, "end": grid.end, "now": now, **params})
    return tuple(DayCount(d, int(s[0])) for d, s in zip(grid.days, grid.fold(rows, 1), strict=True))


def mastery(conn: sqlite3.Connection, srs: Srs, selection: Selection, now: datetime, day_end: int
            ) -> tuple[TopicMastery, ...]:
    """Per topic, as the home screen counts it; the weakest studied topics (lowest recall) marked."""
    counts = topic_counts(conn, srs, selection, now, day_end)
    studied = sorted((c for c in counts.values() if c.recall is not None), key=lambda c: (c.recall, c.topic))
    weak = {c.topic for c in studied[:WEAK_TOPICS]}
    return tuple(TopicMastery(c.topic, c.total, c.studied, c.mastery, c.recall, c.topic in weak)
                 for c in counts.values())


def _bins(conn: sqlite3.Connection, column: str, bins: _Bins, selection: Selection) -> tuple[Bin, ...]:
    where, params = selection.sql("c")
    cases = " ".join(f"WHEN {column} < {hi} THEN {k}" for k, (_, hi, _) in enumerate(bins) if hi is not None)
    last = len(bins) - 1
    rows = dict(conn.execute(
        f"SELECT CASE {cases} ELSE {last} END AS k, COUNT(*) FROM cards c "
        f"WHERE c.active = 1 AND c.state != {NEW} AND {column} IS NOT NULL AND {where} GROUP BY k", params))
    return tuple(Bin(text, lo, hi, int(rows.get(k, 0))) for k, (lo, hi, text) in enumerate(bins))


def difficulty_bins(conn: sqlite3.Connection, selection: Selection) -> tuple[Bin, ...]:
    """FSRS difficulty (1 easy … 10 hard) of studied questions."""
    return _bins(conn, "c.fsrs_difficulty", DIFFICULTY_BINS, selection)


def stability_bins(conn: sqlite3.Connection, selection: Selection) -> tuple[Bin, ...]:
    """FSRS stability in days: how long until recall falls to 90 %."""
    return _bins(conn, "c.stability", STABILITY_BINS, selection)


def _question_stats(conn: sqlite3.Connection, rows: list[tuple], questions: Mapping[str, Question], since: int
                    ) -> tuple[QuestionStat, ...]:
    answered = accuracy(conn, [r[0] for r in rows], since)
    out = []
    for qid, topic, lapses, difficulty, stability in rows:
        n, correct = answered.get(qid, (0, 0))
        q = questions.get(qid)
        out.append(QuestionStat(qid, topic, q.prompt if q else "", n, correct, correct / n if n else None,
                                int(lapses), difficulty, stability))
    return tuple(out)


def leeches(conn: sqlite3.Connection, questions: Mapping[str, Question], selection: Selection, since: int
            ) -> tuple[QuestionStat, ...]:
    """Questions forgotten so often they are marked leeches, most lapses first."""
    where, params = selection.sql("c")
    rows = conn.execute(
        f"SELECT c.question_id, c.topic, c.lapses, c.fsrs_difficulty, c.stability FROM cards c "
        f"WHERE c.active = 1 AND c.leech = 1 AND {where} ORDER BY c.lapses DESC, c.question_id LIMIT {LIST_LIMIT}",
        params).fetchall()
    return _question_stats(conn, rows, questions, since)


def hardest(conn: sqlite3.Connection, questions: Mapping[str, Question], selection: Selection, since: int
            ) -> tuple[QuestionStat, ...]:
    """Studied questions with the highest FSRS difficulty (its estimate from every answer so far)."""
    where, params = selection.sql("c")
    rows = conn.execute(
        f"SELECT c.question_id, c.topic, c.lapses, c.fsrs_difficulty, c.stability FROM cards c "
        f"WHERE c.active = 1 AND c.state != {NEW} AND c.fsrs_difficulty IS NOT NULL AND {where} "
        f"ORDER BY c.fsrs_difficulty DESC, c.lapses DESC, c.question_id LIMIT {LIST_LIMIT}", params).fetchall()
    return _question_stats(conn, rows, questions, since)
