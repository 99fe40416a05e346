"""StudyService: the one object the UI holds. Opens the store, syncs banks, counts, starts sessions."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from random import Random

from quizapp.bank.lazy import heads
from quizapp.bank.model import Question
from quizapp.srs.days import day_start, next_day_start
from quizapp.srs.optimizer import optimize_parameters
from quizapp.srs.scheduling import NEW, Srs
from quizapp.store import backups
from quizapp.store.connection import DEFAULT_SYNCHRONOUS, Synchronous
from quizapp.store.storage_errors import storage_error
from quizapp.store.store import FLUSH_EVERY, Store, database_path, open_store
from quizapp.study import cards
from quizapp.study.clock import Clock, SystemClock
from quizapp.study.counts import TopicCounts, home_counts, tag_counts, topic_counts, total
from quizapp.study.devicesync import record
from quizapp.study.queues import Queues, Siblings, answered_today, build_queues
from quizapp.study.selection import Selection
from quizapp.study.session import ReviewSession
from quizapp.study.settings import Settings
from quizapp.study.sync import SyncReport, sync_cards


@dataclass(frozen=True, slots=True)
class HomeNumbers:
    """The home screen's figures (StudyService.home)."""

    topics: dict[str, TopicCounts]
    tags: dict[str, dict[str, TopicCounts]]
    weak: tuple[str, ...]
    today: tuple[int, int]


def weakest(counts: Mapping[str, TopicCounts], limit: int = 3) -> list[TopicCounts]:
    """Studied topics with the lowest mean retrievability (recall) first."""
    studied = [c for c in counts.values() if c.recall is not None]
    return sorted(studied, key=lambda c: (c.recall, c.topic))[:limit]


