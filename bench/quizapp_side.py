"""quizapp's side of the Anki comparison: builds its collections, and runs one scenario per process.

    python -m bench.quizapp_side SCENARIO --root DIR [--data DIR] [--iterations N]

Prints one JSON line (figures in seconds or milliseconds, and the process's peak memory). Started by
`python -m bench`; bench/anki_side.py does the same work through Anki's library.
"""

from __future__ import annotations

import gc
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import Layout, answer_figures, child_args, emit, peak_mib, ratings

SCENARIOS = ("build", "import", "load-cold", "load-warm", "open", "first-card", "answers", "home",
             "first-start-of-day", "stats")

if TYPE_CHECKING:
    from quizapp.bank.model import Question
    from quizapp.study import ReviewSession, StudyItem, StudyService


@contextmanager
def collector_paused() -> Iterator[None]:
    """As the app loads banks (quizapp/ui/banks.py): no cyclic GC meanwhile, loaded objects frozen after."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _questions(layout: Layout) -> Mapping[str, Question]:
    """The banks from their warm cache, as the app holds them once started (untimed set-up): lazily,
    text read from the cache when a question is used (quizapp/ui/banks.py)."""
    from quizapp.bank.loader import load_banks

    with collector_paused():
        return load_banks([layout.banks], layout.cache, lazy=True).questions


def response_for(questions: Mapping[str, Question]) -> Callable[[str, int], object]:
    """A response of the right shape for each question's type (quizapp/bank/grading.py), varied by k."""
    def response(qid: str, k: int) -> object:
        q = questions[qid]
        kind = q.qtype
        if kind in ("single_choice", "multiple_choice"):
            return [k] if kind == "multiple_choice" else k
        if kind == "cloze":
            return [f"guess {k}"] * len(q.gaps)  # type: ignore[attr-defined]
        if kind in ("short_answer", "numeric"):
            return str(k)
        if kind == "matching":
            rights = [r for _, r in q.pairs]  # type: ignore[attr-defined]
            return {left: rights[(i + k) % len(rights)] for i, (left, _) in enumerate(q.pairs)}  # type: ignore
        if kind == "ordering":
            return list(q.items[k:] + q.items[:k])  # type: ignore[attr-defined]
        return bool(k % 2)  # flashcard, true/false

    return response


def build(layout: Layout, reviews: int, now: int) -> dict:
    """The warm bank cache and the three progress folders (history, every review due, only new)."""
    from bench.store_bench import build as build_history
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService

    with collector_paused():
        questions = load_banks([layout.banks], layout.cache).questions  # parses and writes the cache
    history = layout.quizapp("history")
    built = build_history(history, len(questions), reviews, questions, datetime.fromtimestamp(now, UTC),
                          response_for(questions))
    with StudyService.open(history) as service:  # today's backup exists: a measured open is a later start
        service.sync(_questions(layout))  # as the app's first start, which stamps the cards with the load
    due = layout.quizapp("due")
    shutil.copytree(history, due)
    with StudyService.open(due) as service:
        service.settings.set("new_per_day", 0)
        service.settings.set("reviews_per_day", 99_999)
        with service.store.transaction() as conn:  # every studied card due now (the same shift as Anki's)
            conn.execute("UPDATE cards SET due = due - 90 * 86400 WHERE state = 2")
            conn.execute("UPDATE cards SET due = due - 3600 WHERE state IN (1, 3)")
        service.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    with StudyService.open(layout.quizapp("new")) as service:
        service.sync(questions)
        service.settings.set("new_per_day", 9_999)
        service.settings.set("reviews_per_day", 99_999)
    return {"questions": len(questions), **built}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def _import() -> dict:
    """Importing what a session needs: the bank loader and the study layer (store, FSRS)."""
    def both() -> None:
        import quizapp.bank.loader
        import quizapp.study  # noqa: F401

    _, seconds = _timed(both)
    return {"seconds": seconds}


@contextmanager
def helper_peaks(found: list[float]) -> Iterator[None]:
    """Samples the peak memory of the parse helpers started meanwhile (quizapp/bank/parallel.py) while
    they run: once one exits its peak can no longer be read (getrusage would add this process's size)."""
    from quizapp.bank import parallel

    pids: list[int] = []
    peaks: dict[int, float] = {}
    original = parallel.Helper.__init__

    def recording(helper: parallel.Helper, jobs: Any) -> None:
        original(helper, jobs)
        if helper.process is not None:
            pids.append(helper.process.pid)

    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.01):
            for pid in list(pids):
                peaks[pid] = max(peaks.get(pid, 0.0), peak_mib(pid))

    parallel.Helper.__init__ = recording  # type: ignore[method-assign]
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        stop.set()
        sampler.join()
        parallel.Helper.__init__ = original  # type: ignore[method-assign]
        found.append(sum(peaks.values()))


def load_cold(layout: Layout, scratch: Path) -> dict:
    """First start: banks parsed from text (no cache) and synced into a new progress folder."""
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService

    helpers: list[float] = []
    t = time.perf_counter()
    with helper_peaks(helpers), collector_paused():
        result = load_banks([layout.banks], None)
    service = StudyService.open(scratch)
    report = service.sync(result.questions)
    seconds = time.perf_counter() - t
    service.close()
    return {"seconds": seconds, "questions": len(result.questions), "added": len(report.added),
            "helpers_peak_mib": helpers[0]}


