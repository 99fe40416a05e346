"""The window's link to the study layer: every call on the one database worker, results by callback.

The StudyService and its ReviewSession are used from that worker only (they hold one SQLite
connection), so the GUI thread never waits on the disk; bank parsing runs on the general pool.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from quizapp import paths
from quizapp.bank.grading import Result
from quizapp.bank.loader import LoadResult
from quizapp.bank.model import Question, Source
from quizapp.ui import background, banks, fmt
from quizapp.ui.background import release, run_in_background
from quizapp.ui.i18n import tr

if TYPE_CHECKING:  # the study layer (and SQLAlchemy under it) is imported on the worker, after first paint
    from quizapp.study import (
        Clock,
        Remaining,
        ReviewSession,
        Selection,
        StudyItem,
        StudyService,
        SyncReport,
        TopicCounts,
    )

RATINGS = (1, 2, 3, 4)


@dataclass(frozen=True, slots=True)
class Focus:
    """What the student chose to study: a topic, a tag within it, or (both empty) everything due."""

    topic: str = ""
    tag: str = ""
    extra_new: int = 0  # new cards beyond today's limit, for a session over this topic

    def selection(self) -> Selection:
        from quizapp.study import Selection

        return Selection.of(topics=[self.topic] if self.topic else [], tags=[self.tag] if self.tag else [])


@dataclass(frozen=True, slots=True)
class Step:
    """Everything the review screen needs to show the next moment of a session."""

    item: StudyItem | None
    intervals: dict[int, timedelta]
    remaining: Remaining
    answered: int
    can_undo: bool
    next_due_at: datetime | None = None
    message: str = ""


@dataclass(frozen=True, slots=True)
class Overview:
    """The home screen's numbers: per topic, per tag within a topic, the totals and today's work.

    `tag_names` (topic -> its tags) and `titles` (topic -> bank title) describe the loaded banks, so
    the window never walks every question on the GUI thread.
    """

    topics: dict[str, TopicCounts]
    tags: dict[str, dict[str, TopicCounts]]
    totals: TopicCounts
    today: tuple[int, int]
    weak: tuple[str, ...] = ()
    tag_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    new_left: int = 0  # new cards today's limit still allows (whatever the banks hold)

    @property
    def new_today(self) -> int:
        """New cards a session started now would introduce: the limit left, or fewer if fewer are unseen."""
        return min(self.new_left, self.totals.new)


@dataclass(slots=True)
class BankUpdate:
    """A finished (re)load: the banks, what sync did to the cards, and fresh counts."""

    loaded: banks.Loaded
    sync: SyncReport
    overview: Overview


@dataclass(slots=True)
class _State:
    service: StudyService | None = None
    session: ReviewSession | None = None
    questions: Mapping[str, Question] = field(default_factory=dict)


class Bridge(QObject):
    """Asynchronous front of StudyService for the widgets; `failed` reports any error from the worker."""

    failed = Signal(object)
    opening_progress = Signal(str)  # finish_opening's stage: "check", "backup"
    # The deferred integrity check failed (in finish_opening or under a write that waited for it): the
    # database is closed by then; emitted once per open.
    damaged = Signal(object)

    def __init__(self, data_dir: Path, clock: Clock | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.clock = clock
        self._state = _State()
        self.loaded: banks.Loaded | None = None
        self.settings: dict[str, Any] = {}
        self._damage_told = False

    # ----- plumbing
    def _run(self, fn: Callable[[], Any], done: Callable[[Any], None]) -> None:
        run_in_background(fn, done, self._failure, serial=True)

    def _failure(self, exc: BaseException) -> None:
        from quizapp.store.errors import CorruptDatabaseError

        if not isinstance(exc, CorruptDatabaseError):
            self.failed.emit(exc)
        elif not self._damage_told:  # every write queued behind the check fails the same way
            self._damage_told = True
            self.close()
            background.pool(serial=True).waitForDone()  # closed, so a backup can be put in its place
            self.damaged.emit(exc)

    @property
    def service(self) -> StudyService:
        if self._state.service is None:
            raise RuntimeError("the progress database is not open")
        return self._state.service

    # ----- opening and closing
    def open(self, done: Callable[[StudyService], None], failed: Callable[[BaseException], None]) -> None:
        """Open the progress database; `failed` gets NewerDatabaseError / CorruptDatabaseError."""
        def work() -> StudyService:
            from quizapp.study import StudyService

            # The first start of the day's integrity check and backup wait for finish_opening (after the
            # first paint); writes wait for the check meanwhile (quizapp/store/store.py).
            service = StudyService.open(self.data_dir, self.clock, defer_checks=True)
            self._state.service = service
            return service

        def opened(service: StudyService) -> None:
            self.settings = service.settings.values()
            self._damage_told = False
            done(service)

        run_in_background(work, opened, failed, serial=True)

    def finish_opening(self, done: Callable[[None], None]) -> None:
        """The open's deferred work (integrity check, then today's backup) on the general pool: it uses
        connections of its own, so the database worker goes on reading; progress by `opening_progress`,
        a failed check by `damaged`."""
        service = self._state.service
        if service is None or not service.opening_work:
            done(None)
            return
        run_in_background(lambda: service.finish_opening(self.opening_progress.emit), done, self._failure)

    def close(self) -> None:
        """Close the database on its worker (waited for by the caller through background.wait_all)."""
        state = self._state

        def work() -> None:
            if state.service is not None:
                state.service.close()
                state.service = None

        self._run(work, lambda _: None)

    # ----- banks
    def load_banks(self, bank_paths: list[Path], done: Callable[[BankUpdate], None]) -> None:
        """Parse banks on the general pool, then sync cards and count on the database worker."""
        previous = self.loaded.result if self.loaded is not None else None
        cache = paths.bank_cache_dir(self.data_dir)

        def parse() -> banks.Loaded:
            return banks.load(bank_paths, cache, previous)

        def parsed(loaded: banks.Loaded) -> None:
            def sync() -> BankUpdate:
                self._state.questions = loaded.result.questions
                with banks.collector_paused():
                    report = self.service.sync(loaded.result.questions)
                    return BankUpdate(loaded, report, self._overview(loaded))

            def synced(update: BankUpdate) -> None:
                old, self.loaded = self.loaded, update.loaded
                if old is not None:
                    release(old)
                done(update)

            self._run(sync, synced)

        run_in_background(parse, parsed, self.failed.emit)

    def idle(self, after_answer: bool = False) -> None:
        """A quiet moment (after an answer, back home): let the study layer flush its write-ahead log."""
        if self._state.service is not None:
            self._run(lambda: self.service.idle(after_answer), lambda _none: None)

    def overview(self, done: Callable[[Overview], None]) -> None:
        loaded = self.loaded or banks.Loaded(LoadResult())
        self._run(lambda: self._overview(loaded), done)

    def _overview(self, loaded: banks.Loaded) -> Overview:
        from quizapp.study.counts import total

        service = self.service
        home = service.home()
        new_left = max(0, int(service.settings.get("new_per_day")) - home.today[0])
        return Overview(home.topics, home.tags, total(home.topics), home.today, home.weak, loaded.tag_names,
                        loaded.titles, new_left)

    @property
    def sources(self) -> Mapping[str, Source]:
        return self.loaded.result.sources if self.loaded else {}

    def root_of(self, question: Question) -> Path | None:
        return self.loaded.root_of(question) if self.loaded else None

    # ----- sessions
    def start(self, focus: Focus, done: Callable[[Step], None], *, weak: bool = False) -> None:
        """A new session over `focus` (or a drill over the weakest topics) and its first step."""
        def work() -> Step:
            service, questions = self.service, self._state.questions
            session = (service.start_drill(questions) if weak
                       else service.start_session(questions, focus.selection(), extra_new=focus.extra_new))
            self._state.session = session
            return self._step(session)

        self._run(work, done)

    def start_with(self, make: Callable[[StudyService, Mapping[str, Question]], ReviewSession],
                   done: Callable[[Step], None], message: str = "",
                   failed: Callable[[BaseException], None] | None = None) -> None:
        """A session built by `make(service, questions)` on the worker (custom study), and its first step."""
        def work() -> Step:
            session = make(self.service, self._state.questions)
            self._state.session = session
            return self._step(session, message)

        run_in_background(work, done, failed or self.failed.emit, serial=True)

    def _step(self, session: ReviewSession, message: str = "") -> Step:
        item = session.next()
        intervals = {}
        if item is not None:
            intervals = {int(r): d for r, d in session.intervals(item.question_id).items()}
        return Step(item, intervals, session.remaining, session.answered, session.can_undo,
                    session.next_due_at if item is None else None, message)

    def current(self, done: Callable[[Step], None]) -> None:
        self._with_session(lambda s: self._step(s), done)

    def _with_session(self, fn: Callable[[ReviewSession], Step], done: Callable[[Step], None]) -> None:
        def work() -> Step:
            session = self._state.session
            if session is None:
                raise RuntimeError("no study session is running")
            return fn(session)

        self._run(work, done)

    def answer(self, question_id: str, response: Any, result: Result | None, rating: int,
               duration_ms: int | None, confident: bool | None, done: Callable[[Step], None]) -> None:
        """Store the answer (committed before `done` runs) and fetch the next step."""
        def work(session: ReviewSession) -> Step:
            outcome = session.answer(question_id, response, result, rating, duration_ms, confident)
            if outcome.practice:
                return self._step(session, tr("Practice answer saved; the card's schedule is unchanged."))
            note = tr("Saved. Back in {}.").format(fmt.interval(outcome.interval))
            if outcome.became_leech:
                note += " " + (tr("This question is now a leech and was suspended.") if outcome.suspended
                               else tr("This question is now a leech."))
            return self._step(session, note)

        def shown(step: Step) -> None:
            done(step)
            self._after_answer()

        self._with_session(work, shown)

    def _after_answer(self) -> None:
        """While the student reads an answer's feedback: flush the WAL now and then, and read the text of
        the questions that can come next (on the database worker, like everything of the session)."""
        state = self._state

        def work() -> None:
            if state.service is not None:
                state.service.idle(after_answer=True)
            if state.session is not None:
                state.session.prepare_next()

        self._run(work, lambda _none: None)

    def undo(self, done: Callable[[Step], None]) -> None:
        def work(session: ReviewSession) -> Step:
            qid = session.undo()
            return self._step(session, tr("Answer undone.") if qid else tr("Nothing to undo in this session."))

        self._with_session(work, done)

    def put_aside(self, question_id: str, kind: str, done: Callable[[Step], None]) -> None:
        """Bury (until tomorrow) or suspend a question and move on."""
        def work(session: ReviewSession) -> Step:
            if kind == "bury":
                self.service.bury(question_id)
            else:
                self.service.suspend(question_id)
            session.forget(question_id)
            return self._step(session, tr("Buried until tomorrow.") if kind == "bury" else tr("Suspended."))

        self._with_session(work, done)

    def set_flag(self, question_id: str, flagged: bool, done: Callable[[bool], None]) -> None:
        self._run(lambda: (self.service.flag if flagged else self.service.unflag)(question_id), done)

    def suggested_rating(self, result: Result | None, duration_ms: int | None, confident: bool | None) -> int | None:
        """The rating the grade suggests (pure: reads only the session's configuration)."""
        session = self._state.session
        rating = session.suggested_rating(result, duration_ms, confident) if session else None
        return int(rating) if rating is not None else None

    @property
    def ask_confidence(self) -> bool:
        return bool(self.settings.get("ask_confidence", False))

    # ----- settings
    def save_settings(self, changes: dict[str, Any], done: Callable[[dict[str, Any]], None]) -> None:
        """Validate and store settings; `done` gets the values as stored (ValueError goes to `failed`)."""
        def work() -> dict[str, Any]:
            stored = {key: self.service.settings.set(key, value) for key, value in changes.items()}
            self.settings = self.service.settings.values()
            return stored

        self._run(work, done)
