"""Exam attempts on disk: the sitting saved after every change, finished results, history, drilling mistakes.

One row of `exam_attempts` per sitting. While it runs, `meta["run"]` holds `ExamRun.to_state()` and
`meta["saved_at"]` when that was written; a row without `finished_at` is an exam that can be resumed.
Time the app was closed does not count: a resumed exam has the time it had left at its last save (the
UI saves after every change and every few seconds while the exam is on screen), as when an exam
centre restores a candidate's time after a computer fails.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Rating

from quizapp.bank.grading import grade
from quizapp.bank.model import Question
from quizapp.study.clock import Clock
from quizapp.study.devicesync import record
from quizapp.study.exam import ExamRun, ExamScore
from quizapp.study.service import StudyService

if TYPE_CHECKING:  # the ORM (SQLAlchemy, ≈0.2 s to import) loads on first use, not when the app starts
    from quizapp.store.models import ExamAttempt


@dataclass(frozen=True, slots=True)
class AttemptItem:
    """One question of a finished sitting, as it was marked then."""

    question_id: str
    topic: str
    difficulty: int | None
    response: Any
    marks: float
    score: float  # the grade 0..1
    answered: bool
    flagged: bool
    seconds: float

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - 1e-9


@dataclass(frozen=True, slots=True)
class Attempt:
    """A finished sitting: what the results screen, the history and the report show."""

    id: int
    title: str
    started_at: datetime
    finished_at: datetime
    time_limit_s: int | None
    seconds_used: float
    timed_out: bool
    marks: float
    max_marks: float
    passed: bool
    pass_mark: float  # share of the maximum, 0..1
    negative_marking: bool
    by_topic: dict[str, tuple[float, int]]
    by_difficulty: dict[int | None, tuple[float, int]]
    items: tuple[AttemptItem, ...] = ()
    drilled: dict[str, int] = field(default_factory=dict)  # question id -> review log id

    @property
    def percent(self) -> float:
        return 100 * max(0.0, self.marks) / self.max_marks if self.max_marks else 0.0

    def mistakes(self) -> list[AttemptItem]:
        return [i for i in self.items if not i.correct]


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A sitting that was left or interrupted and can be resumed."""

    id: int
    title: str
    started_at: datetime
    answered: int
    total: int
    seconds_left: float | None


@dataclass(frozen=True, slots=True)
class DrillOutcome:
    """What "drill my mistakes" did: answers recorded for spaced review, and what it left out."""

    scheduled: int
    already: int  # scheduled by an earlier press
    skipped: int  # suspended, or no longer in the banks
    first_due: datetime | None


def _local(service: StudyService, ts: int) -> datetime:
    return datetime.fromtimestamp(ts, service.clock.now().tzinfo)


def _meta(row: ExamAttempt) -> dict[str, Any]:
    return json.loads(row.meta or "{}")


def _state_now(service: StudyService, run: ExamRun) -> dict[str, Any]:
    return {"run": run.to_state(), "saved_at": service.clock.now().isoformat()}


def begin(service: StudyService, run: ExamRun) -> int:
    """Store a new sitting; returns its attempt id (save() it after every change)."""
    from quizapp.store.models import ExamAttempt

    state = run.to_state()
    row = ExamAttempt(started_at=int(run.started_at.timestamp()), time_limit_s=run.blueprint.time_limit_s,
                      selection=json.dumps(state["blueprint"]),
                      question_ids=json.dumps([i.question_id for i in run.items]),
                      responses=json.dumps({}), meta=json.dumps(_state_now(service, run)))
    with service.store.session() as session:
        session.add(row)
        session.commit()
        return row.id


def snapshot(run: ExamRun, clock: Clock) -> dict[str, Any]:
    """The run's state with the time on the current question booked up to now (what save() keeps)."""
    if run.submitted_at is None:
        run.go(run.current, clock)
    return run.to_state()


def save(service: StudyService, attempt_id: int, run: ExamRun | dict[str, Any]) -> None:
    """Write the sitting's state (answers, flags, position, time per question) and when it was saved.

    `run` may be an ExamRun or its `snapshot()`, taken on the thread that owns the run.
    """
    from quizapp.store.models import ExamAttempt

    state = snapshot(run, service.clock) if isinstance(run, ExamRun) else run
    meta = {"run": state, "saved_at": service.clock.now().isoformat()}
    responses = {i["question_id"]: i["response"] for i in state["items"] if i["response"] is not None}
    with service.store.session() as session:
        row = session.get(ExamAttempt, attempt_id)
        if row is None or row.finished_at is not None:
            raise LookupError(f"no exam in progress with id {attempt_id}")
        row.meta = json.dumps({**_meta(row), **meta})
        row.responses = json.dumps(responses)
        session.commit()


