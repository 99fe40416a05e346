"""Statistics from the review log: answers per study day, today, the streak, weekly true retention.

One grouped query reads the log once for all of them (see stats_days for the day buckets).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizapp.srs.scheduling import NEW, REVIEW
from quizapp.study.stats.days import DayGrid, bucket_sql
from quizapp.study.stats.model import DayCount, Streak, Today, WeekRetention

# An answer counts as correct when graded right; a self-graded one when not rated Again.
CORRECT = "CASE WHEN r.score IS NULL THEN r.rating > 1 ELSE r.score >= 0.999 END"
CALENDAR_DAYS = 365
# Per study day over the calendar and the range: only what the calendar and retention need, because
# every column read makes SQLite's GROUP BY sort carry more (today's details come from today_numbers).
REVIEWS, IN_REVIEW, REVIEW_PASSED = range(3)
_DAY_SUMS = f"COUNT(*), SUM(r.state_before = {REVIEW}), SUM(r.state_before = {REVIEW} AND r.rating > 1)"


@dataclass(frozen=True, slots=True)
class LogScope:
    """Which log rows: a topic restriction (SQL over cards `c`, with its parameters)."""

    card_where: str = "1"
    params: dict[str, object] | None = None

    def sql(self) -> str:
        if self.card_where == "1":
            return "1"
        return f"r.question_id IN (SELECT c.question_id FROM cards c WHERE {self.card_where})"


def scan_hint(conn: sqlite3.Connection, since: int) -> str:
    """Read the table straight through when the range covers most of the log; else use the time index.

    Rows are appended in time order, so a scan reads pages in order while the index would jump
    between them; for a short range the index wins by skipping most of the file.
    """
    first, last = conn.execute("SELECT MIN(reviewed_at), MAX(reviewed_at) FROM review_log").fetchone()
    if first is None or last <= first:
        return ""
    return "NOT INDEXED" if (last - since) / (last - first) > 0.5 else ""


def first_review(conn: sqlite3.Connection, scope: LogScope) -> int | None:
    row = conn.execute(f"SELECT MIN(r.reviewed_at) FROM review_log r WHERE {scope.sql()}",
                       scope.params or {}).fetchone()
    return row[0]


def daily_sums(conn: sqlite3.Connection, grid: DayGrid, scope: LogScope) -> list[list[float]]:
    """Per study day of `grid`: answers, answers to questions in review, and how many of those passed.

    With a topic filter SQLite reads the topic's questions through the per-question index instead.
    """
    hint = scan_hint(conn, grid.origin) if scope.card_where == "1" else ""
    sql = (f"SELECT {bucket_sql('r.reviewed_at')} AS b, {_DAY_SUMS} FROM review_log r {hint} "
           f"WHERE r.reviewed_at >= :origin AND r.reviewed_at < :end AND {scope.sql()} GROUP BY b")
    rows = conn.execute(sql, {"origin": grid.origin, "end": grid.end, **(scope.params or {})})
    return grid.fold(rows, REVIEW_PASSED + 1)


def today_numbers(conn: sqlite3.Connection, begin: int, end: int, scope: LogScope, still_due: int) -> Today:
    """This study day's answers (through the time index: a day is a small slice of the log)."""
    reviewed, correct, ms, new = conn.execute(
        f"SELECT COUNT(*), SUM({CORRECT}), SUM(r.duration_ms), SUM(r.state_before = {NEW}) FROM review_log r "
        f"WHERE r.reviewed_at >= :begin AND r.reviewed_at < :end AND {scope.sql()}",
        {"begin": begin, "end": end, **(scope.params or {})}).fetchone()
    correct = int(correct or 0)
    return Today(reviewed, correct, correct / reviewed if reviewed else None, (ms or 0) / 1000, int(new or 0),
                 still_due)


def calendar(grid: DayGrid, sums: list[list[float]]) -> tuple[DayCount, ...]:
    """The last CALENDAR_DAYS days of `grid` (which ends today)."""
    pairs = list(zip(grid.days, sums, strict=True))[-CALENDAR_DAYS:]
    return tuple(DayCount(d, int(s[REVIEWS])) for d, s in pairs)


def streak(studied: Sequence[bool], older_run: int = 0) -> Streak:
    """From per-day flags ending today; `older_run` adds days studied in a row before the first flag."""
    longest = run = 0
    for flag in studied:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    current = 0
    days = list(studied)
    if days and not days[-1]:
        days.pop()  # today is still open: yesterday's run still counts
    for flag in reversed(days):
        if not flag:
            break
        current += 1
    if current == len(days):
        current += older_run
        longest = max(longest, current)
    return Streak(current, longest, sum(1 for f in studied if f))


def run_before(conn: sqlite3.Connection, first_day: date, rollover_hour: int, now: datetime,
               scope: LogScope) -> int:
    """Consecutive studied days ending the day before `first_day` (for streaks longer than the calendar)."""
    run, end = 0, first_day
    while True:
        grid = DayGrid(end - timedelta(days=CALENDAR_DAYS), end - timedelta(days=1), rollover_hour, now.tzinfo)
        sql = (f"SELECT {bucket_sql('r.reviewed_at')} AS b, COUNT(*) FROM review_log r "
               f"WHERE r.reviewed_at >= :origin AND r.reviewed_at < :end AND {scope.sql()} GROUP BY b")
        counts = grid.fold(conn.execute(sql, {"origin": grid.origin, "end": grid.end, **(scope.params or {})}), 1)
        for (count,) in reversed(counts):
            if not count:
                return run
            run += 1
        end = grid.days[0]


def weekly_retention(grid: DayGrid, sums: list[list[float]], since: int) -> tuple[WeekRetention, ...]:
    """Weeks (Monday to Sunday, study days) from the one containing day `since` of the grid."""
    weeks: dict[date, list[int]] = {}
    for day, s in list(zip(grid.days, sums, strict=True))[since:]:
        acc = weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0])
        acc[0] += int(s[IN_REVIEW])
        acc[1] += int(s[REVIEW_PASSED])
    return tuple(WeekRetention(w, n, p, p / n if n else None) for w, (n, p) in sorted(weeks.items()))


def accuracy(conn: sqlite3.Connection, question_ids: Sequence[str], since: int) -> dict[str, tuple[int, int]]:
    """(answers, correct) since `since` for a few questions, through the per-question index."""
    if not question_ids:
        return {}
    marks = ", ".join("?" * len(question_ids))
    rows = conn.execute(f"SELECT r.question_id, COUNT(*), SUM({CORRECT}) FROM review_log r "
                        f"WHERE r.question_id IN ({marks}) AND r.reviewed_at >= ? GROUP BY r.question_id",
                        (*question_ids, since))
    return {qid: (n, int(c or 0)) for qid, n, c in rows}