def _open_as_app(data: Path) -> StudyService:
    """The progress store opened as the desktop app opens it (quizapp/ui/bridge.py): a first start of the
    day's integrity check and backup are left for after the first paint (finish_opening)."""
    from quizapp.study import StudyService

    return StudyService.open(data, defer_checks=True)


def _load_as_app(layout: Layout, service: StudyService) -> Mapping[str, Question]:
    """The banks from the cache, lazily, and the bank sync, as the app does before its first question
    (quizapp/ui/banks.py, Bridge.load_banks)."""
    from quizapp.bank.loader import load_banks

    with collector_paused():
        questions = load_banks([layout.banks], layout.cache, lazy=True).questions
        report = service.sync(questions)
    assert not report.touched, "the store should already match the banks"
    return questions


def load_warm(layout: Layout) -> dict:
    """Later start: open the store, banks from the cache, synced against a store that holds them."""
    t = time.perf_counter()
    service = _open_as_app(layout.quizapp("history"))
    questions = _load_as_app(layout, service)
    seconds = time.perf_counter() - t
    service.close()
    return {"seconds": seconds, "questions": len(questions)}


def store_open(layout: Layout) -> dict:
    from quizapp.study import StudyService

    service, seconds = _timed(lambda: StudyService.open(layout.quizapp("history")))
    service.close()
    return {"seconds": seconds}


def _fetch(session: ReviewSession) -> StudyItem | None:
    """What the app asks for after each answer (quizapp/ui/bridge.py): the item, its button intervals, the
    remaining counts; Anki's get_queued_cards returns the same three."""
    item = session.next()
    if item is not None:
        session.intervals(item.question_id)
    _ = session.remaining
    return item


def first_card(layout: Layout) -> dict:
    """As the app starts: open the store, load the banks (lazily, from the cache) and sync them, build
    today's session, then its first question with its button intervals."""
    t = time.perf_counter()
    service = _open_as_app(layout.quizapp("history"))
    questions = _load_as_app(layout, service)
    item = _fetch(service.start_session(questions))
    seconds = time.perf_counter() - t
    service.close()
    assert item is not None
    return {"seconds": seconds}


def answers(layout: Layout, data: Path, iterations: int) -> dict:
    """`iterations` times: record an answer, then fetch the next question (timed together)."""
    from quizapp.study import Rating, StudyService

    questions = _questions(layout)
    service = StudyService.open(data)
    session = service.start_session(questions, seed=1)
    item = _fetch(session)
    per_ms = []
    response = response_for(questions)
    for rating in ratings(iterations):
        if item is None:
            break
        given = response(item.question_id, rating)  # what the student entered: the widget's, not timed
        t = time.perf_counter()
        session.answer(item.question_id, given, None, Rating(rating), 5000, True)
        item = _fetch(session)
        per_ms.append((time.perf_counter() - t) * 1000)
        service.idle(after_answer=True)  # as the app does on its database worker while the feedback is read
        session.prepare_next()
    service.close()
    return answer_figures(per_ms)


def home(layout: Layout) -> dict:
    """Everything the home screen computes (StudyService.home: counts per topic and per tag, the weak
    topics, today's work), first call after opening."""
    with _open_as_app(layout.quizapp("history")) as service:
        found, seconds = _timed(service.home)
    return {"seconds": seconds, "topics": len(found.topics)}


def first_start_of_day(data: Path) -> dict:
    """The first start of a day: the store opened as the app opens it, on a copy whose daily backup is not
    made yet (integrity check and backup due). seconds: until the home screen can be filled;
    total_s: until the check and the backup are done as well."""
    from quizapp.store import backups

    shutil.rmtree(backups.backup_dir(data), ignore_errors=True)
    t = time.perf_counter()
    service = _open_as_app(data)
    service.home()  # the home screen can be filled: reads need no check
    seconds = time.perf_counter() - t
    service.finish_opening()  # as the app does after the first paint, off the GUI thread
    total = time.perf_counter() - t
    made = backups.list_backups(data)
    service.close()
    assert made, "no daily backup was made"
    return {"seconds": seconds, "total_s": total}


def stats(layout: Layout) -> dict:
    """Every number of the Statistics window (last year), first call after opening."""
    from quizapp.study import StudyService
    from quizapp.study.stats import compute_stats

    questions = _questions(layout)
    with StudyService.open(layout.quizapp("history")) as service:
        _, seconds = _timed(lambda: compute_stats(service, questions))
    return {"seconds": seconds}


def main() -> None:
    args = child_args(__doc__.splitlines()[0], SCENARIOS,
                      "answers, first-start-of-day: the copied progress folder; load-cold: a new folder")
    layout = Layout(args.root)
    if args.scenario == "import":
        emit(_import())
        return
    import quizapp.bank.loader
    import quizapp.study  # noqa: F401  (imported before any timing; the import is its own scenario)

    scenarios: dict[str, Callable[[], dict]] = {
        "build": lambda: build(layout, args.reviews, args.now), "load-cold": lambda: load_cold(layout, args.data),
        "load-warm": lambda: load_warm(layout), "open": lambda: store_open(layout),
        "first-card": lambda: first_card(layout), "answers": lambda: answers(layout, args.data, args.iterations),
        "home": lambda: home(layout), "first-start-of-day": lambda: first_start_of_day(args.data),
        "stats": lambda: stats(layout)}
    emit(scenarios[args.scenario]())


if __name__ == "__main__":
    sys.exit(main())