def _resumed(service: StudyService, row: ExamAttempt) -> ExamRun:
    meta = _meta(row)
    clock = service.clock
    run = ExamRun.from_state(meta["run"], clock)
    saved_at = datetime.fromisoformat(meta["saved_at"])
    away = clock.now() - saved_at
    if away > timedelta(0):  # the clock stood still while the app was closed
        run.started_at += away
    return run


def unfinished(service: StudyService) -> Unfinished | None:
    """The newest sitting that was never submitted, with the time it has left."""
    from sqlalchemy import select

    from quizapp.store.models import ExamAttempt

    with service.store.session() as session:
        row = session.scalars(select(ExamAttempt).where(ExamAttempt.finished_at.is_(None))
                              .order_by(ExamAttempt.id.desc()).limit(1)).first()
        if row is None:
            return None
        try:
            run = _resumed(service, row)
        except _UNREADABLE:
            return None  # a sitting that cannot be rebuilt is not offered for resuming
        return Unfinished(row.id, run.blueprint.title, _local(service, row.started_at),
                          len(run.items) - len(run.unanswered()), len(run.items), run.seconds_left(service.clock))


def resume(service: StudyService, attempt_id: int) -> ExamRun:
    """The sitting as it was last saved, its clock moved on by the time the app was away."""
    from quizapp.store.models import ExamAttempt

    with service.store.session() as session:
        row = session.get(ExamAttempt, attempt_id)
        if row is None or row.finished_at is not None:
            raise LookupError(f"no exam in progress with id {attempt_id}")
        return _resumed(service, row)


def finish(service: StudyService, attempt_id: int, run: ExamRun, score: ExamScore) -> Attempt:
    """Store the result of a submitted sitting (`run.submit()` gave `score`) and return it as an Attempt."""
    from quizapp.store.models import ExamAttempt

    if run.submitted_at is None:
        raise ValueError("submit the run before storing its result")
    by_id = {i.question_id: i for i in run.items}
    items = [{"question_id": s.question_id, "topic": s.topic, "difficulty": s.difficulty,
              "marks": s.marks, "score": s.result.score, "answered": s.result.answered,
              "flagged": by_id[s.question_id].flagged, "seconds": s.seconds} for s in score.items]
    deadline = run.deadline
    result = {
        "title": run.blueprint.title, "pass_mark": run.blueprint.pass_mark,
        "negative_marking": run.blueprint.negative_marking,
        "seconds_used": (run.submitted_at - run.started_at).total_seconds(),
        "timed_out": deadline is not None and run.submitted_at >= deadline,
        "items": items,
        "by_topic": [[t, m, n] for t, (m, n) in score.by_topic.items()],
        "by_difficulty": [[d, m, n] for d, (m, n) in score.by_difficulty.items()],
    }
    with service.store.session() as session:
        row = session.get(ExamAttempt, attempt_id)
        if row is None:
            raise LookupError(f"no exam with id {attempt_id}")
        row.finished_at = int(run.submitted_at.timestamp())
        row.score, row.max_score, row.passed = score.marks, score.max_marks, score.passed
        row.responses = json.dumps({i.question_id: i.response for i in run.items})
        row.meta = json.dumps({**_meta(row), "run": run.to_state(), "result": result})
        session.flush()
        # On the ORM session's own connection, inside its transaction: the result and its sync event together.
        record.exam_finished(service.store.conn, row.uid, row.finished_at)
        session.commit()
        return _attempt(service, row)


def _attempt(service: StudyService, row: ExamAttempt) -> Attempt:
    meta = _meta(row)
    result = meta["result"]
    responses = json.loads(row.responses or "{}")
    items = tuple(AttemptItem(i["question_id"], i["topic"], i["difficulty"], responses.get(i["question_id"]),
                              i["marks"], i["score"], i["answered"], i["flagged"], i["seconds"])
                  for i in result["items"])
    return Attempt(
        id=row.id, title=result["title"], started_at=_local(service, row.started_at),
        finished_at=_local(service, row.finished_at or row.started_at), time_limit_s=row.time_limit_s,
        seconds_used=result["seconds_used"], timed_out=result["timed_out"], marks=row.score or 0.0,
        max_marks=row.max_score or 0.0, passed=bool(row.passed), pass_mark=result["pass_mark"],
        negative_marking=result["negative_marking"],
        by_topic={t: (m, n) for t, m, n in result["by_topic"]},
        by_difficulty={d: (m, n) for d, m, n in result["by_difficulty"]},
        items=items, drilled=dict(meta.get("drilled", {})))


