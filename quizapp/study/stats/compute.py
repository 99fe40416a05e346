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
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from quizapp.bank.model import Question
from quizapp.srs.days import day_start, next_day_start, study_day
from quizapp.study.queues import answered_today
from quizapp.study.selection import Selection
from quizapp.study.service import StudyService
from quizapp.study.stats import cards as cards
from quizapp.study.stats import log as log
from quizapp.study.stats.days import DayGrid
from quizapp.study.stats.exams import exam_history, get_exam_date
from quizapp.study.stats.misconceptions import misconceptions, wrong_answer_groups
from quizapp.study.stats.model import Stats, StatsFilter, to_json
from quizapp.study.stats.plan import exam_plan

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


@dataclass(frozen=True, slots=True)
class _Scope:
    """One computation's fixed points: the clock's now, today's bounds, the filter as SQL, the day grid."""

    now: datetime
    hour: int
    day_begin: int
    day_end: int
    selection: Selection
    rows: log.LogScope  # which review-log rows the topic filter keeps
    grid: DayGrid  # the calendar's year, or longer when the time range reaches further back
    since_index: int  # first day of the time range within `grid`

    @property
    def since(self) -> int:
        return self.grid.starts[self.since_index]


def _scope(service: StudyService, flt: StatsFilter) -> _Scope:
    now = service.clock.now()
    hour = service.settings.get("rollover_hour")
    today = study_day(now, hour)
    selection = Selection.of(topics=flt.topics)
    scope = log.LogScope(*selection.sql("c"))
    if flt.days is not None:
        first = today - timedelta(days=flt.days - 1)
    else:
        oldest = log.first_review(service.store.conn, scope)
        first = today if oldest is None else min(today, study_day(datetime.fromtimestamp(oldest, now.tzinfo), hour))
    grid = DayGrid(min(first, today - timedelta(days=log.CALENDAR_DAYS - 1)), today, hour, now.tzinfo)
    return _Scope(now, hour, int(day_start(now, hour).timestamp()), int(next_day_start(now, hour).timestamp()),
                  selection, scope, grid, (first - grid.days[0]).days)


def _log_passes(service: StudyService, sc: _Scope, parallel: bool, timings: dict[str, float],
                meanwhile: Callable[[], T]) -> tuple[list[list[float]], list[tuple[str, str, int]], T]:
    """The two passes over the review log, on their own connections while `meanwhile` runs here."""
    passes = (lambda c: log.daily_sums(c, sc.grid, sc.rows), lambda c: wrong_answer_groups(c, sc.since, sc.rows))
    if not parallel:
        other = meanwhile()
        return passes[0](service.store.conn), passes[1](service.store.conn), other
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [pool.submit(_on_reader(service.store.path, fn)) for fn in passes]
        other = meanwhile()
        (sums, timings["log_ms"]), (groups, timings["wrong_ms"]) = (f.result() for f in futures)
    return sums, groups, other


def compute_stats(service: StudyService, questions: Mapping[str, Question], flt: StatsFilter | None = None,
                  exam_date: date | None = None, parallel: bool = True) -> Stats:
    """Every statistic for `flt` at the service clock's now. Call on the thread that owns `service`.

    `questions` (the loaded banks) give prompts and the `why` of wrong choices; `exam_date` overrides
    the stored one. `parallel=False` reads everything through the service's own connection.
    """
    flt = flt or StatsFilter()
    started = timer.perf_counter()
    conn = service.store.conn
    sc = _scope(service, flt)
    timings: dict[str, float] = {}
    sums, groups, part = _log_passes(service, sc, parallel, timings,
                                     lambda: _card_part(service, questions, sc, exam_date, timings))
    flags = [s[log.REVIEWS] > 0 for s in sums]
    older = log.run_before(conn, sc.grid.days[0], sc.hour, sc.now, sc.rows) if flags and all(flags[:-1]) else 0
    t = timer.perf_counter()
    found = misconceptions(groups, questions)
    timings["misconceptions_ms"] = (timer.perf_counter() - t) * 1000
    stats = Stats(
        generated_at=sc.now, filter=flt, desired_retention=service.settings.get("desired_retention"),
        rollover_hour=sc.hour, today=log.today_numbers(conn, sc.day_begin, sc.day_end, sc.rows, part.pop("still_due")),
        streak=log.streak(flags, older), calendar=log.calendar(sc.grid, sums),
        retention=log.weekly_retention(sc.grid, sums, sc.since_index), misconceptions=found, timings_ms=timings,
        **part)
    timings["total_ms"] = (timer.perf_counter() - started) * 1000
    return stats


def _card_part(service: StudyService, questions: Mapping[str, Question], sc: _Scope, exam_date: date | None,
               timings: dict[str, float]) -> dict[str, Any]:
    """Everything read from card states (and the exam tables), keyed as the Stats fields they fill."""
    t = timer.perf_counter()
    conn, sel, now = service.store.conn, sc.selection, sc.now
    srs = service.srs()
    when = exam_date or get_exam_date(conn)
    new_left = max(0, service.settings.get("new_per_day") - answered_today(conn, sc.day_begin)[0])
    part = {
        "still_due": cards.still_due(conn, sel, int(now.timestamp()), sc.day_end),
        "forecast": cards.forecast(conn, sel, _forecast_grid(now, sc.hour), int(now.timestamp())),
        "mastery": cards.mastery(conn, srs, sel, now, sc.day_end),
        "difficulty": cards.difficulty_bins(conn, sel),
        "stability": cards.stability_bins(conn, sel),
        "leeches": cards.leeches(conn, questions, sel, sc.since),
        "hardest": cards.hardest(conn, questions, sel, sc.since),
        "exams": exam_history(conn, sc.since, now.tzinfo),
        "topics": tuple(r[0] for r in conn.execute("SELECT DISTINCT topic FROM cards WHERE active = 1 ORDER BY topic")),
        "exam_date": when,
        "exam_plan": exam_plan(conn, srs, sel, when, now, sc.hour, new_left) if when else None,
    }
    timings["cards_ms"] = (timer.perf_counter() - t) * 1000
    return part


def _forecast_grid(now: datetime, hour: int) -> DayGrid:
    today = study_day(now, hour)
    return DayGrid(today, today + timedelta(days=cards.FORECAST_DAYS - 1), hour, now.tzinfo)


def stats_json(stats: Stats) -> dict[str, Any]:
    """The JSON form both front ends agree on (what `quizapp stats --json` prints)."""
    return to_json(stats)
