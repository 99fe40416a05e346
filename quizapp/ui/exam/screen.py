"""The exam sitting: one question at a time without feedback, the navigator, the countdown, submit.

The `ExamRun` (quizapp.study.exam) owns the sitting; this screen renders it, forwards every answer and
flag to it and says when it changed, so the flow can save it. Every action has a key.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.model import Question
from quizapp.study import Clock
from quizapp.study.exam import ExamError, ExamRun
from quizapp.ui import fmt, shortcuts
from quizapp.ui.exam.confirm import SubmitDialog
from quizapp.ui.exam.navigator import Navigator
from quizapp.ui.exam.widgets import exam_widget, restore
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions import QuestionWidget
from quizapp.ui.questions.base import muted_label, set_state
from quizapp.ui.textview import reading_margin

HINT = "No feedback until you submit. Number keys choose; Enter goes to the next question."
HEARTBEAT_TICKS = 5  # save every few seconds too, so a killed app loses at most that much exam time
KEYS = {name: list(shortcuts.keys(f"exam_{name}"))
        for name in ("next", "previous", "flag", "submit", "navigator", "leave")}


class ExamScreen(QWidget):
    """Shows a running ExamRun. `changed`: save it; `submitted(score)`; `left`: the student stepped out."""

    changed = Signal()
    submitted = Signal(object)
    left = Signal()
    question_shown = Signal(int)

    def __init__(self, clock: Clock, root_of: Callable[[Question], Path | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.clock = clock
        self.root_of = root_of
        self.run: ExamRun | None = None
        self.questions: Mapping[str, Question] = {}
        self.seed_text = ""
        self.widget: QuestionWidget | None = None
        self.restoring = False
        self.ticks = 0
        self.dialog: SubmitDialog | None = None
        self._build()
        self._shortcuts()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self.tick)

    # ----- layout
    def _build(self) -> None:
        # The rows of buttons and labels flow onto more lines in a narrow window or with large text.
        top_row = QWidget(self)
        top = FlowLayout(top_row, hspacing=8, vspacing=4)
        self.leave_button = QPushButton(tr("← Leave (Esc)"), self)
        self.leave_button.setToolTip(tr("Step out: your answers are kept and the clock stops until you resume"))
        self.leave_button.clicked.connect(self.leave)
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.title.setMinimumWidth(40)  # a long title may be cut rather than widen the window
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.position = QLabel(self)
        self.position.setProperty("role", "muted")
        self.flag_mark = QLabel(self)
        self.flag_mark.setProperty("state", "partial")
        self.countdown = QLabel(self)
        self.countdown.setProperty("role", "big-number")
        self.countdown.setAccessibleName(tr("Time left"))
        for widget in (self.leave_button, self.title, self.position, self.flag_mark):
            top.addWidget(widget)
        top.add_stretch()
        top.addWidget(self.countdown)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self.scroll)
        body.setObjectName("page")
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(4, 8, 12, 8)
        self.card = QFrame(body)
        self.card.setProperty("role", "card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(18, 14, 18, 16)
        self.missing = muted_label(tr("This question is no longer in the question banks; it is not marked."),
                                   self.card)
        self.card_layout.addWidget(self.missing)
        body_layout.addWidget(self.card)
        body_layout.addStretch(1)
        self.body, self.body_layout = body, body_layout
        self.scroll.viewport().installEventFilter(self)  # its width sets the reading column
        self.scroll.setWidget(body)

        side = QFrame(self)
        side.setProperty("role", "card")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(10, 10, 10, 10)
        heading = QLabel(tr("Questions  (Ctrl+G)"), side)
        heading.setProperty("role", "heading")
        self.navigator = Navigator(side)
        self.navigator.chosen.connect(self.go)
        self.tally = QLabel(side)
        self.tally.setWordWrap(True)
        legend = muted_label(tr("▣ answered    □ unanswered\n◥ flagged     bold: on screen"), side)
        side_layout.addWidget(heading)
        side_layout.addWidget(self.navigator)
        side_layout.addWidget(self.tally)
        side_layout.addWidget(legend)
        side_layout.addStretch(1)
        side.setFixedWidth(self.navigator.width() + 44)

        middle = QHBoxLayout()
        middle.addWidget(self.scroll, 1)
        middle.addWidget(side)

        bottom_row = QWidget(self)
        bottom = FlowLayout(bottom_row, hspacing=6, vspacing=6)
        self.previous_button = QPushButton(tr("◀ Previous (Alt+←)"), self)
        self.previous_button.clicked.connect(self.previous)
        self.flag_button = QPushButton(tr("⚑ Flag (Ctrl+F)"), self)
        self.flag_button.clicked.connect(self.flag)
        self.next_button = QPushButton(tr("Next ▶ (Enter)"), self)
        self.next_button.setProperty("role", "primary")
        self.next_button.clicked.connect(self.next)
        self.submit_button = QPushButton(tr("Submit… (Ctrl+Enter)"), self)
        self.submit_button.clicked.connect(self.request_submit)
        for button in (self.previous_button, self.flag_button, self.next_button, self.submit_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.flag_button)
        bottom.addWidget(self.next_button)
        bottom.add_stretch()
        bottom.addWidget(self.submit_button)
        self.status = muted_label(tr(HINT), self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(top_row)
        layout.addLayout(middle, 1)
        layout.addWidget(self.status)
        layout.addWidget(bottom_row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            side = reading_margin(self.scroll.viewport().width(), self.body.fontMetrics())
            self.body_layout.setContentsMargins(4 + side, 8, 12 + side, 8)
        return super().eventFilter(watched, event)

    def _shortcuts(self) -> None:
        """Screen-wide keys; a text field keeps printable keys (digits, *) for itself."""
        slots: dict[str, Callable[[], Any]] = {
            "next": self.enter, "previous": self.previous, "flag": self.flag, "submit": self.request_submit,
            "navigator": self.navigator.setFocus, "leave": self.leave}
        for name, keys in KEYS.items():
            self._add(keys, slots[name])
        for n in range(1, 10):
            self._add([str(n)], lambda _checked=False, n=n: self.widget is not None and self.widget.pick(n))

    def _add(self, keys: list[str], slot: Callable[[], Any]) -> None:
        action = QAction(self)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)

    # ----- the sitting
    def begin(self, run: ExamRun, questions: Mapping[str, Question], seed_text: str) -> None:
        """Show `run` (new or resumed) at its current question and start the clock."""
        self.run, self.questions, self.seed_text = run, questions, seed_text
        self.title.setText(run.blueprint.title)
        self.navigator.set_count(len(run.items))
        self.ticks = 0
        self._show(run.current)
        self.tick()
        self.ticker.start()

    def _show(self, index: int) -> None:
        run = self.run
        if run is None:
            return
        run.go(index, self.clock)
        if self.widget is not None:
            self.widget.hide()  # now: deleteLater waits for the event loop, and two questions must never show
            self.widget.deleteLater()
            self.widget = None
        item = run.items[index]
        question = self.questions.get(item.question_id)
        self.missing.setVisible(question is None)
        if question is not None:
            self.widget = exam_widget(question, f"{self.seed_text}:{item.question_id}", item.choice_order,
                                      self.root_of(question), self.card)
            self.card_layout.addWidget(self.widget)
            self.restoring = True
            restore(self.widget, item.response)
            self.restoring = False
            self.widget.show()
            self.widget.changed.connect(self._answered)
            self.widget.focus_first()
        self.position.setText(tr("Question {} of {}").format(index + 1, len(run.items)))
        self.status.setText(tr(HINT))  # what was said about the last question ("Flagged…") is not about this one
        self.scroll.verticalScrollBar().setValue(0)
        self._refresh()
        self.changed.emit()
        self.question_shown.emit(index)

    def _refresh(self) -> None:
        run = self.run
        if run is None:
            return
        unanswered = set(run.unanswered())
        for i, item in enumerate(run.items):
            self.navigator.set_state(i, i not in unanswered, item.flagged, i == run.current)
        self.navigator.setCurrentRow(run.current)
        self.navigator.viewport().update()
        flagged = run.items[run.current].flagged
        self.flag_mark.setText(tr("⚑ flagged") if flagged else "")
        self.flag_button.setText(tr("Unflag (Ctrl+F)") if flagged else tr("⚑ Flag (Ctrl+F)"))
        self.tally.setText(tr("{} answered · {} unanswered\n{} flagged for review").format(
            len(run.items) - len(unanswered), len(unanswered), len(run.flagged())))
        self.previous_button.setEnabled(run.current > 0)
        last = run.current == len(run.items) - 1
        self.next_button.setText(tr("Finish… (Enter)") if last else tr("Next ▶ (Enter)"))

    def _answered(self) -> None:
        run, widget = self.run, self.widget
        if self.restoring or run is None or widget is None or run.submitted_at is not None:
            return
        response = widget.response() if widget.has_response() else None
        try:
            run.answer(response, self.clock)
        except ExamError:  # the time ran out between two ticks
            self.submit(auto=True)
            return
        self._refresh()
        self.changed.emit()

    # ----- the student's moves
    def go(self, index: int) -> None:
        if self.run is not None and self.run.submitted_at is None and 0 <= index < len(self.run.items):
            self._show(index)

    def next(self) -> None:
        if self.run is None:
            return
        if self.run.current + 1 < len(self.run.items):
            self.go(self.run.current + 1)
        else:
            self.request_submit()

    def previous(self) -> None:
        if self.run is not None and self.run.current > 0:
            self.go(self.run.current - 1)

    def enter(self) -> None:
        """Enter opens the square chosen in the navigator, else moves on."""
        if self.navigator.hasFocus():
            self.navigator.open_current()
        else:
            self.next()

    def flag(self) -> None:
        run = self.run
        if run is None or run.submitted_at is not None:
            return
        try:
            flagged = run.toggle_flag(self.clock)
        except ExamError:
            self.submit(auto=True)
            return
        self.status.setText(tr("Flagged for review.") if flagged else tr("Flag removed."))
        self._refresh()
        self.changed.emit()

    def request_submit(self) -> None:
        """Ask first, listing what is unanswered and flagged."""
        run = self.run
        if run is None or run.submitted_at is not None or self.dialog is not None:
            return
        self.dialog = SubmitDialog(run.unanswered(), run.flagged(), len(run.items), run.seconds_left(self.clock),
                                   self)
        self.dialog.finished.connect(self._dialog_closed)
        self.dialog.open()

    def _dialog_closed(self, _code: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        self.window().activateWindow()  # not every platform gives the focus back when a dialog closes
        if dialog.choice == "submit":
            self.submit()
        elif dialog.choice is not None:
            self.go(dialog.choice)
        else:
            self.focus_question()
        dialog.deleteLater()

    def focus_question(self) -> None:
        if self.widget is not None:
            self.widget.focus_first()

    def submit(self, auto: bool = False) -> None:
        """Close the sitting and score it (auto: the time ran out)."""
        run = self.run
        if run is None or run.submitted_at is not None:
            return
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.reject()
            dialog.deleteLater()
        self.ticker.stop()
        score = run.submit(self.questions, self.clock)
        self.status.setText(tr("Time is up: the exam was submitted.") if auto else tr("Submitted."))
        self.submitted.emit(score)

    def leave(self) -> None:
        if self.run is None or self.run.submitted_at is not None:
            return
        self.ticker.stop()
        self.left.emit()

    def stop(self) -> None:
        self.ticker.stop()

    # ----- the clock
    def tick(self) -> None:
        run = self.run
        if run is None or run.submitted_at is not None:
            return
        left = run.seconds_left(self.clock)
        if left is None:
            elapsed = (self.clock.now() - run.started_at).total_seconds()
            self.countdown.setText(tr("{} elapsed").format(fmt.clock(elapsed)))
        else:
            self.countdown.setText(tr("{} left").format(fmt.clock(left)))
            set_state(self.countdown, "wrong" if left < 60 else "partial" if left < 300 else "")
            if left <= 0:
                self.submit(auto=True)
                return
        self.ticks += 1
        if self.ticks % HEARTBEAT_TICKS == 0:
            self.changed.emit()
