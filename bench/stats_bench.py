"""Statistics benchmark: the Statistics window's numbers on 100,000 questions and 1,000,000 review-log rows.

    python -m bench.stats_bench [--questions 100000] [--reviews 1000000] [--dir DIR] [--repeat 5]

The collection is bench/store_bench.py's (built once; kept with --dir). Each measurement runs in a fresh
process, so the first figure is a cold start of the window (nothing of the database in SQLite's cache
yet, though the OS may hold the file) and the median is a refresh. The questions are given as multiple
choice so the logged responses ("[k]") are read as wrong picks and the misconception pass does its full
work. An exam date is set, so the exam-day forecast is computed too. `--window` also times drawing
every tab of the window (offscreen Qt) from the computed numbers.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from bench.common import child
from bench.store_bench import NOW, TOPICS, build

FILTERS = {"1 year (default)": {"days": 365}, "all history": {"days": None}, "1 month": {"days": 30},
           "one topic, 1 year": {"days": 365, "topics": ("topic-03",)}}


def _questions(n: int) -> dict:
    from quizapp.bank.types.choice import Choice, ChoiceQuestion

    out = {}
    for i in range(n):
        wrong = tuple(Choice(f"wrong {k}", False, f"why {k}") for k in (1, 2, 3))
        q = ChoiceQuestion(id=f"q{i:06d}", prompt=f"Prompt {i}", topic=f"topic-{i % TOPICS:02d}", multiple=True,
                           choices=(Choice("right", True), *wrong))
        q.content_hash = f"{i:016x}"
        out[q.id] = q
    return out


def measure(data: Path, n_questions: int, repeat: int, parallel: bool) -> dict:
    from quizapp.study import FakeClock, StudyService
    from quizapp.study.stats import StatsFilter, compute_stats
    from quizapp.study.stats.exams import set_exam_date

    questions = _questions(n_questions)
    result: dict = {}
    with StudyService.open(data, FakeClock(NOW)) as service:
        set_exam_date(service.store, (NOW + timedelta(days=30)).date())
        for name, args in FILTERS.items():
            runs, parts = [], {}
            for _ in range(repeat):
                t = time.perf_counter()
                stats = compute_stats(service, questions, StatsFilter(**args), parallel=parallel)
                runs.append((time.perf_counter() - t) * 1000)
                parts = stats.timings_ms
            result[name] = {"first_ms": runs[0], "median_ms": statistics.median(runs[1:] or runs),
                            "parts": {k: round(v) for k, v in parts.items()},
                            "misconceptions": len(stats.misconceptions),
                            "answers": sum(d.count for d in stats.calendar)}
    return result


def draw(data: Path, n_questions: int) -> dict:
    """Compute once, then time building and showing every tab offscreen (what the GUI thread does)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTabWidget

    from quizapp.study import FakeClock, StudyService
    from quizapp.study.stats import compute_stats
    from quizapp.ui import theme
    from quizapp.ui.stats.pages import Actions, build_pages

    app = QApplication([])
    with StudyService.open(data, FakeClock(NOW)) as service:
        stats = compute_stats(service, _questions(n_questions))
    t = time.perf_counter()
    pages = build_pages(stats, theme.current(), Actions(lambda ids: None, lambda ts: None, lambda d: None))
    tabs = QTabWidget()
    for title, page in pages.tabs:
        tabs.addTab(page, title)
    tabs.resize(1120, 760)
    tabs.show()
    for i in range(tabs.count()):
        tabs.setCurrentIndex(i)
        app.processEvents()
    return {"draw_ms": (time.perf_counter() - t) * 1000}


def time_ordered_copy(data: Path) -> Path:
    """The same collection with the log stored in time order, as an app that appends answers writes it
    (store_bench inserts each question's history together, which puts one day's rows all over the file)."""
    import shutil
    import sqlite3

    target = data.parent / "time-ordered"
    if (target / "progress.sqlite3").exists():
        return target
    shutil.copytree(data, target)
    conn = sqlite3.connect(target / "progress.sqlite3", isolation_level=None)
    cols = "question_id, reviewed_at, rating, score, response, duration_ms, confident, state_before, card_before"
    conn.execute("BEGIN")
    conn.execute(f"CREATE TEMP TABLE sorted AS SELECT {cols} FROM review_log ORDER BY reviewed_at, id")
    conn.execute("DELETE FROM review_log")
    conn.execute(f"INSERT INTO review_log ({cols}) SELECT {cols} FROM sorted")
    conn.execute("COMMIT")
    conn.execute("VACUUM")
    conn.close()
    return target


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=100_000)
    p.add_argument("--reviews", type=int, default=1_000_000)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--dir", type=Path, help="keep the collection here (default: a temporary folder)")
    p.add_argument("--window", action="store_true", help="also time drawing the window's tabs")
    p.add_argument("--time-ordered", action="store_true",
                   help="also measure a copy whose log is stored in time order (as the app writes it)")
    p.add_argument("--phase", choices=["measure", "sequential", "draw"], help=argparse.SUPPRESS)
    p.add_argument("--data-name", help=argparse.SUPPRESS)
    args = p.parse_args()
    data = (args.dir or Path(tempfile.mkdtemp(prefix="quizapp-stats-bench-"))) / "data"
    if args.data_name:
        data = data.parent / args.data_name
    if args.phase in ("measure", "sequential"):
        print(json.dumps(measure(data, args.questions, args.repeat, args.phase == "measure")))
        return
    if args.phase == "draw":
        print(json.dumps(draw(data, args.questions)))
        return
    if not (data / "progress.sqlite3").exists():
        t = time.perf_counter()
        built = build(data, args.questions, args.reviews)
        print(f"built {built['review_rows']:,} review rows over {args.questions:,} questions in "
              f"{time.perf_counter() - t:.0f} s ({built['db_mib']:.0f} MiB) in {data}")
    common = ["--dir", str(data.parent), "--questions", str(args.questions), "--repeat", str(args.repeat)]
    layouts = [("as store_bench builds it", data.name)]
    if args.time_ordered:
        layouts.append(("log in time order", time_ordered_copy(data).name))
    for layout, name in layouts:
        for phase, label in (("measure", "parallel log passes, as the window"), ("sequential", "one connection")):
            print(f"compute_stats, {layout}, {label}:")
            for filt, r in child("stats_bench", "--phase", phase, "--data-name", name, *common).items():
                print(f"  {filt:<18} first {r['first_ms']:5.0f} ms, median {r['median_ms']:5.0f} ms of {args.repeat} | "
                      f"{r['answers']:,} answers in the calendar, {r['misconceptions']} misconceptions | {r['parts']}")
    if args.window:
        r = child("stats_bench", "--phase", "draw", *common)
        print(f"drawing every tab (offscreen, GUI thread): {r['draw_ms']:.0f} ms")


if __name__ == "__main__":
    main()
