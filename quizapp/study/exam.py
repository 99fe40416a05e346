"""Mock exams: drawing questions from a blueprint, the timed sitting, and scoring by topic and difficulty.

Everything here is plain Python driven by an injectable clock, so a test can let the time run out.
An `ExamRun` serialises to JSON after every change, which is what lets an interrupted exam resume.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from quizapp.bank.grading import Result, grade
from quizapp.bank.lazy import heads
from quizapp.bank.model import Question
from quizapp.study.blueprint import Blueprint, Section
from quizapp.study.clock import Clock


class ExamError(Exception):
    """The exam cannot be built or changed as asked (e.g. too few questions, already submitted)."""


def select_questions(blueprint: Blueprint, questions: Mapping[str, Question], seed: int | None = None
                     ) -> list[str]:
    """Question ids for one sitting: each section filled from its pool, no question twice."""
    rng = random.Random(seed)
    taken: set[str] = set()
    chosen: list[str] = []
    for section in blueprint.sections:
        pool = sorted(qid for qid, q in heads(questions).items() if section.admits(q) and qid not in taken)
        if len(pool) < section.count:
            raise ExamError(f"section '{section.label()}' needs {section.count} questions; {len(pool)} available")
        picked = rng.sample(pool, section.count)
        taken.update(picked)
        chosen.extend(picked)
    if blueprint.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


@dataclass(slots=True)
class ExamItem:
    question_id: str
    choice_order: list[int] | None = None  # display order of choices, when shuffled
    response: Any = None
    flagged: bool = False
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class ItemScore:
    question_id: str
    topic: str
    difficulty: int | None
    marks: float  # may be negative with negative marking
    result: Result
    seconds: float


@dataclass(frozen=True, slots=True)
class ExamScore:
    marks: float
    max_marks: float
    passed: bool
    items: tuple[ItemScore, ...]
    by_topic: dict[str, tuple[float, int]]  # topic -> (marks, questions)
    by_difficulty: dict[int | None, tuple[float, int]]

    @property
    def percent(self) -> float:
        return 100 * max(0.0, self.marks) / self.max_marks if self.max_marks else 0.0

    def wrong(self) -> list[ItemScore]:
        return [i for i in self.items if not i.result.correct]


def mark_item(question: Question, response: Any, blueprint: Blueprint) -> tuple[float, Result]:
    """Marks for one answer: 1 when right; partial credit if allowed; a penalty for a wrong guess."""
    result = grade(question, response)
    marks = result.score if blueprint.partial_credit else float(result.correct)
    guessable = question.guessable
    if blueprint.negative_marking and guessable and result.answered and marks == 0:
        marks = -blueprint.penalty
    return marks, result


@dataclass(slots=True)
class ExamRun:
    """One sitting in progress. Times are wall-clock datetimes from the clock."""

    blueprint: Blueprint
    items: list[ExamItem]
    started_at: datetime
    current: int = 0
    submitted_at: datetime | None = None
    _entered_at: datetime | None = field(default=None, repr=False)

    @classmethod
    def start(cls, blueprint: Blueprint, questions: Mapping[str, Question], clock: Clock,
              seed: int | None = None) -> ExamRun:
        rng = random.Random(seed)
        items = []
        for qid in select_questions(blueprint, questions, seed):
            q = questions.get(qid)  # None: a lazily loaded question that can no longer be read
            order = q.option_order(rng if blueprint.shuffle_choices else None) if q is not None else None
            items.append(ExamItem(qid, order))
        now = clock.now()
        return cls(blueprint, items, now, _entered_at=now)

    # -- the clock -------------------------------------------------------------------------------------
    @property
    def deadline(self) -> datetime | None:
        if self.blueprint.time_limit_s is None:
            return None
        return self.started_at + timedelta(seconds=self.blueprint.time_limit_s)

    def seconds_left(self, clock: Clock) -> float | None:
        if self.deadline is None:
            return None
        return max(0.0, (self.deadline - clock.now()).total_seconds())

    def expired(self, clock: Clock) -> bool:
        left = self.seconds_left(clock)
        return left is not None and left <= 0

    def _book_time(self, clock: Clock) -> None:
        if self.submitted_at is not None:  # looking back over a submitted exam is not time spent on it
            return
        now = clock.now()
        if self.deadline is not None:
            now = min(now, self.deadline)
        if self._entered_at is not None and now > self._entered_at:
            self.items[self.current].seconds += (now - self._entered_at).total_seconds()
        self._entered_at = now

    # -- the student's actions ---------------------------------------------------------------------------
    def _check_open(self, clock: Clock) -> None:
        if self.submitted_at is not None:
            raise ExamError("this exam has been submitted")
        if self.expired(clock):
            raise ExamError("time is up")

    def go(self, index: int, clock: Clock) -> None:
        if not 0 <= index < len(self.items):
            raise ExamError(f"no question {index + 1}")
        self._book_time(clock)
        self.current = index

    def answer(self, response: Any, clock: Clock, index: int | None = None) -> None:
        self._check_open(clock)
        self.items[self.current if index is None else index].response = response

    def toggle_flag(self, clock: Clock, index: int | None = None) -> bool:
        self._check_open(clock)
        item = self.items[self.current if index is None else index]
        item.flagged = not item.flagged
        return item.flagged

    def unanswered(self) -> list[int]:
        return [i for i, it in enumerate(self.items) if _empty(it.response)]

    def flagged(self) -> list[int]:
        return [i for i, it in enumerate(self.items) if it.flagged]

    def submit(self, questions: Mapping[str, Question], clock: Clock) -> ExamScore:
        """Close the sitting (also called when time runs out) and score it."""
        if self.submitted_at is None:
            self._book_time(clock)
            now = clock.now()
            self.submitted_at = min(now, self.deadline) if self.deadline else now
        return self.score(questions)

    def score(self, questions: Mapping[str, Question]) -> ExamScore:
        scored = []
        for item in self.items:
            q = questions.get(item.question_id)
            if q is None:  # the bank changed since the sitting: the question counts as unmarked
                continue
            marks, result = mark_item(q, item.response, self.blueprint)
            scored.append(ItemScore(q.id, q.topic, q.difficulty, marks, result, item.seconds))
        total = sum(s.marks for s in scored)
        return ExamScore(total, float(len(scored)), len(scored) > 0 and total / len(scored) >= self.blueprint.pass_mark,
                         tuple(scored), _group(scored, "topic"), _group(scored, "difficulty"))

    # -- persistence ----------------------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {
            "blueprint": _blueprint_state(self.blueprint),
            "items": [asdict(i) for i in self.items],
            "started_at": self.started_at.isoformat(),
            "current": self.current,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
        }

    @classmethod
    def from_state(cls, state: Mapping[str, Any], clock: Clock) -> ExamRun:
        """Rebuild a sitting; the time away counts against the clock, as in a real exam hall."""
        bp = dict(state["blueprint"])
        bp["sections"] = tuple(Section(**{**s, "difficulty": tuple(s["difficulty"]), "tags": tuple(s["tags"])})
                               for s in bp["sections"])
        run = cls(Blueprint(**bp), [ExamItem(**i) for i in state["items"]],
                  datetime.fromisoformat(state["started_at"]), int(state["current"]))
        if state.get("submitted_at"):
            run.submitted_at = datetime.fromisoformat(state["submitted_at"])
        run._entered_at = clock.now()
        return run


def _blueprint_state(bp: Blueprint) -> dict[str, Any]:
    out = asdict(bp)
    out["sections"] = [asdict(s) for s in bp.sections]
    return out


def _empty(response: Any) -> bool:
    if response is None:
        return True
    if isinstance(response, str):
        return not response.strip()
    if isinstance(response, list | tuple | dict | set):
        return not response or all(_empty(r) for r in (response.values() if isinstance(response, dict) else response))
    return False


def _group(scored: list[ItemScore], attr: str) -> dict[Any, tuple[float, int]]:
    out: dict[Any, tuple[float, int]] = {}
    for s in scored:
        marks, n = out.get(getattr(s, attr), (0.0, 0))
        out[getattr(s, attr)] = (marks + s.marks, n + 1)
    return out
