"""Exam mode in the main window: its three screens, the Exam menu, and their database work on the worker.

`install(window)` is the one call the main window makes. The sitting (an ExamRun) lives on the GUI
thread; every change is saved through quizapp.study.exam_store on the database worker, at most one
save in flight and the latest state written next, so an interrupted exam resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from quizapp.bank.lazy import heads
from quizapp.bank.model import Question
from quizapp.study import StudyService, SystemClock
from quizapp.study import exam_store as store
from quizapp.study.blueprint import EXAM_TYPES, Blueprint, custom_blueprint, load_blueprints
from quizapp.study.exam import ExamError, ExamRun, ExamScore
from quizapp.ui import shortcuts
from quizapp.ui.background import run_in_background
from quizapp.ui.host import DrillRequest, Host
from quizapp.ui.i18n import tr

if TYPE_CHECKING:  # the screens are built (and their modules imported) when exam mode is first opened
    from quizapp.ui.exam.results import ExamResultsScreen
    from quizapp.ui.exam.screen import ExamScreen
    from quizapp.ui.exam.setup import ExamSetupScreen


class ExamFlow(QObject):
    """Routes between the exam screens and runs their work; created by install()."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = window.bridge
        self.clock = self.bridge.clock or SystemClock()
        self._screens: tuple[ExamSetupScreen, ExamScreen, ExamResultsScreen] | None = None
        self.run: ExamRun | None = None
        self.attempt_id: int | None = None
        self.questions: dict[str, Question] = {}
        self.saving = self.dirty = False
        self.opening = False  # a sitting is being started or resumed on the worker: ignore repeats
        self.asked_to_resume = False
        self._menu()
        self.window.banks_painted.connect(self._banks_shown)
        window.installEventFilter(self)

    # ----- the screens, built on first use: their modules cost the app's start ~0.1 s of imports
    def _built(self) -> tuple[ExamSetupScreen, ExamScreen, ExamResultsScreen]:
        if self._screens is None:
            from quizapp.ui.exam.results import ExamResultsScreen
            from quizapp.ui.exam.screen import ExamScreen
            from quizapp.ui.exam.setup import ExamSetupScreen

            window = self.window
            self._screens = (ExamSetupScreen(window), ExamScreen(self.clock, self.bridge.root_of, window),
                             ExamResultsScreen(self.bridge.root_of, lambda: self.bridge.sources, window))
            for widget in self._screens:
                window.stack.addWidget(widget)
            self._connect()
        return self._screens

    @property
    def setup(self) -> ExamSetupScreen:
        return self._built()[0]

    @property
    def screen(self) -> ExamScreen:
        return self._built()[1]

    @property
    def results(self) -> ExamResultsScreen:
        return self._built()[2]

    # ----- wiring
    def _menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu(tr("E&xam"), bar)
        take = QAction(tr("&Take an exam…"), menu)
        take.setShortcut(QKeySequence(shortcuts.keys("exams")[0]))
        take.triggered.connect(self.open)
        history = QAction(tr("Exam &history"), menu)
        history.setShortcut(QKeySequence(shortcuts.keys("exam_history")[0]))
        history.triggered.connect(self.open_history)
        menu.addAction(take)
        menu.addAction(history)
        actions = bar.actions()
        bar.insertMenu(actions[-1], menu) if actions else bar.addMenu(menu)  # before Help
        self.menu = menu

    def _connect(self) -> None:
        s, e, r = self.setup, self.screen, self.results
        for screen in (s, r):
            screen.home_requested.connect(self.window.go_home)
            screen.attempt_opened.connect(self.open_attempt)
        s.blueprint_chosen.connect(self.start)
        s.custom_chosen.connect(self.start_custom)
        s.resume_requested.connect(self.resume)
        s.submit_requested.connect(self.submit_unfinished)
        e.changed.connect(self.save)
        e.left.connect(self.leave)
        e.submitted.connect(self.finish)
        r.drill_requested.connect(self.drill)
        r.export_requested.connect(self.export)
        r.study_requested.connect(self.study_mistakes)

    def _db(self, work: Callable[[StudyService], Any], done: Callable[[Any], None],
            failed: Callable[[BaseException], None] | None = None) -> None:
        """`work(service)` on the database worker; `done(result)` back on the GUI thread."""
        bridge = self.bridge

        def report(exc: BaseException) -> None:
            if failed is not None:
                failed(exc)
            bridge.failed.emit(exc)

        run_in_background(lambda: work(bridge.service), done, report, serial=True)

    def _loaded(self) -> tuple[Mapping[str, Question], dict[str, str]]:
        loaded = self.bridge.loaded
        if loaded is None:
            return {}, {}
        # The mapping itself, not a copy: a lazy load would read every question's text to copy it.
        return loaded.result.questions, loaded.result.topic_titles()

    # ----- the Exams page
    def open(self) -> None:
        """Ctrl+E: the Exams page (or stay in the exam on screen)."""
        if self.window.stack.currentWidget() is self.screen and self.run is not None:
            return
        self.window.review.stop()  # coming from a study session: its question timer stops
        self.window.stack.setCurrentWidget(self.setup)
        self.setup.show_message("")
        self.refresh()

    def leave(self) -> None:
        """The student stepped out of the exam: save it and show the Exams page, where it can be resumed."""
        self._flush()
        self.run = self.attempt_id = None
        self.open()

    def open_history(self) -> None:
        self.open()
        self.setup.history.list.setFocus()

    def refresh(self) -> None:
        """Fill the Exams page: blueprints of the open folders (parsed off the GUI thread), topics, history."""
        questions, titles = self._loaded()
        folders = [p for p in self.window.bank_paths if Path(p).is_dir()]
        usable: dict[str, int] = {}
        every: dict[str, int] = {}
        for q in heads(questions).values():
            every[q.topic] = every.get(q.topic, 0) + 1
            if q.qtype in EXAM_TYPES:
                usable[q.topic] = usable.get(q.topic, 0) + 1
        self.setup.set_topics({t: (titles.get(t, t), n, every[t]) for t, n in usable.items()})

        def parse() -> tuple[list[Blueprint], list]:
            found: list[Blueprint] = []
            problems: list = []
            for folder in folders:
                bps, probs = load_blueprints(Path(folder), questions)
                found.extend(bps)
                problems.extend(probs)
            return found, problems

        run_in_background(parse, lambda res: self.setup.set_blueprints(*res), self.bridge.failed.emit)
        self._db(lambda s: (store.unfinished(s), store.history(s)), self._page_data)

    def _page_data(self, data: tuple[store.Unfinished | None, list[store.Attempt]]) -> None:
        unfinished, attempts = data
        self.setup.set_unfinished(unfinished)
        self.setup.set_history(attempts)
        if self.window.stack.currentWidget() is self.setup:
            self.setup.focus_default()

    # ----- starting, resuming, saving
    def start_custom(self, topics: list[str], count: int, minutes: int) -> None:
        questions, _ = self._loaded()
        self.start(custom_blueprint(topics or None, count, minutes or None, questions))

    def start(self, blueprint: Blueprint) -> None:
        if self.opening:
            return
        if self.setup.unfinished is not None:
            self.setup.show_message(tr("Resume or submit your unfinished exam before starting another."))
            self.setup.focus_default()
            return
        questions, _ = self._loaded()
        try:
            run = ExamRun.start(blueprint, questions, self.clock)
        except ExamError as exc:
            self.setup.show_message(tr("This exam cannot be built from the open banks: {}.").format(exc))
            return
        self.opening = True
        self._db(lambda s: store.begin(s, run), lambda attempt_id: self._show_run(run, attempt_id, questions),
                 self._open_failed)

    def resume(self, attempt_id: int) -> None:
        if self.opening or self.run is not None:
            return
        self.opening = True
        questions, _ = self._loaded()
        self._db(lambda s: store.resume(s, attempt_id), lambda run: self._show_run(run, attempt_id, questions),
                 self._open_failed)

    def _open_failed(self, _exc: BaseException) -> None:
        self.opening = False

    def _show_run(self, run: ExamRun, attempt_id: int, questions: dict[str, Question]) -> None:
        self.opening = False
        self.run, self.attempt_id, self.questions = run, attempt_id, questions
        self.saving = self.dirty = False
        self.window.stack.setCurrentWidget(self.screen)
        self.screen.begin(run, questions, str(attempt_id))

    def save(self) -> None:
        """Write the sitting now, or right after the save in flight (only the latest state matters)."""
        run, attempt_id = self.run, self.attempt_id
        if run is None or attempt_id is None or run.submitted_at is not None:
            return
        if self.saving:
            self.dirty = True
            return
        self.saving = True
        state = store.snapshot(run, self.clock)
        self._db(lambda s: store.save(s, attempt_id, state), self._saved, lambda _exc: self._saved(None))

    def _saved(self, _result: object) -> None:
        self.saving = False
        if self.dirty:
            self.dirty = False
            self.save()

    def _flush(self) -> None:
        """Queue a save of the current state now, even with one in flight (the worker keeps the order)."""
        run, attempt_id = self.run, self.attempt_id
        if run is not None and attempt_id is not None and run.submitted_at is None:
            state = store.snapshot(run, self.clock)
            self._db(lambda s: store.save(s, attempt_id, state), lambda _: None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window is closing: queue the sitting's last save before the database closes."""
        if watched is self.window and event.type() == QEvent.Type.Close:
            if self._screens is not None:
                self.screen.stop()
            self._flush()
            self.run = self.attempt_id = None  # from now on the sitting is resumed from what was saved
        return False

    def _banks_shown(self) -> None:
        if self._screens is not None and self.window.stack.currentWidget() is self.setup:
            self.refresh()
        if not self.asked_to_resume:
            self.asked_to_resume = True
            self._db(store.unfinished, self._offer_resume)

    def _offer_resume(self, unfinished: store.Unfinished | None) -> None:
        """After a restart (or a crash): offer to go back into the unfinished exam."""
        if unfinished is None or self.run is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, tr("Unfinished exam"),
                          tr("“{}” was not submitted: {} of {} answered. Resume it now? The clock stopped when "
                             "the app closed.").format(unfinished.title, unfinished.answered, unfinished.total),
                          parent=self.window)
        resume = box.addButton(tr("Resume"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(tr("Later"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(resume)
        box.finished.connect(lambda _code: box.clickedButton() is resume and self.resume(unfinished.id))
        box.open()
        self.resume_box = box

    # ----- submitting and results
    def finish(self, score: ExamScore) -> None:
        run, attempt_id = self.run, self.attempt_id
        if run is None or attempt_id is None:
            return
        self._db(lambda s: store.finish(s, attempt_id, run, score), self._finished)

    def _finished(self, attempt: store.Attempt) -> None:
        self.run = self.attempt_id = None
        self._show_attempt(attempt, self.questions)

    def submit_unfinished(self, attempt_id: int) -> None:
        """Score an unfinished exam as it stands (the student chose not to resume it)."""
        questions, _ = self._loaded()

        def work(s: StudyService) -> store.Attempt:
            run = store.resume(s, attempt_id)
            return store.finish(s, attempt_id, run, run.submit(questions, s.clock))

        self._db(work, lambda attempt: self._show_attempt(attempt, questions))

    def open_attempt(self, attempt_id: int) -> None:
        questions, _ = self._loaded()
        self._db(lambda s: store.attempt(s, attempt_id), lambda attempt: self._show_attempt(attempt, questions))

    def _show_attempt(self, attempt: store.Attempt, questions: dict[str, Question]) -> None:
        _, titles = self._loaded()
        message = tr("Time ran out: the exam was submitted automatically.") if attempt.timed_out else ""
        self.results.show_attempt(attempt, questions, titles, message)
        self.window.stack.setCurrentWidget(self.results)
        self.results.show_tab(0)
        self._db(store.history, self.results.set_history)

    def drill(self, attempt_id: int) -> None:
        questions = self.results.questions

        def work(s: StudyService) -> tuple[store.Attempt, store.DrillOutcome]:
            outcome = store.schedule_mistakes(s, attempt_id, questions)
            return store.attempt(s, attempt_id), outcome

        self._db(work, lambda res: self.results.show_drill(*res))

    def study_mistakes(self) -> None:
        """After "drill my mistakes": a session of exactly the questions missed in this sitting, now."""
        attempt = self.results.attempt
        if attempt is not None:
            self.window.start_drill(DrillRequest(question_ids=tuple(i.question_id for i in attempt.mistakes())))

    def export(self, attempt_id: int) -> None:
        attempt = self.results.attempt
        if attempt is None or attempt.id != attempt_id:
            return
        from quizapp.ui.exam.export import choose_and_write

        _, titles = self._loaded()
        path = choose_and_write(self.window, attempt, self.results.questions, self.bridge.sources, titles)
        if path is not None:
            self.results.message.setText(tr("Report saved to {}").format(path))
            self.results.message.show()


def install(window: Host) -> ExamFlow:
    """Add exam mode to the main window (its screens in the stack, the Exam menu)."""
    return ExamFlow(window)
