"""Opening the Statistics window: from the View menu's action to every chart drawn, in a fresh process each time.

    python -m bench.stats_open [--repeat 5] [--dir DIR] [--draw]

The data is scripts/stats_demo.py's student (four months of simulated study of the shipped banks, five
mock exams, an exam date), made once in DIR (default: a temporary folder). Each run is a new process on
the offscreen platform: the app starts, shows its home screen, then the clock starts, the Statistics
window is asked for (so the chart code is imported then, as on a user's first open), and it stops when
`computed` has fired ("computed") and then each tab has been shown and painted once ("all_tabs"). "import" is
the part spent importing quizapp.ui.stats.window and what it pulls in, "compute" the numbers on the database
worker (compute_stats' own total), and "redraw" the GUI thread alone building and painting every tab again
from the same numbers (the median of three, as after a theme change). On a busy machine these whole-window
figures scatter by ±30 %; `--draw` also times, in one process, building every tab from one computed result
and painting each chart into a pixmap (12 rounds, min and median), which is the charts' own cost.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _make_data(data: Path) -> None:
    sys.path.insert(0, str(ROOT / "scripts"))
    from datetime import datetime

    from stats_demo import simulate

    from quizapp import paths
    from quizapp.bank.loader import load_banks

    simulate(data, load_banks([paths.bundled_questions()]).questions, datetime.now().astimezone())


def _one(data: Path) -> dict[str, float]:
    """Runs in the child: start the app, open the window, time it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from quizapp import paths
    from quizapp.ui.app import start

    app = QApplication([sys.argv[0]])
    window = start(data, [paths.bundled_questions()])
    shown: list[bool] = []
    window.banks_shown.connect(lambda *_: shown.append(True))
    while not shown:
        app.processEvents()
    app.processEvents()
    t0 = time.perf_counter()
    from quizapp.ui.stats.window import show_stats

    t_import = time.perf_counter()
    done: list[bool] = []
    stats = show_stats(window)
    stats.computed.connect(lambda _s: done.append(True))
    while not done:
        app.processEvents()
    t_computed = time.perf_counter()
    for i in range(stats.tabs.count()):
        stats.tabs.setCurrentIndex(i)
        stats.tabs.currentWidget().repaint()
        app.processEvents()
    t_end = time.perf_counter()
    redraws = []
    for _ in range(3):  # the GUI thread's share alone: build and paint every tab from the same numbers
        t = time.perf_counter()
        stats.redraw()
        for i in range(stats.tabs.count()):
            stats.tabs.setCurrentIndex(i)
            stats.tabs.currentWidget().repaint()
        app.processEvents()
        redraws.append((time.perf_counter() - t) * 1000)
    return {"import_ms": (t_import - t0) * 1000, "computed_ms": (t_computed - t0) * 1000,
            "all_tabs_ms": (t_end - t0) * 1000, "redraw_ms": statistics.median(redraws),
            "compute_ms": stats.stats.timings_ms.get("total_ms", 0.0)}


def _draw(data: Path, rounds: int = 12) -> str:
    """Build every tab and paint each chart, `rounds` times in this process."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from quizapp import paths
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService
    from quizapp.study.stats import compute_stats
    from quizapp.ui import theme
    from quizapp.ui.stats.pages import Actions, build_pages

    app = QApplication.instance() or QApplication([sys.argv[0]])
    questions = load_banks([paths.bundled_questions()]).questions
    with StudyService.open(data) as service:
        stats = compute_stats(service, questions)
    builds, paints, count = [], [], 0
    for _ in range(rounds):
        t = time.perf_counter()
        pages = build_pages(stats, theme.LIGHT, Actions(lambda _i: None, lambda _t: None, lambda _d: None))
        t1 = time.perf_counter()
        for name, chart in pages.charts.items():
            chart.resize(540, 520 if name == "mastery" else 300)
            chart.grab()
        paints.append((time.perf_counter() - t1) * 1000)
        builds.append((t1 - t) * 1000)
        count = len(pages.charts)
    app.processEvents()
    return (f"build every tab: min {min(builds):.0f} ms, median {statistics.median(builds):.0f} ms | paint its "
            f"{count} charts: min {min(paints):.0f} ms, median {statistics.median(paints):.0f} ms ({rounds} rounds)")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--dir", type=Path, help="keep the demo data here (default: a temporary folder)")
    p.add_argument("--draw", action="store_true", help="also time building the tabs and painting the charts")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--child-draw", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    data = (args.dir or Path(tempfile.mkdtemp(prefix="quizapp-stats-open-"))) / "data"
    if args.child:
        print(json.dumps(_one(data)))
        return
    if args.child_draw:
        print(_draw(data))
        return
    if not (data / "progress.sqlite3").exists():
        t = time.perf_counter()
        _make_data(data)
        print(f"made the demo student in {time.perf_counter() - t:.0f} s in {data}")
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, "-m", "bench.stats_open", "--child", "--dir", str(data.parent)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    for key in ("import_ms", "compute_ms", "computed_ms", "all_tabs_ms", "redraw_ms"):
        values = [r[key] for r in runs]
        print(f"{key:<12} median {statistics.median(values):6.0f} ms  (min {min(values):.0f}, "
              f"max {max(values):.0f}, {len(values)} runs)")
    if args.draw:
        out = subprocess.run([sys.executable, "-m", "bench.stats_open", "--child-draw", "--dir", str(data.parent)],
                             cwd=ROOT, capture_output=True, text=True, check=True)
        print(out.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
