"""The statistics of one student: `compute_stats` gathers every number the window and `quizapp stats` show.

Both front ends call this one function and render its result, so they cannot disagree. The two passes
over the review log (per-day sums, repeated wrong answers) run on their own read-only connections in
parallel with the card queries, so a large log costs one scan's time rather than the sum of them.
"""

from __future__ import annotations

import sqlite3
import time as timer
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from quizapp.bank.model import Question
from quizapp.srs.days import day_start, next_day_start, study_day
from quizapp.study import stats_cards as cards
from quizapp.study import stats_log as log
from quizapp.study.queues import answered_today
from quizapp.study.selection import Selection
from quizapp.study.service import StudyService
from quizapp.study.stats_days import DayGrid
from quizapp.study.stats_exams import exam_history, get_exam_date
from quizapp.study.stats_misconceptions import misconceptions, wrong_answer_groups
from quizapp.study.stats_model import Stats, StatsFilter, to_json
from quizapp.study.stats_plan import exam_plan

T = TypeVar("T")

__all__ = ["Stats", "StatsFilter", "compute_stats", "stats_json"]


def _reader(path: Path) -> sqlite3.Connection:
    """A read-only connection to the progress file (never `immutable`: the app may write meanwhile)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def _on_reader(path: Path, fn: Callable[[sqlite3.Connection], T]) -> Callable[[], tuple[T, float]]:
    def run() -> tuple[T, float]:
        t = timer.perf_counter()
        conn = _reader(path)
        try:
            return fn(conn), (timer.perf_counter() - t) * 1000
        finally:
            conn.close()
    return run


def _range_start(conn: sqlite3.Connection, flt: StatsFilter, scope: log.LogScope, now: datetime, hour: int
                 ) -> date:
    today = study_day(now, hour)
    if flt.days is not None:
        return today - timedelta(days=flt.days - 1)
    first = log.first_review(conn, scope)
    if first is None:
        return today
    return min(today, study_day(datetime.fromtimestamp(first, now.tzinfo), hour))


def compute_stats(service: StudyService, questions: Mapping[str, Question], flt: StatsFilter | None = None,
                  exam_date: date | None = None, parallel: bool = True) -> Stats:
    """Every statistic for `flt` at the service clock's now. Call on the thread that owns `service`.

    `questions` (the loaded banks) give prompts and the `why` of wrong choices; `exam_date` overrides
    the stored one. `parallel=False` reads everything through the service's own connection.
    """
    flt = flt or StatsFilter()
    started = timer.perf_counter()
    conn = service.store.conn
    now = service.clock.now()
    hour = service.settings.get("rollover_hour")
    now_ts, day_begin = int(now.timestamp()), int(day_start(now, hour).timestamp())
    day_end = int(next_day_start(now, hour).timestamp())
    selection = Selection.of(topics=flt.topics)
    where, params = selection.sql("c")
    scope = log.LogScope(where, params)
    first_day = _range_start(conn, flt, scope, now, hour)
    grid = DayGrid(min(first_day, study_day(now, hour) - timedelta(days=log.CALENDAR_DAYS - 1)),
                   study_day(now, hour), hour, now.tzinfo)
    since_index = (first_day - grid.days[0]).days
    since = grid.starts[since_index]

    def per_day(c: sqlite3.Connection) -> list[list[float]]:
        return log.daily_sums(c, grid, scope)

    def wrong(c: sqlite3.Connection) -> list[tuple[str, str, int]]:
        return wrong_answer_groups(c, since, scope)

    timings: dict[str, float] = {}
    pool = ThreadPoolExecutor(max_workers=2) if parallel else None
    try:
        if pool is not None:
            futures = [pool.submit(_on_reader(service.store.path, fn)) for fn in (per_day, wrong)]
        else:
            futures = None
        t = timer.perf_counter()
        srs = service.srs()
        card_part = {
            "still_due": cards.still_due(conn, selection, now_ts, day_end),
            "forecast": cards.forecast(conn, selection, _forecast_grid(now, hour), now_ts),
            "mastery": cards.mastery(conn, srs, selection, now, day_end),
            "difficulty": cards.difficulty_bins(conn, selection),
            "stability": cards.stability_bins(conn, selection),
            "leeches": cards.leeches(conn, questions, selection, since),
            "hardest": cards.hardest(conn, questions, selection, since),
            "exams": exam_history(conn, since, now.tzinfo),
            "topics": tuple(r[0] for r in conn.execute(
                "SELECT DISTINCT topic FROM cards WHERE active = 1 ORDER BY topic")),
        }
        when = exam_date or get_exam_date(conn)
        new_left = max(0, service.settings.get("new_per_day") - answered_today(conn, day_begin)[0])
        plan = exam_plan(conn, srs, selection, when, now, hour, new_left) if when else None
        timings["cards_ms"] = (timer.perf_counter() - t) * 1000
        if futures is not None:
            (sums, timings["log_ms"]), (groups, timings["wrong_ms"]) = (f.result() for f in futures)
        else:
            sums, groups = per_day(conn), wrong(conn)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    older = 0
    flags = [s[log.REVIEWS] > 0 for s in sums]
    if flags and all(flags[:-1]):
        older = log.run_before(conn, grid.days[0], hour, now, scope)
    t = timer.perf_counter()
    found = misconceptions(groups, questions)
    timings["misconceptions_ms"] = (timer.perf_counter() - t) * 1000
    stats = Stats(
        generated_at=now, filter=flt, topics=card_part["topics"],
        desired_retention=service.settings.get("desired_retention"), rollover_hour=hour,
        today=log.today_numbers(conn, day_begin, day_end, scope, card_part["still_due"]),
        streak=log.streak(flags, older), calendar=log.calendar(grid, sums), forecast=card_part["forecast"],
        retention=log.weekly_retention(grid, sums, since_index), mastery=card_part["mastery"],
        difficulty=card_part["difficulty"], stability=card_part["stability"], leeches=card_part["leeches"],
        hardest=card_part["hardest"], exams=card_part["exams"], misconceptions=found,
        exam_date=when, exam_plan=plan, timings_ms=timings)
    timings["total_ms"] = (timer.perf_counter() - started) * 1000
    return stats


def _forecast_grid(now: datetime, hour: int) -> DayGrid:
    today = study_day(now, hour)
    return DayGrid(today, today + timedelta(days=cards.FORECAST_DAYS - 1), hour, now.tzinfo)


def stats_json(stats: Stats) -> dict[str, Any]:
    """The JSON form both front ends agree on (what `quizapp stats --json` prints)."""
    return to_json(stats)
