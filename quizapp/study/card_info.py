"""A card's whole story for the Browse window's card info: every answer, and FSRS's view after each.

Each review row of the log holds the card as it was before that answer, so the card after answer k
is the "before" of answer k+1 (or, for the last, the card now). Where something else changed the card
in between (a reset, a reschedule, an undone edit), the state after is worked out again by FSRS from
the state before, with today's parameters. Practice answers (custom study that leaves schedules alone)
are listed too, marked as such, with no state of their own.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fsrs import Rating

from quizapp.srs.scheduling import CardState, Srs
from quizapp.study import cards

if TYPE_CHECKING:
    from quizapp.study.service import StudyService


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer. For a review: the card's state after it and the interval it set; `recall` is what
    FSRS predicted the chance of recall to be when it was given (None for the first)."""

    at: datetime
    rating: int
    duration_ms: int | None
    score: float | None
    practice: bool
    state_after: int | None = None
    interval: timedelta | None = None
    stability: float | None = None
    difficulty: float | None = None
    recall: float | None = None


@dataclass(frozen=True, slots=True)
class CardInfo:
    """The card now, its answers oldest first, and its retrievability now (None if never reviewed)."""

    card: cards.CardRow
    answers: tuple[Answer, ...]
    retrievability: float | None

    @property
    def reviews(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if not a.practice)


def _recall(srs: Srs, before: CardState, at: int) -> float | None:
    if before.last_review is None or not before.stability:
        return None
    return srs.retrievability(before, datetime.fromtimestamp(at, UTC))


def _state(raw: str) -> CardState | None:
    try:
        data = json.loads(raw)
        return CardState(**{k: data.get(k) for k in ("state", "step", "stability", "difficulty", "due",
                                                     "last_review", "reps", "lapses")})
    except (ValueError, TypeError):
        return None


def _reviews(conn: sqlite3.Connection, qid: str) -> list[tuple]:
    return conn.execute("SELECT reviewed_at, rating, duration_ms, score, card_before FROM review_log "
                        "WHERE question_id = ? ORDER BY reviewed_at, id", (qid,)).fetchall()


def card_info(service: StudyService, question_id: str) -> CardInfo | None:
    """Everything card info shows for `question_id`; None if it has no card."""
    conn = service.store.conn
    card = cards.load(conn, question_id)
    if card is None:
        return None
    srs = service.srs()
    tz = service.clock.now().tzinfo
    rows = _reviews(conn, question_id)
    befores = [_state(r[4]) for r in rows]
    answers: list[Answer] = []
    for k, (at, rating, ms, score, _raw) in enumerate(rows):
        before = befores[k]
        after = befores[k + 1] if k + 1 < len(rows) else card.srs
        # The next snapshot is this answer's result only if nothing else touched the card in between.
        if before is not None and (after is None or after.reps != before.reps + 1 or after.last_review != at):
            after = srs.review(before, Rating(rating), datetime.fromtimestamp(at, UTC), seed=question_id)
        answers.append(Answer(
            datetime.fromtimestamp(at, UTC).astimezone(tz), rating, ms, score, False,
            state_after=after.state if after else None,
            interval=timedelta(seconds=after.due - at) if after else None,
            stability=after.stability if after else None, difficulty=after.difficulty if after else None,
            recall=_recall(srs, before, at) if before else None))
    for at, rating, ms, score in conn.execute(
            "SELECT reviewed_at, rating, duration_ms, score FROM practice_log WHERE question_id = ?", (question_id,)):
        answers.append(Answer(datetime.fromtimestamp(at, UTC).astimezone(tz), rating, ms, score, True))
    answers.sort(key=lambda a: a.at)
    now_r = srs.retrievability(card.srs, service.clock.now()) if card.srs.last_review is not None else None
    return CardInfo(card, tuple(answers), now_r)
