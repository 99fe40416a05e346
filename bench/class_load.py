"""Class load benchmark: simulated students push to a local PostgreSQL server from parallel processes.

    python -m bench.class_load [--students 200] [--answers 500] [--sessions 5] [--workers 8]

Starts its own throwaway server (Debian's binaries, fsync on, as a real one), sets up a class, and gives
each student a real data folder. Each student studies `--sessions` sittings of answers/sessions answers
and pushes after each through quizapp's own push (its own login, row-level security on), `--workers`
processes at a time. Then every student pushes everything again with its marks forgotten (the server
must add nothing), the rows are checked (none doubled, none lost: each student's uids on the server are
exactly those on their computer), and the instructor's report is timed over all the answers.
Bounded: a fixed number of pushes; it stops the server and removes its folder at the end.
Not part of the test suite (tests/classroom/ checks correctness; this prints figures).
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "classroom"))  # the throwaway server the class tests use

QUESTIONS = 250
TOPICS = 10
START = 1_741_600_000  # answers are dated from here on (March 2025)


def write_bank(folder: Path) -> Path:
    """TOPICS bank files of single-choice questions, four options each (the first is the key)."""
    folder.mkdir(parents=True, exist_ok=True)
    for t in range(TOPICS):
        lines = [f"title: Load topic {t}", f"topic: topic-{t}", "questions:"]
        for i in range(t, QUESTIONS, TOPICS):
            lines += [f"  - id: load-{i:03d}", "    type: single_choice", f"    prompt: Question {i}?",
                      "    choices:", f"      - {{text: option 0 of {i}, correct: true}}",
                      *(f"      - {{text: option {k} of {i}}}" for k in range(1, 4)),
                      f"    explanation: Option 0 is the key of question {i}."]
        (folder / f"topic-{t}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _bank(folder: Path) -> dict:
    from quizapp.bank.loader import load_banks

    return dict(load_banks([folder]).questions)


def _student(job: tuple) -> dict:
    """One student: study, push after each session, push again with marks forgotten, compare uids."""
    from sqlalchemy import text

    from quizapp.bank.grading import grade
    from quizapp.store.classdb.server import make_engine, parse_url
    from quizapp.study import StudyService, cards
    from quizapp.study.classroom.push import push_answers

    folder, bank, url, login, password, n, sessions, seed = job
    rng = random.Random(seed)
    ability = rng.gauss(0, 1)
    questions = _bank(Path(bank))
    ids = list(questions)
    pushes = []
    per = n // sessions
    began = time.time()  # wall clock, comparable across the worker processes
    with StudyService.open(Path(folder), synchronous="NORMAL") as svc:
        svc.sync(questions)
        for s in range(sessions):
            with svc.store.transaction() as conn:
                for k in range(per):
                    i = s * per + k
                    q = questions[ids[i % len(ids)]]
                    difficulty = (int(q.id[-3:]) % 7 - 3) / 2
                    right = rng.random() < 1 / (1 + math.exp(-(ability - difficulty)))
                    response = 0 if right else rng.choice((1, 2, 3) if int(q.id[-3:]) % 5 else (1, 2))
                    result = grade(q, response)
                    cards.insert_log(conn, q.id, START + 60 * i, 3 if right else 1, result.score,
                                     json.dumps(response), rng.randint(3000, 40000), None, 0, "{}")
            t0 = time.perf_counter()
            result = push_answers(svc.store, url, login, password)
            pushes.append(time.perf_counter() - t0)
            if not result.ok or result.added != per:
                raise RuntimeError(f"{login}: {result.message}")
        ended = time.time()
        svc.store.conn.execute("DELETE FROM push_marks")
        again = push_answers(svc.store, url, login, password)
        local = {r[0] for r in svc.store.conn.execute("SELECT uid FROM review_log")}
    engine = make_engine(parse_url(url, login, password))
    try:
        with engine.connect() as conn:  # as the student: row-level security shows only their own rows
            remote = [r[0] for r in conn.execute(text("SELECT uid FROM quizclass.answers"))]
    finally:
        engine.dispose()
    return {"pushes": pushes, "began": began, "ended": ended, "again_sent": again.sent, "again_added": again.added,
            "local": len(local),
            "remote": len(remote), "missing": len(local - set(remote)), "extra": len(set(remote) - local),
            "doubled": len(remote) - len(set(remote))}


def main(argv: list[str] | None = None) -> int:
    from pg_server import LocalPostgres  # tests/classroom, put on sys.path above
    from sqlalchemy import create_engine, text

    from quizapp.store.classdb.classes import add_student, init_class
    from quizapp.store.classdb.server import make_engine, parse_url
    from quizapp.study.classroom.report import class_report

    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--students", type=int, default=200)
    p.add_argument("--answers", type=int, default=500, help="answers per student")
    p.add_argument("--sessions", type=int, default=5, help="pushes per student (one after each session)")
    p.add_argument("--workers", type=int, default=8, help="student processes at a time")
    p.add_argument("--reports", type=int, default=3, help="report runs timed")
    args = p.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="quizapp-class-load-"))
    pg = LocalPostgres(durable=True, max_connections=args.workers + 20).start()
    try:
        admin = create_engine(pg.url(driver="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("CREATE DATABASE loadclass"))
        admin.dispose()
        url = pg.url(database="loadclass")
        engine = make_engine(parse_url(url))
        init_class(engine, "loadclass")
        t0 = time.perf_counter()
        logins = [add_student(engine, "loadclass", f"Student {i:03d}") for i in range(args.students)]
        add_s = time.perf_counter() - t0
        bank = write_bank(work / "bank")
        jobs = [(str(work / s.login), str(bank), pg.url(user=s.login, password=None, database="loadclass"), None,
                 s.password, args.answers, args.sessions, i) for i, s in enumerate(logins)]
        t0 = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.workers) as pool:
            results = pool.map(_student, jobs, chunksize=1)
        wall = time.perf_counter() - t0
        with engine.connect() as conn:
            rows, distinct = conn.execute(text("SELECT count(*), count(DISTINCT uid) FROM quizclass.answers")).one()
        times = []
        for _ in range(args.reports):
            t1 = time.perf_counter()
            report = class_report(url, _bank(bank))
            times.append(time.perf_counter() - t1)
        engine.dispose()
    finally:
        pg.remove()
        shutil.rmtree(work, ignore_errors=True)

    pushes = [t for r in results for t in r["pushes"]]
    phase = max(r["ended"] for r in results) - min(r["began"] for r in results)
    expected = args.students * (args.answers // args.sessions) * args.sessions
    ok = (rows == distinct == expected and all(r["missing"] == r["extra"] == r["doubled"] == 0 for r in results)
          and all(r["again_added"] == 0 and r["again_sent"] == r["local"] for r in results))
    print(f"python -m bench.class_load --students {args.students} --answers {args.answers} --sessions "
          f"{args.sessions} --workers {args.workers}  (PostgreSQL {pg.bin.parent.name}, fsync on, "
          f"{multiprocessing.cpu_count()} CPU)")
    print(f"add-student: {args.students} logins in {add_s:.1f} s")
    print(f"pushes: {len(pushes)} in {phase:.1f} s from the first student's start to the last one's end "
          f"(local study included; {wall:.1f} s with process start-up): {len(pushes) / phase:.1f} pushes/s, "
          f"{expected / phase:,.0f} answers/s; push latency median "
          f"{1000 * statistics.median(pushes):.0f} ms, p95 {1000 * sorted(pushes)[int(0.95 * len(pushes))]:.0f} ms")
    print(f"re-push of everything with marks forgotten: {sum(r['again_sent'] for r in results):,} offered, "
          f"{sum(r['again_added'] for r in results)} added")
    print(f"rows on the server: {rows:,} ({distinct:,} distinct uids; expected {expected:,}); missing "
          f"{sum(r['missing'] for r in results)}, extra {sum(r['extra'] for r in results)}, doubled "
          f"{sum(r['doubled'] for r in results)} -> {'OK' if ok else 'FAILED'}")
    print(f"report over {report.answers:,} answers ({len(report.items)} items, {len(report.students)} students, "
          f"{len(report.flagged)} flagged): median {statistics.median(times):.2f} s of {args.reports} runs")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
