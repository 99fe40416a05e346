"""Side-by-side benchmark of quizapp and Anki's own library (the `anki` package), in one run.

    python -m bench --sizes 10000,100000 [--repeat 3] [--reviews 1000000] [--iterations 2000]

For each size: synthetic banks of every question type (bench/synthetic.py), the same notes in an Anki
collection, and the same 1,000,000-row review history in both (bench/store_bench.py's). Every scenario
runs in a fresh process per app and repeat (bench/quizapp_side.py, bench/anki_side.py); the table shows
min / median of the repeats, the ratio of the medians, and each process's peak RSS. The desktop app's
start (bench/gui_start.py) is quizapp's alone: Anki's desktop is not part of the `anki` package.
Results: bench/results/latest.json and latest.md (and a dated JSON kept beside them, not committed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench import harness, report
from bench.common import Layout

RESULTS = Path(__file__).resolve().parent / "results"
GUI_FIGURES = ("home_painted_s", "first_paint_s")
GUI_LABELS = {
    "gui-start": "desktop app started on an existing data folder, under Xvfb (xcb): spawn to the first paint of "
                 "the home screen filled with the banks and counts (Anki's desktop: not part of the anki package)",
    "gui-first-run": "desktop app, first run on a new data folder (creates the database, parses the banks), "
                     "spawn to the painted, filled home screen under Xvfb",
}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip()]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", type=_sizes, default=[10_000, 100_000], help="question counts, comma-separated")
    p.add_argument("--repeat", type=int, default=3, help="fresh-process runs per scenario and app")
    p.add_argument("--reviews", type=int, default=1_000_000, help="review-log rows in both collections")
    p.add_argument("--iterations", type=int, default=2000, help="answers timed per answer scenario")
    p.add_argument("--gui-repeat", type=int, default=5, help="desktop starts per GUI scenario")
    p.add_argument("--only", help="comma-separated scenario keys (default: all, and the GUI)")
    p.add_argument("--work", type=Path, help="keep the prepared collections here and reuse them (default: temporary)")
    p.add_argument("--out", type=Path, default=RESULTS, help="where latest.json / latest.md go")
    args = p.parse_args(argv)
    only = set(args.only.split(",")) if args.only else None
    work = args.work or Path(tempfile.mkdtemp(prefix="quizapp-vs-anki-"))
    started = datetime.now()
    machine = harness.machine()  # before the run: its load average is the machine's, not the benchmark's
    rows: list[dict] = []
    anki_runs: dict[tuple[int, str], harness.Runs] = {}
    try:
        if only is None or "gui" in only:
            rows += _gui_shipped(work, args.gui_repeat)
        for size in args.sizes:
            layout = Layout(work / f"n{size}")
            harness.prepare(layout, size, args.reviews, int(time.time()), _log)
            for s in harness.SCENARIOS:
                if only is not None and s.key not in only:
                    continue
                _log(f"{size:,}: {s.key}")
                runs = harness.run_scenario(s, layout, size, args.repeat, args.iterations)
                anki_runs[size, s.key] = anki_runs.get((size, s.anki_from or ""), runs["anki"])
                rows += report.rows_for(size, s.key, s.label, s.metrics, runs["quizapp"], anki_runs[size, s.key])
            if only is None or "gui" in only:
                _log(f"{size:,}: gui-start")
                runs = harness.gui_runs(layout.banks, layout.root / "gui", max(1, args.gui_repeat // 2), False)
                rows += report.rows_for(size, "gui-start", GUI_LABELS["gui-start"], GUI_FIGURES, runs, None)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    judged = report.targets(rows)
    finished = datetime.now()
    result = {"command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
              "started": started.isoformat(timespec="seconds"), "finished": finished.isoformat(timespec="seconds"),
              # other work on a shared machine shows here (1, 5 and 15 minute load averages)
              "load_average_at_end": [round(x, 2) for x in os.getloadavg()], "machine": machine,
              "settings": {"sizes": args.sizes, "repeat": args.repeat, "reviews": args.reviews,
                           "iterations": args.iterations, "gui_repeat": args.gui_repeat},
              "scenarios": {**{s.key: s.label for s in harness.SCENARIOS}, **GUI_LABELS},
              "rows": rows, "targets": judged}
    print(report.table(rows))
    print()
    for t in judged:
        print(f"{'met   ' if t['met'] else 'MISSED'} {t['target']}: {t['measured']}")
    saved = report.save(args.out, result, started.strftime("%Y%m%d-%H%M%S"))
    print(f"\nsaved {saved} and {saved.with_suffix('.md').name}")
    return 0


def _gui_shipped(work: Path, repeat: int) -> list[dict]:
    """The desktop app with its shipped banks: a usual start, and a first run on a new data folder."""
    banks = harness.ROOT / "questions"
    data = work / "gui-shipped"
    rows = []
    for key, first in (("gui-first-run", True), ("gui-start", False)):
        _log(f"shipped banks: {key}")
        runs = harness.gui_runs(banks, data, repeat, first)
        rows += report.rows_for("shipped", key, GUI_LABELS[key], GUI_FIGURES, runs, None)
    return rows

if __name__ == "__main__":
    sys.exit(main())
