"""Drills started from the statistics: the weakest topics, or a given list of questions (a misconception,
today's exam suggestions), due or not. Answers are scheduled by FSRS as in any session.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence

from quizapp.bank.model import Question
from quizapp.srs.days import next_day_start
from quizapp.srs.scheduling import NEW
from quizapp.study.queues import Queues
from quizapp.study.service import StudyService
from quizapp.study.session import ReviewSession


def drill_questions(service: StudyService, questions: Mapping[str, Question], question_ids: Sequence[str],
                    seed: int | None = None) -> ReviewSession:
    """A session over exactly `question_ids` (in that order, unseen ones mixed in as new), skipping ids the
    banks no longer have and suspended questions."""
    wanted = [qid for qid in dict.fromkeys(question_ids) if qid in questions]
    states = {}
    if wanted:
        marks = ", ".join("?" * len(wanted))
        states = dict(service.store.conn.execute(
            f"SELECT question_id, state FROM cards WHERE active = 1 AND suspended = 0 AND question_id IN ({marks})",
            wanted).fetchall())
    queues = Queues(reviews=deque(q for q in wanted if q in states and states[q] != NEW),
                    new=deque(q for q in wanted if states.get(q) == NEW))
    now = service.clock.now()
    day_end = int(next_day_start(now, service.settings.get("rollover_hour")).timestamp())
    return ReviewSession(service.store, service.srs(), questions, queues, clock=service.clock.now,
                         day_end=day_end, seed=seed)


def drill_topics(service: StudyService, questions: Mapping[str, Question], topics: Sequence[str],
                 seed: int | None = None) -> ReviewSession:
    """The service's weak-topic drill over `topics` (their least-remembered studied questions first)."""
    return service.start_drill(questions, topics=list(topics), seed=seed)
