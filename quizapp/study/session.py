"""A review session the UI drives: next question, preview intervals, record the answer, undo.

Every answer is committed to disk before `answer()` returns, so the next question is never shown
ahead of a lost answer.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

from fsrs import Rating

from quizapp.bank.grading import Result
from quizapp.bank.model import Question
from quizapp.srs.rating import suggest_rating
from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW, Outcomes, Srs
from quizapp.store.store import Store
from quizapp.study import cards
from quizapp.study.devicesync import record
from quizapp.study.queues import Queues, Siblings

LEARN_AHEAD = timedelta(minutes=20)  # as Anki: with nothing else left, show learning cards a bit early
KINDS = {NEW: "new", LEARNING: "learning", REVIEW: "review", RELEARNING: "relearning"}


@dataclass(frozen=True, slots=True)
class StudyItem:
    """One question to show. `kind`: new | learning | review | relearning."""

    question: Question
    kind: str
    reps: int
    lapses: int
    flagged: bool
    flag_reason: str | None  # e.g. "content changed" when the bank reworded it since last studied
    leech: bool

    @property
    def question_id(self) -> str:
        return self.question.id


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """What an answer did, once it is safely on disk."""

    question_id: str
    rating: Rating
    due: datetime
    interval: timedelta
    became_leech: bool
    suspended: bool
    log_id: int
    practice: bool = False  # logged as practice: the card's schedule was left as it was


@dataclass(frozen=True, slots=True)
class Remaining:
    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


class ReviewSession:
    """Created by StudyService.start_session / start_drill; not built directly."""

    def __init__(self, store: Store, srs: Srs, questions: Mapping[str, Question], queues: Queues, *,
                 clock: Callable[[], datetime], day_end: int, seed: int | None,
                 siblings: Siblings | None = None) -> None:
        self._store = store
        self._srs = srs
        self._questions = questions
        self._queues = queues
        self._now = clock
        self._day_end = day_end
        self._rng = Random(seed)
        self._siblings = siblings  # answering one of a group buries the others for the day
        self._front: list[str] = []  # undone answers come back first
        self._picked: str | None = None  # what next() handed out: already off the queues
        # this session's answers: log id, and the siblings the answer buried (with the queue each was in)
        self._undo: list[tuple[int, list[tuple[str, str]]]] = []
        self._shown: tuple[cards.CardRow, int] | None = None  # the picked card's row, as read
        self._outcomes: tuple[str, Outcomes] | None = None  # its four ratings, worked out by intervals()
        # prepare_next's read-ahead: the rows and outcomes of the questions that can come next, valid while
        # total_changes is `_ahead_at` (answer() carries them over its own two rows' change)
        self._ahead: dict[str, tuple[cards.CardRow, Outcomes, str]] = {}  # row, outcomes, its log snapshot
        self._snapshot: tuple[cards.CardRow, str] | None = None  # the shown row's snapshot, if read ahead
        self._ahead_at = -1
        self.answered = 0

    def _ts(self) -> int:
        return int(self._now().timestamp())

    def _version(self) -> int:
        """Rows this connection has changed so far: the shown card's row is what next() read while this
        stays the same. Only this connection writes while the app runs (the folder lock keeps other
        quizapps out; `quizapp stats` only reads)."""
        return self._store.conn.total_changes

    def _card(self, question_id: str) -> cards.CardRow:
        # The card next() showed, as it read it, while nothing was written since: one read per step.
        shown = self._shown
        if shown is not None and shown[0].question_id == question_id and shown[1] == self._version():
            return shown[0]
        row = cards.load(self._store.conn, question_id)
        if row is None:
            raise KeyError(f"no card for question {question_id!r} (run StudyService.sync first)")
        return row

    def _pick(self, now: int) -> str | None:
        q = self._queues
        if self._front:
            return self._front.pop()
        if q.learning and q.learning[0][0] <= now:
            return heapq.heappop(q.learning)[1]
        if q.reviews or q.new:
            # New cards are mixed in at random (seeded), in proportion to what is left of each.
            take_new = self._rng.random() * (len(q.reviews) + len(q.new)) < len(q.new)
            return (q.new if take_new else q.reviews).popleft()
        if q.learning and q.learning[0][0] <= now + LEARN_AHEAD.total_seconds():
            return heapq.heappop(q.learning)[1]
        return None

    def next(self) -> StudyItem | None:
        """The next question to show, or None when nothing is due now (see `done`, `next_due_at`)."""
        now = self._ts()
        while (qid := self._pick(now)) is not None:
            version = self._version()
            ahead = self._ahead.get(qid) if self._ahead_at == version else None
            row = ahead[0] if ahead is not None else cards.load(self._store.conn, qid)
            question = self._questions.get(qid)
            if row is None or question is None or not row.available(now):
                continue  # buried, suspended or removed since the session was built
            self._picked = qid
            self._shown, self._outcomes = (row, version), (qid, ahead[1]) if ahead is not None else None
            self._snapshot = (row, ahead[2]) if ahead is not None else None
            return StudyItem(question, KINDS[row.srs.state], row.srs.reps, row.srs.lapses, row.flagged,
                             row.flag_reason, row.leech)
        return None

    def prepare_next(self) -> None:
        """For an idle moment while a question is on screen: read what the questions that can come next
        (each queue's head) need, their text, card row and four outcomes, so that showing the next one
        after the answer reads and computes nothing. Changes no queue or card; what was read is used only
        while no card but the answered one has changed since (and outcomes only on the same day count)."""
        q, now = self._queues, self._now()
        ts = int(now.timestamp())
        candidates = self._front[-1:] + [queue[0] for queue in (q.reviews, q.new) if queue]
        if q.learning and q.learning[0][0] <= ts + LEARN_AHEAD.total_seconds():
            candidates.append(q.learning[0][1])
        version, ahead = self._version(), {}
        for qid in candidates:
            if qid == self._picked:
                continue
            self._questions.get(qid)  # a lazy store keeps what it read (quizapp/bank/lazy.py RECENT)
            row = cards.load(self._store.conn, qid)
            if row is not None:
                ahead[qid] = (row, self._srs.outcomes(row.srs, now, seed=qid), cards.snapshot(row))
        self._ahead, self._ahead_at = ahead, version

    @property
    def remaining(self) -> Remaining:
        q = self._queues
        # Undone answers wait in front; count them by the state they were restored to.
        states = [row.srs.state for qid in self._front if (row := cards.load(self._store.conn, qid))]
        new = states.count(NEW)
        review = states.count(REVIEW)
        return Remaining(len(q.new) + new, len(q.learning) + len(states) - new - review, len(q.reviews) + review)

    @property
    def done(self) -> bool:
        """True when nothing is left for today (learning cards due later today keep it open)."""
        return self.remaining.total == 0

    @property
    def next_due_at(self) -> datetime | None:
        """When the next waiting learning card becomes due, if that is all that is left."""
        if not self._queues.learning:
            return None
        return datetime.fromtimestamp(self._queues.learning[0][0], UTC).astimezone(self._now().tzinfo)

    def intervals(self, question_id: str) -> dict[Rating, timedelta]:
        """Each rating's next interval if answered now: show these on the rating buttons.

        The four outcomes are kept: answer() uses the chosen one when the card and the number of days
        since its last review are still the same (FSRS depends on nothing finer; see Srs.outcomes).
        """
        now = self._now()
        card = self._card(question_id).srs
        kept = self._outcomes
        if kept is not None and kept[0] == question_id and kept[1].valid(card, now):
            return kept[1].intervals(now)  # read ahead (prepare_next) for this card and day count
        outcomes = self._srs.outcomes(card, now, seed=question_id)
        self._outcomes = (question_id, outcomes)
        return outcomes.intervals(now)

    def suggested_rating(self, result: Result | None, duration_ms: int | None,
                         confident: bool | None = None) -> Rating | None:
        """The rating the grade suggests (None for self-rated flashcards: pass result=None)."""
        score = None if result is None else (result.score if result.answered else 0.0)
        return suggest_rating(score, duration_ms, confident, self._srs.config.fast_answer_s)

    def answer(self, question_id: str, response: Any, result: Result | None, rating: Rating,
               duration_ms: int | None = None, confident: bool | None = None,
               with_it: Callable[[sqlite3.Connection, int], None] | None = None) -> AnswerOutcome:
        """Schedule the card with FSRS and commit the answer (response as JSON, score, rating, time).

        Returns only after the commit: the answer survives a crash from then on. `with_it(conn, log_id)`
        runs inside the same transaction, for a caller's own record of the answer: both are kept, or
        neither is.
        """
        now = self._now()
        ts = int(now.timestamp())
        row = self._card(question_id)
        rating = Rating(rating)
        kept = self._outcomes
        after = kept[1].after(row.srs, rating, now) if kept is not None and kept[0] == question_id else None
        if after is None:  # not previewed, or another day count since: schedule afresh
            after = self._srs.review(row.srs, rating, now, seed=question_id)
        cfg = self._srs.config
        became_leech = not row.leech and after.lapses > row.srs.lapses and after.lapses >= cfg.leech_lapses
        leech = row.leech or became_leech
        suspended = row.suspended or (became_leech and cfg.leech_suspends)
        score = None if result is None else (result.score if result.answered else 0.0)
        before = self._version()
        with self._store.transaction() as conn:
            cards.write_state(conn, question_id, after, suspended, leech)
            ready = self._snapshot  # made when the row was read ahead (prepare_next)
            snapshot = ready[1] if ready is not None and ready[0] is row else cards.snapshot(row)
            log_id = cards.insert_log(conn, question_id, ts, int(rating), score,
                                      json.dumps(response, ensure_ascii=False), duration_ms, confident,
                                      row.srs.state, snapshot)
            buried = self._bury_siblings(conn, question_id, ts)
            if with_it is not None:
                with_it(conn, log_id)
        for sibling, _ in buried:
            self._queues.discard(sibling)
        if question_id != self._picked:  # answered out of order: take it off the queues (a scan of them)
            self._queues.discard(question_id)
        self._picked = None
        self._shown = self._outcomes = self._snapshot = None
        # This answer changed its own card and added one log row, nothing else: what was read ahead for
        # the other cards still holds.
        if self._ahead_at == before and with_it is None and self._version() == before + 2:
            self._ahead.pop(question_id, None)
            self._ahead_at = before + 2
        else:
            self._ahead = {}
        if after.state in (LEARNING, RELEARNING) and after.due < self._day_end and not suspended:
            heapq.heappush(self._queues.learning, (after.due, question_id))
        self._undo.append((log_id, buried))
        self.answered += 1
        due = datetime.fromtimestamp(after.due, UTC).astimezone(now.tzinfo)
        return AnswerOutcome(question_id, rating, due, timedelta(seconds=after.due - ts), became_leech,
                             suspended, log_id)

    def _bury_siblings(self, conn: sqlite3.Connection, question_id: str, now: int) -> list[tuple[str, str]]:
        """Bury, until the study day ends, the new and review siblings of an answered question (as Anki
        does; one in its learning steps keeps them). Returns (id, the queue it waited in or "")."""
        if self._siblings is None:
            return []
        buried = []
        for sibling in self._siblings.others(question_id):
            row = cards.load(conn, sibling)
            if row is None or not row.available(now) or row.srs.state not in (NEW, REVIEW):
                continue
            cards.set_flags(conn, sibling, buried_until=self._day_end)
            record.card_changed(conn, sibling, now, {"buried_until": self._day_end})  # as a bury by hand is
            queue = "new" if sibling in self._queues.new else "review" if sibling in self._queues.reviews else ""
            buried.append((sibling, queue))
        return buried

    def undo(self) -> str | None:
        """Take back this session's last answer: the card state is restored, the log row removed,
        and the question comes up again next. Returns its id, or None if nothing is left to undo."""
        if not self._undo:
            return None
        log_id, buried = self._undo.pop()
        with self._store.transaction() as conn:
            given = conn.execute("SELECT uid, reviewed_at FROM review_log WHERE id = ?", (log_id,)).fetchone()
            question_id = cards.restore_from_log(conn, log_id)
            if question_id is not None and given is not None and given[0]:
                # A tombstone, so the answer goes from every computer it has reached or will reach
                record.answer_undone(conn, given[0], question_id, self._ts(), given[1])
            for sibling, _ in buried:  # unburied, unless something else buried it since
                unburied = conn.execute("UPDATE cards SET buried_until = 0 WHERE question_id = ? AND buried_until = ?",
                                        (sibling, self._day_end)).rowcount
                if unburied:
                    record.card_changed(conn, sibling, self._ts(), {"buried_until": 0})
        if question_id is None:
            return None
        for sibling, queue in buried:
            if queue:
                (self._queues.new if queue == "new" else self._queues.reviews).appendleft(sibling)
        self._queues.discard(question_id)
        if self._picked is not None and self._picked != question_id:
            # The question on screen was handed out but not answered: it waits right after the undone one
            # (dropping it lost a card from the session and its count).
            self._front.append(self._picked)
        self._picked = None
        self._front.append(question_id)
        self.answered -= 1
        return question_id

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def forget(self, question_id: str) -> None:
        """Drop a question from this session (used after bury/suspend)."""
        if question_id == self._picked:
            self._picked = None
        self._queues.discard(question_id)
        if question_id in self._front:
            self._front.remove(question_id)
