"""Device-sync benchmark: one computer's 100,000 answers reach another, then rounds of 100 new answers.

    python -m bench.sync_bench [--answers 100000] [--questions 10000] [--new 100] [--rounds 7] [--dir DIR]

Two data folders and one sync folder on the same disk. The laptop's history is written straight into its
store (answers spread over a year, ratings mixed); then, each timed on its own:

- laptop first sync: writes its whole history (segments of 50,000) and replays every card from scratch;
- desktop first sync: merges the 100,000 answers it has never seen and replays every card (the figure
  the issue asks for);
- rounds: the laptop answers `--new` questions through a real review session and syncs, then the desktop
  syncs them in (the incremental figure, target < 50 ms; the app runs it on its database worker, off the
  GUI thread); the median and the slowest round are printed;
- a sync with nothing new on either side (what the folder watcher costs when a sync tool touches a file).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from uuid import uuid4

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _questions(n: int) -> dict:
    from quizapp.bank.types.flashcard import Flashcard

    out = {}
    for i in range(n):
        q = Flashcard(id=f"q{i:06d}", prompt=f"Prompt {i}", back=f"Back {i}", topic=f"topic-{i % 12:02d}")
        q.content_hash = f"{i:016x}"
        out[q.id] = q
    return out


def _history(service, ids: list[str], n: int, seed: int = 3) -> None:
    """`n` answers over `ids`, one to a few a day for a year, as the review log holds them."""
    rng = random.Random(seed)
    base = int(START.timestamp())
    span = 365 * 86400
    rows = []
    for i in range(n):
        qid = ids[i % len(ids)]
        at = base + (i * span) // n + rng.randrange(60)
        rating = rng.choice((1, 3, 3, 3, 4, 2))
        rows.append((uuid4().hex, qid, at, rating, 1.0, '"an answer"', rng.randrange(2000, 20000)))
    with service.store.transaction() as conn:
        conn.executemany("INSERT INTO review_log (uid, question_id, reviewed_at, rating, score, response, duration_ms, "
                         "state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, 0, '{}')", rows)


def _timed(fn):
    t = time.perf_counter()
    value = fn()
    return value, (time.perf_counter() - t) * 1000


def _cpu(fn):
    """(value, wall ms, CPU ms of this process): the CPU figure holds on a machine other work shares."""
    c = time.process_time()
    value, ms = _timed(fn)
    return value, ms, (time.process_time() - c) * 1000


def run(root: Path, n_answers: int, n_questions: int, n_new: int, rounds: int) -> dict:
    from quizapp.study import FakeClock, Rating, StudyService
    from quizapp.study.devicesync import sync_folder

    questions = _questions(n_questions)
    folder = root / "Sync"
    folder.mkdir(parents=True)
    clock_a = FakeClock(START + timedelta(days=366))
    clock_b = FakeClock(START + timedelta(days=366, minutes=3))
    laptop = StudyService.open(root / "laptop", clock_a)
    desktop = StudyService.open(root / "desktop", clock_b)
    out: dict = {"answers": n_answers, "questions": n_questions, "new_per_round": n_new}
    try:
        for s in (laptop, desktop):
            s.sync(questions)
        _history(laptop, sorted(questions), n_answers)
        r, out["laptop_first_sync_ms"], out["laptop_first_sync_cpu_ms"] = _cpu(lambda: sync_folder(laptop, folder))
        out["segment_bytes"] = sum(p.stat().st_size for p in r.written)
        out["segments"] = len(r.written)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        r, out["desktop_first_sync_ms"], out["desktop_first_sync_cpu_ms"] = _cpu(lambda: sync_folder(desktop, folder))
        out["first_sync_peak_rss_mb"] = max(rss, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
        assert sum(r.merged.values()) == n_answers, r.lines()
        out["desktop_cards_rescheduled"] = r.recomputed
        writes, reads, write_cpu, read_cpu = [], [], [], []
        rng = random.Random(5)
        for _ in range(rounds):
            session = laptop.start_session(questions, seed=rng.randrange(1 << 30))
            ids = rng.sample(sorted(questions), n_new)
            for qid in ids:
                session.answer(qid, True, None, Rating(rng.choice((1, 3, 3, 4))), 5000)
                clock_a.advance(seconds=20)
            r, ms, cpu = _cpu(lambda: sync_folder(laptop, folder))
            assert r.wrote == n_new, r.lines()
            writes.append(ms)
            write_cpu.append(cpu)
            r, ms, cpu = _cpu(lambda: sync_folder(desktop, folder))
            assert sum(r.merged.values()) == n_new, r.lines()
            reads.append(ms)
            read_cpu.append(cpu)
            clock_a.advance(hours=6)
            clock_b.advance(hours=6)
        out["incremental_write_ms"] = {"median": statistics.median(writes), "max": max(writes),
                                       "cpu_median": statistics.median(write_cpu)}
        out["incremental_merge_ms"] = {"median": statistics.median(reads), "max": max(reads),
                                       "cpu_median": statistics.median(read_cpu)}
        idle = [_cpu(lambda: sync_folder(desktop, folder)) for _ in range(5)]
        out["nothing_new_ms"] = {"median": statistics.median(i[1] for i in idle), "max": max(i[1] for i in idle),
                                 "cpu_median": statistics.median(i[2] for i in idle)}
        out["load_average"] = os.getloadavg()[0]
        same = laptop.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == \
            desktop.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
        out["logs_agree"] = same
    finally:
        laptop.close()
        desktop.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--new", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="work folder (default: a temporary one, removed)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    root = args.dir or Path(tempfile.mkdtemp(prefix="sync-bench-"))
    try:
        result = run(root, args.answers, args.questions, args.new, args.rounds)
    finally:
        if args.dir is None:
            shutil.rmtree(root, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=1))
        return
    print(f"{result['answers']:,} answers over {result['questions']:,} questions; rounds of {result['new_per_round']}"
          f" (load average {result['load_average']:.1f}: wall times grow with it, CPU times do not)")
    print(f"  laptop first sync (write all, replay all)   {result['laptop_first_sync_ms']:8.0f} ms wall, "
          f"{result['laptop_first_sync_cpu_ms']:.0f} ms CPU ({result['segments']} segment(s), "
          f"{result['segment_bytes'] / 2**20:.1f} MB)")
    print(f"  desktop first sync (merge all, replay all)  {result['desktop_first_sync_ms']:8.0f} ms wall, "
          f"{result['desktop_first_sync_cpu_ms']:.0f} ms CPU (peak memory {result['first_sync_peak_rss_mb']:.0f} MB)")
    for name, label in (("incremental_write_ms", f"laptop sync of {args.new} new answers"),
                        ("incremental_merge_ms", f"desktop sync of {args.new} new answers"),
                        ("nothing_new_ms", "sync with nothing new")):
        r = result[name]
        print(f"  {label:<43} {r['median']:8.1f} ms wall median ({r['max']:.1f} slowest), "
              f"{r['cpu_median']:.1f} ms CPU")
    print(f"  logs agree: {result['logs_agree']}")


if __name__ == "__main__":
    main()
