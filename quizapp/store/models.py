"""The progress tables as typed SQLAlchemy models: cards, review and practice logs, settings, exam attempts,
push marks, device sync.

Times are integer Unix seconds (UTC) so the hot path and the indexes need no conversion;
`quizapp.store.timeutil` turns them into aware datetimes.
"""

from __future__ import annotations

from uuid import uuid4

from sqlalchemy import Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


# Card states: FSRS's three plus "new" (never answered), which FSRS folds into Learning step 0.
NEW, LEARNING, REVIEW, RELEARNING = 0, 1, 2, 3


class Card(Base):
    """Scheduling state of one question id, plus the bank facts the selections and counts filter on."""

    __tablename__ = "cards"

    question_id: Mapped[str] = mapped_column(String, primary_key=True)
    topic: Mapped[str] = mapped_column(String, default="")
    difficulty: Mapped[int | None] = mapped_column(Integer)  # the bank's 1..5, not FSRS difficulty
    position: Mapped[int] = mapped_column(Integer, default=0)  # order in the loaded banks
    content_hash: Mapped[str] = mapped_column(String, default="")
    tags: Mapped[str] = mapped_column(Text, default="")  # sorted, newline-joined; card_tags is what selects
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: gone from the banks, history kept

    state: Mapped[int] = mapped_column(Integer, default=NEW)
    step: Mapped[int | None] = mapped_column(Integer)
    stability: Mapped[float | None] = mapped_column(Float)
    fsrs_difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[int] = mapped_column(Integer, default=0)
    last_review: Mapped[int | None] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer, default=0)
    lapses: Mapped[int] = mapped_column(Integer, default=0)

    suspended: Mapped[bool] = mapped_column(Boolean, default=False)
    buried_until: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reason: Mapped[str | None] = mapped_column(String)
    leech: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        # Cover the counts per topic, the session queues and searches (migration 0005), so none of them
        # reads the table itself.
        Index("ix_cards_counts", "topic", "active", "state", "due", "suspended", "buried_until", "flagged",
              "leech", "last_review", "stability", "fsrs_difficulty", "lapses", "reps", "position", "question_id"),
        Index("ix_cards_state_due", "state", "due", "active", "suspended", "buried_until", "position", "question_id"),
    )


