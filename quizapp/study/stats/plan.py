"""The exam-day forecast: predicted score per topic on the exam date, and what to study today to raise it.

The predicted score of a topic is the mean FSRS retrievability of its questions at the exam (unseen
questions count 0). SQLite sums it per topic with fsrs's own formula and parameters; the suggestions
then simulate today's review of the likeliest-to-be-forgotten questions with the fsrs Scheduler
(quizapp.srs.Srs): the expected retrievability at the exam after answering today, right with the
probability of recalling it now and wrong otherwise, minus what it would be without the review.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time

from fsrs import Rating

from quizapp.srs.days import study_day
from quizapp.srs.scheduling import NEW, CardState, Srs
from quizapp.study.selection import Selection
from quizapp.study.stats.model import ExamPlan, StudyTip, TopicPrediction

EXAM_TIME = time(9)  # the exam is taken in the morning of its day
CANDIDATES = 400  # studied questions simulated: those with the lowest predicted recall at the exam
TODAY_BUDGET = 30  # questions suggested for today: about one session
_R = "pow(1.0 + :factor * max(0, (:exam - c.last_review) / 86400) / c.stability, :decay)"
_STUDIED = "c.last_review IS NOT NULL AND c.stability > 0"


@dataclass(frozen=True, slots=True)
class _Option:
    question_id: str
    topic: str
    gain: float
    new: bool


def exam_moment(exam_date: date, tz: object) -> datetime:
    return datetime.combine(exam_date, EXAM_TIME, tzinfo=tz)  # type: ignore[arg-type]


def exam_plan(conn: sqlite3.Connection, srs: Srs, selection: Selection, exam_date: date, now: datetime,
              rollover_hour: int, new_left: int) -> ExamPlan | None:
    """None once the exam day has passed."""
    days_left = (exam_date - study_day(now, rollover_hour)).days
    if days_left < 0:
        return None
    exam = exam_moment(exam_date, now.tzinfo)
    where, params = selection.sql("c")
    named = {"exam": int(exam.timestamp()), "factor": srs.factor, "decay": srs.decay, **params}
    per_topic = {t: (n, studied, r) for t, n, studied, r in conn.execute(
        f"SELECT c.topic, COUNT(*), SUM({_STUDIED}), SUM(CASE WHEN {_STUDIED} THEN {_R} ELSE 0 END) "
        f"FROM cards c WHERE c.active = 1 AND {where} GROUP BY c.topic ORDER BY c.topic", named)}
    if not per_topic:
        return None
    predicted = {t: r / n for t, (n, _, r) in per_topic.items()}
    options = _studied_options(conn, srs, where, named, now, exam) + _new_options(
        conn, srs, where, params, now, exam, new_left)
    options.sort(key=lambda o: (-o.gain, predicted[o.topic], o.question_id))
    picked = _pick(options, new_left)
    gains: dict[str, list[_Option]] = defaultdict(list)
    for o in picked:
        gains[o.topic].append(o)
    topics = tuple(TopicPrediction(t, n, int(s), predicted[t], (r + sum(o.gain for o in gains[t])) / n)
                   for t, (n, s, r) in per_topic.items())
    tips = sorted((StudyTip(t, tuple(o.question_id for o in opts), sum(o.new for o in opts),
                            100 * sum(o.gain for o in opts) / per_topic[t][0]) for t, opts in gains.items()),
                  key=lambda tip: (-tip.gain_points, tip.topic))
    total = sum(n for n, _, _ in per_topic.values())
    return ExamPlan(exam_date, days_left, sum(r for _, _, r in per_topic.values()) / total,
                    sum(t.after_today * t.questions for t in topics) / total, topics, tuple(tips))


def _pick(options: list[_Option], new_left: int) -> list[_Option]:
    picked, new = [], 0
    for o in options:
        if len(picked) == TODAY_BUDGET:
            break
        if o.gain <= 0 or (o.new and new >= new_left):
            continue
        new += o.new
        picked.append(o)
    return picked


def _studied_options(conn: sqlite3.Connection, srs: Srs, where: str, named: dict[str, object], now: datetime,
                     exam: datetime) -> list[_Option]:
    rows = conn.execute(
        f"SELECT c.question_id, c.topic, c.state, c.step, c.stability, c.fsrs_difficulty, c.due, c.last_review, "
        f"c.reps, c.lapses FROM cards c WHERE c.active = 1 AND c.suspended = 0 AND c.state != {NEW} AND {_STUDIED} "
        f"AND {where} ORDER BY {_R}, c.question_id LIMIT {CANDIDATES}", named)
    out = []
    for qid, topic, *state in rows:
        card = CardState(*state)
        recall_now = srs.retrievability(card, now)
        right = srs.retrievability(srs.review(card, Rating.Good, now, seed=qid), exam)
        wrong = srs.retrievability(srs.review(card, Rating.Again, now, seed=qid), exam)
        expected = recall_now * right + (1 - recall_now) * wrong
        out.append(_Option(qid, topic, expected - srs.retrievability(card, exam), False))
    return out


def _new_options(conn: sqlite3.Connection, srs: Srs, where: str, params: dict[str, object], now: datetime,
                 exam: datetime, new_left: int) -> list[_Option]:
    """Up to `new_left` unseen questions per topic, in bank order; learning one is worth the same anywhere."""
    if new_left <= 0:
        return []
    gain = srs.retrievability(srs.review(CardState(), Rating.Good, now), exam)
    rows = conn.execute(
        f"SELECT question_id, topic FROM (SELECT c.question_id, c.topic, row_number() OVER "
        f"(PARTITION BY c.topic ORDER BY c.position, c.question_id) AS k FROM cards c WHERE c.active = 1 "
        f"AND c.suspended = 0 AND c.state = {NEW} AND {where}) WHERE k <= :new_left",
        {"new_left": new_left, **params})
    return [_Option(qid, topic, gain, True) for qid, topic in rows]
