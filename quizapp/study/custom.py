"""Custom study: a session over the questions a search finds, with Anki's choice made explicit.

`reschedule=True` (the default): answers are reviews like any other. A card not due yet is reviewed
early, and FSRS schedules it from the real time elapsed since its last review (a card seen yesterday
gains little from a review today; one almost due gains nearly a full step). `reschedule=False`:
practice only. Answers go to the practice log, no card changes, and a card answered Again comes back
once more before the session ends. Suspended and buried cards are left out either way.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from fsrs import Rating

from quizapp.bank.grading import Result
from quizapp.bank.model import Question
from quizapp.study.queues import Queues
from quizapp.study.search.finder import Search, moment_of
from quizapp.study.search.syntax import And, Not, State, parse
from quizapp.study.session import AnswerOutcome, ReviewSession

if TYPE_CHECKING:
    import sqlite3

    from quizapp.study.service import StudyService

DEFAULT_LIMIT = 100
PRESETS = {  # name -> query; "Weakest topic" is filled in with the topic at the time
    "Today's mistakes": "rated:1:1",
    "Weakest topic": "topic:{topic}",
    "Study ahead (tomorrow)": "prop:due=1",
}


@dataclass(frozen=True, slots=True)
class CustomStudy:
    """What to study: a search, whether answers move schedules, and how many questions at most."""

    query: str
    reschedule: bool = True
    limit: int = DEFAULT_LIMIT


class PracticeSession(ReviewSession):
    """A session whose answers are logged as practice and change no card (see the module docstring)."""

    def intervals(self, question_id: str) -> dict[Rating, timedelta]:
        return {}  # no rating moves the card: the buttons show no interval

    def answer(self, question_id: str, response: Any, result: Result | None, rating: Rating,
               duration_ms: int | None = None, confident: bool | None = None,
               with_it: Callable[[sqlite3.Connection, int], None] | None = None) -> AnswerOutcome:
        """Log a practice answer (committed before it returns); the card is not touched."""
        now = self._now()
        rating = Rating(rating)
        score = None if result is None else (result.score if result.answered else 0.0)
        with self._store.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO practice_log (question_id, reviewed_at, rating, score, response, duration_ms, confident) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (question_id, int(now.timestamp()), int(rating), score, json.dumps(response, ensure_ascii=False),
                 duration_ms, None if confident is None else int(confident)))
            log_id = int(cur.lastrowid or 0)
            if with_it is not None:
                with_it(conn, log_id)
        if question_id != self._picked:
            self._queues.discard(question_id)
        self._picked = None
        if rating == Rating.Again:
            self._queues.reviews.append(question_id)  # once more, after the others
        self._undo.append(log_id)
        self.answered += 1
        return AnswerOutcome(question_id, rating, now, timedelta(0), False, False, log_id, practice=True)

    def undo(self) -> str | None:
        """Take back the last practice answer (its log row is deleted); the question comes up next."""
        if not self._undo:
            return None
        log_id = self._undo.pop()
        with self._store.transaction() as conn:
            row = conn.execute("SELECT question_id FROM practice_log WHERE id = ?", (log_id,)).fetchone()
            conn.execute("DELETE FROM practice_log WHERE id = ?", (log_id,))
        if row is None:
            return None
        self._queues.discard(row[0])
        self._front.append(row[0])
        self.answered -= 1
        return row[0]


def custom_ids(service: StudyService, search: Search, spec: CustomStudy, questions: Mapping[str, Question]
               ) -> list[str]:
    """The questions a custom session would show, in order: the most overdue first, new ones last."""
    node = And((parse(spec.query), Not(State("suspended", 0)), Not(State("buried", 0))))
    found = search.find(node, moment_of(service), order="due")
    return [qid for qid in found if qid in questions][:max(0, spec.limit)]


def start_custom(service: StudyService, questions: Mapping[str, Question], search: Search, spec: CustomStudy,
                 seed: int | None = None) -> ReviewSession:
    """A session over `spec` (SearchError if its query is malformed): a ReviewSession when answers
    reschedule, a PracticeSession when they are practice only."""
    picked = custom_ids(service, search, spec, questions)
    queues = Queues(reviews=deque(picked))
    kind = ReviewSession if spec.reschedule else PracticeSession
    return kind(service.store, service.srs(), questions, queues, clock=service.clock.now,
                day_end=moment_of(service).day_end, seed=seed)