class CardTag(Base):
    """One row per (question, tag): tag selections use the index instead of scanning a text column."""

    __tablename__ = "card_tags"

    question_id: Mapped[str] = mapped_column(
        String, ForeignKey("cards.question_id", ondelete="CASCADE", onupdate="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String, primary_key=True)

    __table_args__ = (Index("ix_card_tags_tag", "tag"),)


class ReviewLog(Base):
    """One answer: what the student gave (JSON), how it scored, the rating, and the card before it."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # uuid4 hex, the same on every computer and server the answer reaches (a trigger fills it if a writer forgets)
    uid: Mapped[str | None] = mapped_column(String)
    question_id: Mapped[str] = mapped_column(String)
    reviewed_at: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    response: Mapped[str | None] = mapped_column(Text)  # JSON, shapes as in quizapp.bank.grading
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    confident: Mapped[bool | None] = mapped_column(Boolean)
    state_before: Mapped[int] = mapped_column(Integer)
    card_before: Mapped[str] = mapped_column(Text)  # JSON snapshot, so undo can restore it exactly
    # The computer whose sync files hold this answer; NULL: made here, not yet written to a sync folder.
    device: Mapped[str | None] = mapped_column(String)

    __table_args__ = (
        Index("ix_review_log_question", "question_id", "reviewed_at"),
        Index("ix_review_log_time", "reviewed_at"),
        Index("ux_review_log_uid", "uid", unique=True),
        Index("ix_review_log_unsynced", "id", sqlite_where=text("device IS NULL")),
    )


class PushMark(Base):
    """How far the review log has been pushed to one target (a class server, another computer).

    Rows up to `last_id` are confirmed there; `last_uid` is that row's uid, so an answer undone after the
    push (its id then reused) is noticed and everything is offered again (the target ignores what it has).
    """

    __tablename__ = "push_marks"

    target: Mapped[str] = mapped_column(String, primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_uid: Mapped[str | None] = mapped_column(String)
    peer: Mapped[str | None] = mapped_column(String)  # the target's own id (a class's uid): a new one starts over
    pushed_at: Mapped[int] = mapped_column(Integer)


class PracticeLog(Base):
    """One practice answer (custom study that leaves schedules alone): what a review row holds, minus
    the card's state, which a practice answer never changes. Statistics and FSRS read review_log only."""

    __tablename__ = "practice_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    question_id: Mapped[str] = mapped_column(String)
    reviewed_at: Mapped[int] = mapped_column(Integer)
    rating: Mapped[int] = mapped_column(Integer)
    score: Mapped[float | None] = mapped_column(Float)
    response: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[int | None] = mapped_column(Integer)
    confident: Mapped[bool | None] = mapped_column(Boolean)

    __table_args__ = (
        Index("ix_practice_log_question", "question_id", "reviewed_at"),
        Index("ix_practice_log_time", "reviewed_at"),
    )


class Setting(Base):
    """A user setting: key and JSON value. Declarations live in quizapp.study.settings."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class IdAlias(Base):
    """An old question id mapped to its new one (the bank's `replaces`), kept for the record."""

    __tablename__ = "id_aliases"

    old_id: Mapped[str] = mapped_column(String, primary_key=True)
    new_id: Mapped[str] = mapped_column(String)
    mapped_at: Mapped[int] = mapped_column(Integer)


class ExamAttempt(Base):
    """A mock exam sitting; the exam feature fills it (question ids, responses and results as JSON)."""

    __tablename__ = "exam_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    started_at: Mapped[int] = mapped_column(Integer)
    finished_at: Mapped[int | None] = mapped_column(Integer)
    time_limit_s: Mapped[int | None] = mapped_column(Integer)
    selection: Mapped[str] = mapped_column(Text, default="{}")
    question_ids: Mapped[str] = mapped_column(Text, default="[]")
    responses: Mapped[str] = mapped_column(Text, default="{}")
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    meta: Mapped[str] = mapped_column(Text, default="{}")
    # uuid4 hex naming the sitting on every computer it is synced to (a trigger fills it if a writer forgets)
    uid: Mapped[str | None] = mapped_column(String, default=lambda: uuid4().hex)

    __table_args__ = (
        Index("ix_exam_attempts_started", "started_at"),
        Index("ux_exam_attempts_uid", "uid", unique=True),
    )


class SyncEvent(Base):
    """One synced event other than an answer: undo, card action, setting, exam, drill (quizapp.study.devicesync).

    `id` is global (the same in every sync folder and on every computer); `device` is the computer that made
    it, NULL while it was made here and is not yet written. `ref` is what the event is about besides a
    question: the answer an undo takes back, a setting's key, a drill's exam.
    """

    __tablename__ = "sync_events"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    kind: Mapped[str] = mapped_column(String)
    device: Mapped[str | None] = mapped_column(String)
    at: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str | None] = mapped_column(String)
    ref: Mapped[str | None] = mapped_column(String)
    body: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")  # JSON

    __table_args__ = (
        Index("ix_sync_events_question", "question_id", "at"),
        Index("ix_sync_events_ref", "kind", "ref"),
        Index("ix_sync_events_unsynced", "at", sqlite_where=text("device IS NULL")),
    )


class SyncFile(Base):
    """A segment file of a sync folder that this computer wrote ("writing" until it is complete) or merged."""

    __tablename__ = "sync_files"

    folder: Mapped[str] = mapped_column(String, primary_key=True)
    path: Mapped[str] = mapped_column(String, primary_key=True)  # "<device dir>/<file name>"
    state: Mapped[str] = mapped_column(String)  # writing | wrote | read
    device: Mapped[str | None] = mapped_column(String)
    size: Mapped[int | None] = mapped_column(Integer)
    mtime_ns: Mapped[int | None] = mapped_column(Integer)
    events: Mapped[int | None] = mapped_column(Integer)
    done_at: Mapped[int] = mapped_column(Integer)


class SyncState(Base):
    """This computer's sync identity and marks: key and JSON value (quizapp.study.devicesync.bookkeeping)."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
