"""Progress-store benchmark: a synthetic 100,000-question collection with 1,000,000 review-log rows.

    python -m bench.store_bench --questions 100000 --reviews 1000000

Builds the collection once, then measures each part in a fresh process (so peak memory is that of
a real start, not of the build): opening the store (steady state, and first start of a day, which
runs the full integrity check and the daily backup), counts per topic, building a session, and
next()+answer() per question, under synchronous=FULL and NORMAL. It also times the answer's write
through the ORM, to show why the hot path uses plain SQL.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import child

NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
TOPICS = 12


def _questions(n: int) -> dict:
    from quizapp.bank.types.flashcard import Flashcard

    out = {}
    for i in range(n):
        q = Flashcard(id=f"q{i:06d}", prompt=f"Prompt {i}", back=f"Back {i}", topic=f"topic-{i % TOPICS:02d}",
                      tags=(f"tag{i % 30}",), difficulty=1 + i % 5)
        q.content_hash = f"{i:016x}"
        out[q.id] = q
    return out


def history(ids: list[str], n_reviews: int, now: int, seed: int = 7,
            response: Callable[[str, int], object] | None = None) -> tuple[list[tuple], list[tuple]]:
    """Card states and review rows for `ids`: 35 % stay new, of the studied 1 in 13 is learning, the rest
    review (due from 60 days ago to 90 ahead). Rows in the store's column order (see build); another app's
    benchmark converts the same rows so both hold the same history. `response(id, k)` shapes the logged
    answer for the question's type (default: `[k]`, choice k of 4)."""
    rng = random.Random(seed)
    studied = ids[: int(len(ids) * 0.65)]
    cards, logs = [], []
    per_card = max(1, n_reviews // len(studied))
    for k, qid in enumerate(studied):
        learning = k % 13 == 0
        reps = per_card + (1 if k < n_reviews - per_card * len(studied) else 0)
        last = now - rng.randrange(1, 200) * 86400
        due = now + rng.randrange(-60, 90) * 86400 if not learning else now + rng.randrange(-3600, 3600)
        cards.append((1 if learning else 2, 0 if learning else None, rng.uniform(1, 300), rng.uniform(1, 10),
                      due, last, reps, rng.randrange(3), qid))
        for r in range(reps):
            rating, score, k = rng.randint(1, 4), rng.random(), rng.randrange(4)  # the order the rng is drawn in
            logs.append((qid, last - (reps - r) * 86400 * 3, rating, score, json.dumps(response(qid, k) if response
                         else [k]), rng.randrange(1000, 30000), r % 2, 2,
                         '{"state": 2, "step": null, "stability": 10.0, "difficulty": 5.0, "due": 0, '
                         '"last_review": 0, "reps": 1, "lapses": 0, "suspended": false, "leech": false}'))
    return cards, logs


def build(data: Path, n_questions: int, n_reviews: int, questions: dict | None = None, now: datetime = NOW,
          response: Callable[[str, int], object] | None = None) -> dict:
    """The collection (see history) over `questions` (default: n_questions synthetic flashcards)."""
    from quizapp.study import FakeClock, StudyService

    questions = questions if questions is not None else _questions(n_questions)
    t0 = time.perf_counter()
    svc = StudyService.open(data, FakeClock(now - timedelta(days=1)))
    svc.sync(questions)
    sync_s = time.perf_counter() - t0
    cards, logs = history(list(questions), n_reviews, int(now.timestamp()), response=response)
    with svc.store.transaction() as conn:
        conn.executemany("UPDATE cards SET state=?, step=?, stability=?, fsrs_difficulty=?, due=?, last_review=?, "
                         "reps=?, lapses=? WHERE question_id=?", cards)
        conn.executemany("INSERT INTO review_log (question_id, reviewed_at, rating, score, response, duration_ms, "
                         "confident, state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", logs)
    svc.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    svc.close()
    size = (data / "progress.sqlite3").stat().st_size
    return {"sync_100k_s": sync_s, "review_rows": len(logs), "db_mib": size / 2**20}


def _peak_mib() -> float:
    from bench.common import peak_mib  # VmHWM: ru_maxrss would include the parent's size

    return peak_mib()


def measure(data: Path, n_questions: int, synchronous: str, iterations: int, first_of_day: bool) -> dict:
    """One fresh process: open, counts, session, next+answer timings (or only the open)."""
    from quizapp.study import FakeClock, Rating, StudyService

    questions = _questions(n_questions)
    base_mib = _peak_mib()
    clock = FakeClock(NOW)
    t0 = time.perf_counter()
    svc = StudyService.open(data, clock, synchronous=synchronous)  # type: ignore[arg-type]
    open_s = time.perf_counter() - t0
    result: dict = {"open_s": open_s, "synchronous": synchronous, "first_of_day": first_of_day}
    if first_of_day:
        svc.close()
        return result
    t = time.perf_counter()
    report = svc.sync(questions)
    result["resync_s"] = time.perf_counter() - t
    assert not report.touched, report
    counts_ms = []
    for _ in range(5):
        t = time.perf_counter()
        counts = svc.counts()
        counts_ms.append((time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    session = svc.start_session(questions, seed=1)
    session_s = time.perf_counter() - t
    rng = random.Random(3)
    per = []
    for _ in range(iterations):
        t = time.perf_counter()
        item = session.next()
        if item is None:
            break
        session.answer(item.question_id, [rng.randrange(4)], None, Rating(rng.randint(1, 4)), 5000, True)
        per.append((time.perf_counter() - t) * 1000)
        clock.advance(seconds=7)
    per.sort()
    svc.close()
    result.update(
        counts_ms=statistics.median(counts_ms), topics=len(counts), session_s=session_s,
        session_size=session.remaining.total + len(per), answers=len(per),
        next_answer_p50_ms=per[len(per) // 2], next_answer_p99_ms=per[int(len(per) * 0.99)],
        peak_mib=_peak_mib(), questions_mib=base_mib)
    return result


def orm_vs_sql(data: Path, iterations: int) -> dict:
    """The answer's two writes (update card, insert log, commit) through the ORM vs plain SQL."""
    from sqlalchemy import update

    from quizapp.store import open_store
    from quizapp.store.models import Card, ReviewLog

    store = open_store(data, NOW)
    ids = [r[0] for r in store.conn.execute("SELECT question_id FROM cards LIMIT ?", (iterations,))]
    orm, raw = [], []
    for qid in ids:
        t = time.perf_counter()
        with store.session() as s, s.begin():
            s.execute(update(Card).where(Card.question_id == qid).values(reps=Card.reps + 1, due=1))
            s.add(ReviewLog(question_id=qid, reviewed_at=1, rating=3, score=1.0, response="1", duration_ms=1,
                            confident=True, state_before=2, card_before="{}"))
        orm.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        with store.transaction() as c:
            c.execute("UPDATE cards SET reps = reps + 1, due = 1 WHERE question_id = ?", (qid,))
            c.execute("INSERT INTO review_log (question_id, reviewed_at, rating, score, response, duration_ms, "
                      "confident, state_before, card_before) VALUES (?, 1, 3, 1.0, '1', 1, 1, 2, '{}')", (qid,))
        raw.append((time.perf_counter() - t) * 1000)
    store.close()
    return {"orm_write_p50_ms": statistics.median(orm), "sql_write_p50_ms": statistics.median(raw)}


def _settle(folder: Path) -> None:
    """fsync a fresh copy: otherwise the first checkpoint's fsync pays for writing the whole copy."""
    for path in folder.rglob("*"):
        if path.is_file():
            fd = os.open(path, os.O_RDONLY)
            os.fsync(fd)
            os.close(fd)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--questions", type=int, default=100_000)
    p.add_argument("--reviews", type=int, default=1_000_000)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--dir", type=Path, help="keep the collection here (default: a temporary folder)")
    p.add_argument("--phase", choices=["build", "measure", "first-of-day", "orm"], help=argparse.SUPPRESS)
    p.add_argument("--synchronous", default="FULL", choices=["FULL", "NORMAL"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.phase == "build":
        print(json.dumps(build(args.dir, args.questions, args.reviews)))
        return
    if args.phase in ("measure", "first-of-day"):
        print(json.dumps(measure(args.dir, args.questions, args.synchronous, args.iterations,
                                 args.phase == "first-of-day")))
        return
    if args.phase == "orm":
        print(json.dumps(orm_vs_sql(args.dir, args.iterations)))
        return

    folder = args.dir or Path(tempfile.mkdtemp(prefix="quizapp-store-bench-"))
    data = folder / "data"
    common = ["--dir", str(data), "--questions", str(args.questions), "--iterations", str(args.iterations)]
    t = time.perf_counter()
    built = {} if data.exists() else child("store_bench", "--phase", "build", *common, "--reviews", str(args.reviews))
    print(f"collection: {args.questions:,} questions, {args.reviews:,} review rows in {folder} "
          f"(built in {time.perf_counter() - t:.0f} s) {built}")
    # Each measuring run answers from a copy, so FULL and NORMAL see the same collection.
    for sync in ("FULL", "NORMAL"):
        run = folder / f"run-{sync}"
        shutil.rmtree(run, ignore_errors=True)
        shutil.copytree(data, run)
        _settle(run)
        first = child("store_bench", "--phase", "first-of-day", *common[2:], "--dir", str(run), "--synchronous", sync)
        r = child("store_bench", "--phase", "measure", *common[2:], "--dir", str(run), "--synchronous", sync)
        print(f"synchronous={sync}: open {r['open_s'] * 1000:.0f} ms (first start of the day, with "
              f"integrity_check and daily backup: {first['open_s'] * 1000:.0f} ms) | "
              f"sync unchanged banks {r['resync_s'] * 1000:.0f} ms | counts ({r['topics']} topics) "
              f"{r['counts_ms']:.1f} ms | build session ({r['session_size']} cards) {r['session_s'] * 1000:.0f} ms | "
              f"next+answer p50 {r['next_answer_p50_ms']:.3f} ms, p99 {r['next_answer_p99_ms']:.3f} ms "
              f"({r['answers']} answers) | peak {r['peak_mib']:.0f} MiB ({r['questions_mib']:.0f} MiB after "
              "imports and the 100k question objects)")
        shutil.rmtree(run)
    run = folder / "run-orm"
    shutil.copytree(data, run)
    _settle(run)
    r = child("store_bench", "--phase", "orm", "--dir", str(run), "--iterations", "1000")
    print(f"answer write (update card + insert log + commit, FULL): ORM p50 {r['orm_write_p50_ms']:.3f} ms, "
          f"plain SQL p50 {r['sql_write_p50_ms']:.3f} ms")
    shutil.rmtree(run)
    if args.dir is None:  # a collection the caller did not ask to keep (hundreds of MB at full size)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