def attempt(service: StudyService, attempt_id: int) -> Attempt:
    """One finished sitting with every item."""
    from quizapp.store.models import ExamAttempt

    with service.store.session() as session:
        row = session.get(ExamAttempt, attempt_id)
        if row is None or row.finished_at is None:
            raise LookupError(f"no finished exam with id {attempt_id}")
        return _attempt(service, row)


def history(service: StudyService, limit: int | None = None) -> list[Attempt]:
    """Finished sittings, newest first (each with its items, for the score chart and the review)."""
    from sqlalchemy import select

    from quizapp.store.models import ExamAttempt

    with service.store.session() as session:
        query = (select(ExamAttempt).where(ExamAttempt.finished_at.is_not(None))
                 .order_by(ExamAttempt.finished_at.desc(), ExamAttempt.id.desc()))
        if limit is not None:
            query = query.limit(limit)
        return [a for row in session.scalars(query) if (a := _readable(service, row)) is not None]


# What a row whose JSON lacks the expected parts raises (a damaged row, or one imported from a file).
_UNREADABLE = (KeyError, TypeError, ValueError, IndexError, AttributeError)


def _readable(service: StudyService, row: ExamAttempt) -> Attempt | None:
    """The finished sitting, or None when its stored result cannot be read: one bad row must not
    hide the whole history."""
    try:
        return _attempt(service, row)
    except _UNREADABLE:
        return None


def discard(service: StudyService, attempt_id: int) -> None:
    """Forget a sitting that was never submitted (the student chose not to resume it)."""
    from quizapp.store.models import ExamAttempt

    with service.store.session() as session:
        row = session.get(ExamAttempt, attempt_id)
        if row is not None and row.finished_at is None:
            session.delete(row)
            session.commit()


def schedule_mistakes(service: StudyService, attempt_id: int, questions: Mapping[str, Question]) -> DrillOutcome:
    """Put every question missed in the sitting into spaced review.

    Each mistake is recorded as a review of its card with the rating the grade suggests (Again for a
    wrong or blank answer, Hard for a partly right one), so FSRS brings it back within minutes and then
    at growing intervals. Pressing again does not record the same mistakes twice.
    """
    record = attempt(service, attempt_id)
    drilled = dict(record.drilled)
    # A session with nothing queued: only its answer() is used, which schedules and logs a card
    # exactly as a review does.
    session = service.start_drill(questions, topics=[], size=0)
    scheduled = skipped = already = 0
    first_due: datetime | None = None
    for item in record.mistakes():
        if item.question_id in drilled:
            already += 1
            continue
        question = questions.get(item.question_id)
        card = service.card(item.question_id)
        if question is None or card is None or not card.active or card.suspended:
            skipped += 1
            continue
        result = grade(question, item.response)
        duration_ms = int(item.seconds * 1000)
        rating = session.suggested_rating(result, duration_ms) or Rating.Again
        # The review and the note that it was recorded are one transaction: pressing again after a
        # crash never records a mistake twice.
        outcome = session.answer(item.question_id, item.response, result, rating, duration_ms,
                                 with_it=_mark_drilled(attempt_id, item.question_id))
        drilled[item.question_id] = outcome.log_id
        scheduled += 1
        first_due = outcome.due if first_due is None else min(first_due, outcome.due)
    return DrillOutcome(scheduled, already, skipped, first_due)


def _mark_drilled(attempt_id: int, question_id: str) -> Callable[[sqlite3.Connection, int], None]:
    """Adds question_id -> its review's log id to the attempt's "drilled" record, on the answer's connection."""
    def mark(conn: sqlite3.Connection, log_id: int) -> None:
        row = conn.execute("SELECT meta FROM exam_attempts WHERE id = ?", (attempt_id,)).fetchone()
        if row is None:
            return
        meta = json.loads(row[0] or "{}")
        meta["drilled"] = {**meta.get("drilled", {}), question_id: log_id}
        conn.execute("UPDATE exam_attempts SET meta = ? WHERE id = ?", (json.dumps(meta), attempt_id))
        # Log ids are this computer's own: the other computers learn the drill by the answer's uid.
        exam_uid = conn.execute("SELECT uid FROM exam_attempts WHERE id = ?", (attempt_id,)).fetchone()[0]
        uid, at = conn.execute("SELECT uid, reviewed_at FROM review_log WHERE id = ?", (log_id,)).fetchone()
        if exam_uid and uid:
            record.mistake_drilled(conn, exam_uid, question_id, uid, at)

    return mark
