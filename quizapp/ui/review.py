"""The review screen: one question at a time, answer, see why, rate; all from the keyboard if wished.

It only renders and forwards: the study session (through the bridge) decides what comes next and
records every answer; this screen grades for display, times the answer and sends the rating back.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.grading import Result, grade
from quizapp.ui.bridge import Bridge, Step
from quizapp.ui.feedback import FeedbackPanel
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions import QuestionWidget, widget_for
from quizapp.ui.questions.base import muted_label
from quizapp.ui.review_parts import RATING_NAMES, FinishedPanel, RatingBar, SessionBar
from quizapp.ui.shortcuts import keys
from quizapp.ui.textview import reading_margin

SCREEN_CHARS = 150  # the widest the review screen's bar and buttons get, in average characters
ROOMY_LINES = 30  # a screen this many lines of text high has room for a second row of buttons


class ReviewScreen(QWidget):
    """Shows the steps of a session; `home_requested` when the student leaves it."""

    home_requested = Signal()
    question_shown = Signal(str)  # question id: the screen is ready for input
    answered = Signal(str)  # question id: the answer is stored
    changed = Signal()  # something the home counts depend on was written

    def __init__(self, bridge: Bridge, clock: Callable[[], float] = time.monotonic,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.bridge = bridge
        self.clock = clock
        self.rng = random.Random()
        self.step: Step | None = None
        self.widget: QuestionWidget | None = None
        self.result: Result | None = None
        self.revealed = False
        self.busy = False
        self.confident: bool | None = None
        self.shown_at = 0.0
        self.answer_ms: int | None = None
        self.suggested: int | None = None
        self._build()
        self._shortcuts()
        self.ticker = QTimer(self)
        self.ticker.setInterval(1000)
        self.ticker.timeout.connect(self._tick)

    # ----- layout
    def _build(self) -> None:
        self.bar = SessionBar(self)
        self.bar.home_clicked.connect(self.home_requested)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget(self.scroll)
        self.body.setObjectName("page")
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(4, 8, 12, 8)
        body_layout.setSpacing(14)
        self.body_layout = body_layout
        self.card = QFrame(self.body)
        self.card.setProperty("role", "card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(18, 14, 18, 16)
        self.feedback = FeedbackPanel(self.body)
        self.feedback.hide()
        self.finished = FinishedPanel(self.body)
        self.finished.home_clicked.connect(self.home_requested)
        self.finished.again_clicked.connect(self.refresh)
        self.finished.hide()
        for widget in (self.card, self.feedback, self.finished):
            body_layout.addWidget(widget)
        body_layout.addStretch(1)
        self.scroll.setWidget(self.body)

        self.check = QPushButton(tr("Check  (Enter)"), self)
        self.check.setProperty("role", "primary")
        self.check.clicked.connect(lambda: self.submit(True if self.bridge.ask_confidence else None))
        self.unsure = QPushButton(tr("Unsure  (Shift+Enter)"), self)
        self.unsure.setToolTip(tr("Check, marking yourself unsure: you are guessing, so a right answer counts "
                                  "for less."))
        self.unsure.clicked.connect(lambda: self.submit(False))
        self.ratings = RatingBar(self)
        self.ratings.rated.connect(self.rate)
        self.ratings.hide()
        # Labelled with the keys that work everywhere, answer fields included; the tooltip adds Anki's single key.
        flag, flag_key = keys("flag")
        bury, bury_key = keys("bury")
        suspend, suspend_key = keys("suspend")
        self.labels = {"flag": (tr("Flag  {}").format(flag), tr("Flag")),
                       "bury": (tr("Bury  {}").format(bury), tr("Bury")),
                       "suspend": (tr("Suspend  {}").format(suspend), tr("Suspend"))}  # with keys, or short
        self.flag_button = QPushButton(self.labels["flag"][0], self)
        self.bury_button = QPushButton(self.labels["bury"][0], self)
        self.suspend_button = QPushButton(self.labels["suspend"][0], self)
        self.flag_button.setToolTip(tr("Mark the question for later attention ({} or {})").format(flag, flag_key))
        self.bury_button.setToolTip(tr("Hide the question until tomorrow ({} or {})").format(bury, bury_key))
        self.suspend_button.setToolTip(tr("Stop showing the question until you unsuspend it ({} or {})").format(
            suspend, suspend_key))
        self.flag_button.clicked.connect(lambda: self.act("flag"))
        self.bury_button.clicked.connect(lambda: self.act("bury"))
        self.suspend_button.clicked.connect(lambda: self.act("suspend"))
        # Before answering: check (and flag / bury / suspend). After: the four ratings in its place. One
        # flowing row: in a narrow window or with large text the buttons wrap onto a second line.
        self.buttons = QWidget(self)
        bottom = FlowLayout(self.buttons, hspacing=6, vspacing=6)
        for widget in (self.check, self.unsure, self.ratings):
            bottom.addWidget(widget)
        bottom.add_stretch()
        self.actions = QWidget(self.buttons)  # the three stay together (and at the right of their line)
        group = FlowLayout(self.actions, hspacing=6, vspacing=6)
        for button in (self.flag_button, self.bury_button, self.suspend_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            group.addWidget(button)
        bottom.addWidget(self.actions)
        self.status = muted_label("", self)
        self.status.setAccessibleName(tr("Status"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.scroll.viewport().installEventFilter(self)  # its width sets the reading column (eventFilter)
        self.buttons.installEventFilter(self)  # and this row's width the rating buttons' labels

    def _shortcuts(self) -> None:
        """Single keys work anywhere on the screen except while typing in a text field (a line edit claims
        printable keys for itself before shortcuts see them); every action also has a Ctrl key that works
        there, and Ctrl+Z in a field with no typing left to undo undoes the last answer (see eventFilter)."""
        def add(sequences: tuple[str, ...], slot: Callable[[], Any]) -> QAction:
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in sequences])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
            return action

        add(keys("primary"), self.primary)
        add(keys("unsure"), lambda: self.submit(False))
        for n in keys("number"):
            add((n,), lambda _checked=False, n=int(n): self.number(n))
        add(keys("flag"), lambda: self.act("flag"))
        add(keys("bury"), lambda: self.act("bury"))
        add(keys("suspend"), lambda: self.act("suspend"))
        add(keys("home"), self.home_requested.emit)

    # ----- showing steps
    def show_step(self, step: Step) -> None:
        """Render what the session says comes next (a question, or the end of today's work)."""
        self.step, self.busy = step, False
        self.result, self.revealed, self.confident, self.answer_ms = None, False, None, None
        if self.widget is not None:
            self.widget.hide()  # now: deleteLater waits for the event loop, and two questions must never show
            self.widget.deleteLater()
            self.widget = None
        self.feedback.hide()
        self.bar.show_step(step)
        self.status.setText(step.message)  # a step without a message clears the last one (even another session's)
        if step.item is None:
            self._show_finished(step)
            return
        self.finished.hide()
        self.card.show()
        item = step.item
        self.widget = widget_for(item.question, rng=self.rng, root=self.bridge.root_of(item.question),
                                 parent=self.card)
        self.card_layout.addWidget(self.widget)
        self.widget.show()  # now, not on the next event loop pass, so focus and Tab order work at once
        self.widget.changed.connect(self._sync_buttons)
        for edit in self.widget.findChildren(QLineEdit):
            edit.installEventFilter(self)
        self.ratings.hide()
        self.check.show()
        self.check.setText(tr("Show answer  (Space)") if self._self_rated() else tr("Check  (Enter)"))
        self.unsure.setVisible(self.bridge.ask_confidence and not self._self_rated())
        self._fit_actions()
        self._sync_buttons()
        self.shown_at = self.clock()
        self.ticker.start()
        self.scroll.verticalScrollBar().setValue(0)
        self.widget.focus_first()
        self.question_shown.emit(item.question_id)

    def _show_finished(self, step: Step) -> None:
        self.ticker.stop()
        for widget in (self.card, self.check, self.unsure, self.ratings):
            widget.hide()
        self.finished.summarise(step.answered, step.next_due_at)
        self.question_shown.emit("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The scroll area's width sets the reading column, the button row's the rating labels; an answer field
        gives up Ctrl+Z once it has no typing left to undo: then it undoes the last answer."""
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_reading_width()
        elif watched is self.buttons and event.type() == QEvent.Type.Resize:
            self.ratings.fit(self.buttons.width())
            self._fit_actions()
        elif (event.type() == QEvent.Type.ShortcutOverride and isinstance(watched, QLineEdit)
                and isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Undo)
                and not watched.isUndoAvailable()):
            event.ignore()  # not claimed by the field: the window's Undo shortcut takes it
            return True
        return super().eventFilter(watched, event)

    def _fit_actions(self) -> None:
        """Flag, bury and suspend show their Ctrl keys when the row has room for them or the screen has room
        for a second row; in a small window with large text just their names (the keys are in their tooltips
        and in F1), so that the buttons take one line less from the question."""
        buttons = {"flag": self.flag_button, "bury": self.bury_button, "suspend": self.suspend_button}
        for name, button in buttons.items():
            button.setText(self.labels[name][0])
        shown = [w for w in (self.check, self.unsure, self.ratings) if not w.isHidden()]
        needed = sum(w.sizeHint().width() for w in shown) + 6 * len(shown) + sum(
            b.sizeHint().width() + 6 for b in buttons.values())
        roomy = self.height() >= ROOMY_LINES * self.fontMetrics().height()
        if needed > self.buttons.width() and not roomy:
            for name, button in buttons.items():
                button.setText(self.labels[name][1])
        self.actions.updateGeometry()  # the row lays out again with the group's new size

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a wide screen the whole screen keeps to a column (the text within it to a narrower one)."""
        side = reading_margin(event.size().width(), self.fontMetrics(), SCREEN_CHARS)
        self.layout().setContentsMargins(16 + side, 12, 16 + side, 12)
        super().resizeEvent(event)

    def _fit_reading_width(self) -> None:
        """Side margins that keep the question and its feedback to a readable line length on wide screens."""
        side = reading_margin(self.scroll.viewport().width(), self.body.fontMetrics())
        self.body_layout.setContentsMargins(4 + side, 8, 12 + side, 8)

    def _self_rated(self) -> bool:
        return bool(self.widget is not None and getattr(self.widget, "self_rated", False))

    def _sync_buttons(self) -> None:
        ready = self.widget is not None and (self._self_rated() or self.widget.has_response())
        self.check.setEnabled(ready and not self.revealed)
        self.unsure.setEnabled(ready and not self.revealed)
        can_act = self.step is not None and self.step.item is not None and not self.busy
        for button in (self.flag_button, self.bury_button, self.suspend_button):
            button.setEnabled(can_act)

    def _tick(self) -> None:
        self.bar.show_time(self.clock() - self.shown_at)

    # ----- input
    def primary(self) -> None:
        """Space / Enter: check the answer, or take the focused (suggested) rating once it shows."""
        if self.busy or self.step is None:
            return
        if self.step.item is None:
            self.home_requested.emit()
        elif not self.revealed:
            self.submit(True if self.bridge.ask_confidence else None)
        else:
            self.rate(self.ratings.focused() or self.suggested or 3)

    def number(self, n: int) -> None:
        if self.busy or self.widget is None:
            return
        if self.revealed:
            if n in self.ratings.buttons:
                self.rate(n)
        else:
            self.widget.pick(n)

    def submit(self, confident: bool | None) -> None:
        """Grade the response and show why; the rating buttons appear with the suggested one focused."""
        widget = self.widget
        if self.busy or widget is None or self.revealed or self.step is None or self.step.item is None:
            return
        if not confident and not self.bridge.ask_confidence:
            confident = None
        if not self._self_rated() and not widget.has_response():
            self.status.setText(tr("Give an answer first (or rate Again if you do not know)."))
            return
        self.ticker.stop()
        self.answer_ms = int((self.clock() - self.shown_at) * 1000)
        self.revealed, self.confident = True, confident
        question = widget.question
        self.result = None if self._self_rated() else grade(question, widget.response())
        widget.show_result(self.result)
        self.feedback.show_for(question, self.result, self.bridge.sources, self.bridge.root_of(question))
        self.suggested = self.bridge.suggested_rating(self.result, self.answer_ms, confident)
        self.check.hide()
        self.unsure.hide()
        focus = self.suggested or 3
        self.ratings.offer(self.step.intervals, focus)
        self._fit_actions()
        self.status.setText(tr("Suggested: {} (Space).").format(
            tr(RATING_NAMES[focus])) if self.suggested else tr("How well did you know it? Press 1–4."))
        self._sync_buttons()
        self._show_feedback()

    def _show_feedback(self) -> None:
        """Scroll the verdict into view, but never so far that the question's first line leaves the top."""
        # Lay out now (only pending layouts, no other events): the feedback's place is known after that.
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        bar = self.scroll.verticalScrollBar()
        viewport = self.scroll.viewport().height()
        stem_top = self.card.y()  # the card's top: the question's first line with its frame
        verdict_bottom = self.feedback.y() + self.feedback.headline.y() + self.feedback.headline.height() + 8
        bar.setValue(max(0, min(stem_top - 2, verdict_bottom - viewport)))
        if verdict_bottom - bar.value() > viewport:  # the verdict is below: the status line says it too
            self.status.setText(f"{self.feedback.headline.text()}. {self.status.text()}")

    def rate(self, rating: int) -> None:
        """Store the answer with this rating; the session's next step follows."""
        widget, step = self.widget, self.step
        if self.busy or widget is None or step is None or step.item is None or not self.revealed:
            return
        response = widget.response() if not self._self_rated() else rating > 1
        self.busy = True
        self._sync_buttons()
        self.ratings.lock()
        qid = step.item.question_id
        self.bridge.answer(qid, response, self.result, rating, self.answer_ms, self.confident,
                           lambda next_step: self._after_write(next_step, qid))

    def undo(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.bridge.undo(self._after_write)

    def act(self, kind: str) -> None:
        """Flag (toggle), bury or suspend the question on screen."""
        if self.busy or self.step is None or self.step.item is None:
            return
        item = self.step.item
        if kind == "flag":
            flagged = not item.flagged
            self.bridge.set_flag(item.question_id, flagged, lambda _: None)
            self.step = replace(self.step, item=replace(item, flagged=flagged,
                                                         flag_reason=item.flag_reason if flagged else None))
            self.bar.show_flag(flagged, item.flag_reason if flagged else None)
            self.status.setText(tr("Flagged.") if flagged else tr("Flag removed."))
            self.changed.emit()
            return
        self.busy = True
        self.ticker.stop()
        self.bridge.put_aside(item.question_id, kind, self._after_write)

    def refresh(self) -> None:
        """Ask the session for its next step again (a learning card may have come due)."""
        if not self.busy:
            self.busy = True
            self.bridge.current(self._after_write)

    def _after_write(self, step: Step, answered_id: str | None = None) -> None:
        self.show_step(step)
        if answered_id:
            self.answered.emit(answered_id)
        self.changed.emit()

    def stop(self) -> None:
        self.ticker.stop()