class StudyService:
    """Progress of one student (one data folder). Use from one thread at a time; close() when done."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.settings = Settings(store, clock)
        self._opening = False  # finish_opening() still to run

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None,
             synchronous: Synchronous = DEFAULT_SYNCHRONOUS, defer_checks: bool = False) -> StudyService:
        """Open or create the progress database in `data_dir`, migrating and backing it up as needed.

        Raises NewerDatabaseError / CorruptDatabaseError (quizapp.store.errors) with `.message` for
        the student and `.newest_backup` (a Path or None); the file is then left untouched. To start
        from a backup, call `StudyService.restore_backup(data_dir, error.newest_backup)` and open again.
        AlreadyOpenError: another quizapp has the folder open; StorageError: the folder or disk
        cannot be used (missing, read-only, full). Both are StoreErrors with a `.message` too.

        defer_checks (the desktop app): the first start of the day's integrity check and daily backup
        are left to `finish_opening()`, which the app runs after its first paint, off the GUI thread;
        reads work at once, writes wait for the check (and fail with CorruptDatabaseError if it does).
        """
        clock = clock or SystemClock()
        now = clock.now()
        store = open_store(Path(data_dir), now, synchronous, defer_check=defer_checks)
        try:
            try:
                service = cls(store, clock)
            except sqlite3.DatabaseError:
                if not store.check_pending:
                    raise
                store.run_check()  # a file too damaged to read its settings: say so as the check does
                raise
            if defer_checks:
                service._opening = True
            else:
                store.make_daily_backup(now, service.settings.get("backup_keep"))
        except BaseException:
            store.close()  # and its folder lock: a failed open must not block the next attempt
            raise
        return service

    @property
    def opening_work(self) -> bool:
        """True until finish_opening() has run after open(defer_checks=True)."""
        return self._opening

    def finish_opening(self, progress: Callable[[str], None] | None = None) -> None:
        """The work open(defer_checks=True) left: the integrity check, then today's backup. Safe to run on
        a thread of its own while the service's own thread reads (it uses connections of its own).
        `progress` hears "check" and "backup" as each starts. CorruptDatabaseError if the check fails."""
        if progress is not None:
            progress("check")
        self.store.run_check()
        now = self.clock.now()
        if progress is not None and not backups.has_daily_backup(self.store.data_dir, now):
            progress("backup")
        self.store.make_daily_backup(now, self.settings.get("backup_keep"))
        self._opening = False

    @classmethod
    def open_readonly(cls, data_dir: Path, clock: Clock | None = None) -> StudyService:
        """The progress in `data_dir` for reading only, even while the app has the folder open.

        For reports such as `quizapp stats`: no lock, sync, migration or backup. Reading methods work
        (counts, statistics); a writing one raises StorageError. StoreError (or
        NewerDatabaseError) if there is no database, it needs an upgrade, or a newer quizapp wrote it.
        """
        from quizapp.store.store import open_store_readonly

        return cls(open_store_readonly(Path(data_dir)), clock or SystemClock())

    @staticmethod
    def restore_backup(data_dir: Path, backup: Path, clock: Clock | None = None) -> Path:
        """Replace the progress file with `backup`; the old file is moved aside (returned), not deleted.

        AlreadyOpenError if quizapp has the folder open, StorageError if the folder cannot be written.
        """
        now = (clock or SystemClock()).now()
        try:
            return backups.restore_backup(database_path(Path(data_dir)), Path(backup), now)
        except OSError as exc:
            raise storage_error(exc, Path(data_dir)) from exc

    def close(self) -> None:
        self.store.close()

    def idle(self, after_answer: bool = False) -> None:
        """Housekeeping for quiet moments: move the WAL into the database file and restart it, so no
        answer's commit has to (Store.flush_wal). after_answer: the moment while an answer's feedback is
        read, when this is done only once FLUSH_EVERY answers have gathered; otherwise (on the home
        screen, after a session) whenever anything was written."""
        self.store.flush_wal(FLUSH_EVERY if after_answer else 1)

    def __enter__(self) -> StudyService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- time and scheduling -------------------------------------------------------------
    def srs(self) -> Srs:
        return Srs(self.settings.srs_config())

    def _day(self) -> tuple[datetime, int, int]:
        now = self.clock.now()
        hour = self.settings.get("rollover_hour")
        return now, int(day_start(now, hour).timestamp()), int(next_day_start(now, hour).timestamp())

    # --- banks and counts ----------------------------------------------------------------
    def sync(self, questions: Mapping[str, Question]) -> SyncReport:
        """Match cards to the loaded questions (call after every bank load, before counts/sessions)."""
        return sync_cards(self.store, questions, int(self.clock.now().timestamp()))

    def counts(self, selection: Selection | None = None) -> dict[str, TopicCounts]:
        """Per-topic counts for the home screen (active cards only; see TopicCounts)."""
        now, _, day_end = self._day()
        return topic_counts(self.store.conn, self.srs(), selection or Selection(), now, day_end)

    def tag_counts(self) -> dict[str, dict[str, TopicCounts]]:
        """topic -> tag -> counts, as `counts(Selection.of(tags=[tag]))` gives them, for every tag at once."""
        now, _, day_end = self._day()
        return tag_counts(self.store.conn, self.srs(), now, day_end)

    def totals(self, selection: Selection | None = None) -> TopicCounts:
        return total(self.counts(selection))

    def today(self) -> tuple[int, int]:
        """(new cards introduced, reviews done) so far in this study day."""
        _, start, _ = self._day()
        return answered_today(self.store.conn, start)

    # --- sessions ------------------------------------------------------------------------
    def start_session(self, questions: Mapping[str, Question], selection: Selection | None = None,
                      seed: int | None = None, extra_new: int = 0) -> ReviewSession:
        """Due learning cards first, then due reviews, with new cards mixed in, within today's limits.

        `extra_new`: new cards beyond what today's limit leaves, for this session (Anki's "extra new cards
        today" when a student studies one topic)."""
        now, start, day_end = self._day()
        new_done, reviews_done = answered_today(self.store.conn, start)
        cfg = self.settings.srs_config()
        siblings = Siblings.of(heads(questions).values())
        queues = build_queues(
            self.store.conn, selection or Selection(), questions, now=int(now.timestamp()), day_end=day_end,
            new_limit=max(0, cfg.new_per_day - new_done) + max(0, extra_new),
            review_limit=max(0, cfg.reviews_per_day - reviews_done),
            new_order=self.settings.get("new_order"), rng=Random(seed), siblings=siblings)
        return ReviewSession(self.store, Srs(cfg), questions, queues, clock=self.clock.now, day_end=day_end,
                             seed=seed, siblings=siblings)

    def weak_topics(self, limit: int = 3) -> list[TopicCounts]:
        """Studied topics with the lowest mean retrievability (recall) first."""
        return weakest(self.counts(), limit)

    def home(self) -> HomeNumbers:
        """Everything the home screen shows: per topic, per tag, the weakest topics and today's work."""
        now, _, day_end = self._day()
        topics, tags = home_counts(self.store.conn, self.srs(), now, day_end)
        return HomeNumbers(topics, tags, tuple(c.topic for c in weakest(topics)), self.today())

    def start_drill(self, questions: Mapping[str, Question], topics: list[str] | None = None, size: int = 20,
                    seed: int | None = None) -> ReviewSession:
        """A drill over the weakest topics: their least-remembered studied cards, due or not.

        Answers are scheduled by FSRS as usual (an early review is still a review).
        """
        names = topics if topics is not None else [c.topic for c in self.weak_topics()]
        now, _, day_end = self._day()
        srs = self.srs()
        where, params = Selection.of(topics=names).sql("c")
        rows = self.store.conn.execute(
            f"SELECT c.question_id FROM cards c WHERE c.active = 1 AND c.suspended = 0 AND c.state != {NEW} "
            f"AND c.stability > 0 AND {where} ORDER BY pow(1.0 + :factor * max(0, (:now - c.last_review) / 86400) "
            "/ c.stability, :decay), c.question_id",
            {"factor": srs.factor, "decay": srs.decay, "now": int(now.timestamp()), **params})
        picked = [qid for (qid,) in rows if qid in questions][:size] if names else []
        return ReviewSession(self.store, srs, questions, Queues(reviews=deque(picked)),
                             clock=self.clock.now, day_end=day_end, seed=seed)

    # --- card actions --------------------------------------------------------------------
    def _set(self, question_id: str, **values: object) -> bool:
        # The change and its sync event are one transaction: the other computers get exactly what was done.
        with self.store.transaction() as conn:
            changed = cards.set_flags(conn, question_id, **values)
            if changed:
                record.card_changed(conn, question_id, int(self.clock.now().timestamp()), values)
            return changed

    def bury(self, question_id: str) -> bool:
        """Hide the card until the next study day begins."""
        return self._set(question_id, buried_until=self._day()[2])

    def unbury(self, question_id: str) -> bool:
        return self._set(question_id, buried_until=0)

    def suspend(self, question_id: str) -> bool:
        """Hide the card until unsuspended (its schedule is kept)."""
        return self._set(question_id, suspended=1)

    def unsuspend(self, question_id: str) -> bool:
        return self._set(question_id, suspended=0)

    def flag(self, question_id: str, reason: str = "flagged") -> bool:
        return self._set(question_id, flagged=1, flag_reason=reason)

    def unflag(self, question_id: str) -> bool:
        return self._set(question_id, flagged=0, flag_reason=None)

    def card(self, question_id: str) -> cards.CardRow | None:
        return cards.load(self.store.conn, question_id)

    def reset_topic(self, topic: str) -> int:
        """Forget progress on every card of `topic` (they become new). The review log is kept."""
        with self.store.transaction() as conn:
            ids = [qid for (qid,) in conn.execute("SELECT question_id FROM cards WHERE topic = ?", (topic,))]
            cur = conn.execute(
                "UPDATE cards SET state = 0, step = NULL, stability = NULL, fsrs_difficulty = NULL, due = 0, "
                "last_review = NULL, reps = 0, lapses = 0, leech = 0, buried_until = 0 WHERE topic = ?", (topic,))
            record.cards_reset(conn, ids, int(self.clock.now().timestamp()))
            return cur.rowcount

    # --- parameters --------------------------------------------------------------------
    def optimize_parameters(self) -> tuple[float, ...]:
        """Fit FSRS to this student's review log and keep the result (setting fsrs_parameters).

        Raises OptimizerUnavailable (with a readable message) when the optional dependencies are
        missing or there are too few reviews; check `optimizer_available()` first to hide the button.
        """
        numbers: dict[str, int] = {}
        rows = self.store.conn.execute(
            "SELECT question_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id")
        reviews = [(numbers.setdefault(qid, len(numbers)), rating, at, ms) for qid, rating, at, ms in rows]
        fitted = optimize_parameters(reviews)
        self.settings.set("fsrs_parameters", list(fitted))
        return fitted

    # --- backups -------------------------------------------------------------------------
    def backups(self) -> list[Path]:
        return backups.list_backups(self.store.data_dir)

    def backup_now(self) -> Path:
        now = self.clock.now().astimezone(UTC)
        return backups.copy_database(self.store.path, backups.backup_dir(self.store.data_dir)
                                     / f"manual-{now:%Y%m%dT%H%M%S}{backups.SUFFIX}")
