"""Exam results: score and pass/fail, breakdowns by topic and difficulty, every question reviewed, history."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.grading import grade
from quizapp.bank.model import Question, Source
from quizapp.study.exam_report import breakdown_rows, difficulty_label, verdict_text
from quizapp.study.exam_store import Attempt, AttemptItem, DrillOutcome
from quizapp.ui import fmt, shortcuts
from quizapp.ui.exam.history import HistoryPanel
from quizapp.ui.exam.widgets import exam_widget, restore
from quizapp.ui.feedback import FeedbackPanel
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.home import MASTERY_ROLE, MasteryDelegate
from quizapp.ui.i18n import tr
from quizapp.ui.questions import QuestionWidget
from quizapp.ui.questions.base import muted_label, set_state

ITEM_ROLE = Qt.ItemDataRole.UserRole


def _tree(parent: QWidget, columns: Sequence[str], name: str) -> QTreeWidget:
    tree = QTreeWidget(parent)
    tree.setRootIsDecorated(False)
    tree.setUniformRowHeights(True)
    tree.setColumnCount(len(columns))
    tree.setHeaderLabels([tr(c) for c in columns])
    tree.setAccessibleName(name)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return tree


class ExamResultsScreen(QWidget):
    """One finished attempt. The flow fills it and handles drill, export and navigation."""

    home_requested = Signal()
    drill_requested = Signal(int)
    export_requested = Signal(int)
    study_requested = Signal()
    attempt_opened = Signal(int)

    def __init__(self, root_of: Callable[[Question], Path | None], sources: Callable[[], Mapping[str, Source]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.root_of, self.sources = root_of, sources
        self.attempt: Attempt | None = None
        self.questions: Mapping[str, Question] = {}
        self.titles: Mapping[str, str] = {}
        self.widget: QuestionWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(self._top())
        self.score = QLabel(self)
        self.score.setProperty("role", "big-number")
        self.score.setAccessibleName(tr("Score"))
        self.verdict = QLabel(self)
        self.verdict.setAccessibleName(tr("Pass or fail"))
        score_row = QWidget(self)
        row = FlowLayout(score_row, hspacing=12, vspacing=6)  # wraps in a narrow window or with large text
        row.addWidget(self.score)
        row.addWidget(self.verdict)
        row.add_stretch()
        self.actions = QWidget(score_row)  # the buttons stay together, at the right of their line
        group = FlowLayout(self.actions, hspacing=6, vspacing=6)
        for button in (self.drill_button, self.study_button, self.export_button):
            group.addWidget(button)
        row.addWidget(self.actions)
        layout.addWidget(score_row)
        self.details = muted_label("", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setProperty("state", "partial")
        layout.addWidget(self.details)
        layout.addWidget(self.message)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._breakdown(), tr("Breakdown  (Ctrl+1)"))
        self.tabs.addTab(self._review(), tr("Review answers  (Ctrl+2)"))
        self.history = HistoryPanel(self)
        self.history.opened.connect(self.attempt_opened)
        self.tabs.addTab(self.history, tr("History  (Ctrl+3)"))
        layout.addWidget(self.tabs, 1)
        self._shortcuts()

    # ----- layout
    def _top(self) -> QHBoxLayout:
        top = QHBoxLayout()
        home = QPushButton(tr("← Home  (Esc)"), self)
        home.clicked.connect(self.home_requested)
        self.title = QLabel(self)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)  # a long title wraps rather than widening the window
        self.drill_button = QPushButton(tr("Drill my mistakes (Ctrl+D)"), self)
        self.drill_button.setToolTip(tr("Schedule every missed question for spaced review"))
        self.drill_button.clicked.connect(self.drill)
        self.study_button = QPushButton(tr("Review them now"), self)
        self.study_button.setToolTip(tr("A session of exactly the questions you missed, before they come due"))
        self.study_button.clicked.connect(self.study_requested)
        self.study_button.hide()
        self.export_button = QPushButton(tr("Export report… (Ctrl+S)"), self)
        self.export_button.clicked.connect(self.export)
        top.addWidget(home)
        top.addWidget(self.title, 1)
        for button in (home, self.drill_button, self.study_button, self.export_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        return top

    def _breakdown(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.by_topic = _tree(page, ("Topic", "Questions", "Marks", "Score"), tr("Score by topic"))
        self.by_difficulty = _tree(page, ("Difficulty", "Questions", "Marks", "Score"), tr("Score by difficulty"))
        for tree in (self.by_topic, self.by_difficulty):
            tree.setItemDelegateForColumn(3, MasteryDelegate(tree))
            tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            tree.header().setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
            tree.header().resizeSection(3, 220)
            column.addWidget(tree, 10)  # grows to its rows (see _fill_breakdown); the stretch takes the rest
        column.addStretch(1)
        return page

    def _review(self) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.items = _tree(splitter, ("#", "Result", "Marks", "Time"), tr("Questions of the exam"))
        self.items.currentItemChanged.connect(lambda item, _prev: self._review_item(item))
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        body.setObjectName("page")
        self.review_layout = QVBoxLayout(body)
        self.review_layout.setContentsMargins(8, 4, 8, 4)
        self.item_heading = QLabel(body)
        self.item_heading.setProperty("role", "heading")
        self.item_heading.setWordWrap(True)
        self.card = QFrame(body)
        self.card.setProperty("role", "card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(18, 14, 18, 16)
        self.feedback = FeedbackPanel(body)
        self.review_layout.addWidget(self.item_heading)
        self.review_layout.addWidget(self.card)
        self.review_layout.addWidget(self.feedback)
        self.review_layout.addStretch(1)
        scroll.setWidget(body)
        self.review_scroll = scroll
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 800])
        return splitter

    def _shortcuts(self) -> None:
        tab1, tab2, tab3 = shortcuts.keys("results_tabs")
        back, forward = shortcuts.keys("results_step")
        keys: dict[str, Callable[[], Any]] = {
            "Esc": self.home_requested.emit, shortcuts.keys("results_drill")[0]: self.drill,
            shortcuts.keys("results_export")[0]: self.export,
            tab1: lambda: self.show_tab(0), tab2: lambda: self.show_tab(1), tab3: lambda: self.show_tab(2),
            forward: lambda: self.step(1), back: lambda: self.step(-1)}
        for key, slot in keys.items():
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # ----- showing an attempt
    def show_attempt(self, attempt: Attempt, questions: Mapping[str, Question], titles: Mapping[str, str],
                     message: str = "") -> None:
        self.attempt, self.questions, self.titles = attempt, questions, titles
        self.title.setText(tr("{} — results").format(attempt.title))
        self.score.setText(tr("{} / {} marks · {}%").format(fmt.marks(attempt.marks), fmt.marks(attempt.max_marks),
                                                          f"{attempt.percent:.0f}"))
        self.verdict.setText(tr("✓ PASSED") if attempt.passed else tr("✗ NOT PASSED"))
        set_state(self.verdict, "correct" if attempt.passed else "wrong")
        limit = tr(" of {}").format(fmt.clock(attempt.time_limit_s)) if attempt.time_limit_s else ""
        mistakes = len(attempt.mistakes())
        self.details.setText(tr("Pass mark {}% · time used {}{} · finished {:%Y-%m-%d %H:%M} · {}").format(
            round(attempt.pass_mark * 100), fmt.clock(attempt.seconds_used), limit, attempt.finished_at,
            fmt.plural(mistakes, tr("mistake"), tr("mistakes"))))
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self._fill_breakdown(attempt)
        self._fill_items(attempt)
        self._sync_drill()
        self.study_button.hide()
        self.actions.updateGeometry()
        self.show_tab(0)

    def _fill_breakdown(self, attempt: Attempt) -> None:
        for tree, groups, label in ((self.by_topic, attempt.by_topic, lambda t: self.titles.get(t, t)),
                                    (self.by_difficulty, attempt.by_difficulty, difficulty_label)):
            tree.clear()
            for key, (name, n, marks, _pct) in zip(sorted(groups, key=lambda k: (k is None, str(k))),
                                                  breakdown_rows(groups, label), strict=True):
                item = QTreeWidgetItem([name, n, marks, ""])
                total_marks, count = groups[key]
                item.setData(3, MASTERY_ROLE, max(0.0, total_marks) / count if count else 0.0)
                for column in (1, 2):
                    item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                tree.addTopLevelItem(item)
            # Just tall enough for its rows: the two tables sit one above the other without blank space.
            rows = sum(tree.sizeHintForRow(i) for i in range(tree.topLevelItemCount()))
            tree.setMaximumHeight(tree.header().sizeHint().height() + rows + 2 * tree.frameWidth() + 4)

    def _fill_items(self, attempt: Attempt) -> None:
        self.items.clear()
        for n, it in enumerate(attempt.items, start=1):
            short = (tr("✓ right") if it.correct else tr("– blank") if not it.answered
                     else f"◐ {round(it.score * 100)}%" if it.score > 0 else tr("✗ wrong"))
            row = QTreeWidgetItem([str(n), short, fmt.marks(it.marks), fmt.clock(it.seconds)])
            row.setToolTip(1, f"{tr(verdict_text(it))} · {self.titles.get(it.topic, it.topic)}")
            for column in (2, 3):
                row.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            row.setData(0, ITEM_ROLE, n - 1)
            row.setData(1, Qt.ItemDataRole.AccessibleTextRole, tr(verdict_text(it)))
            self.items.addTopLevelItem(row)
        if attempt.items:
            self.items.setCurrentItem(self.items.topLevelItem(0))
        # As wide as its columns (the splitter's first guess cut off Time with larger text).
        header = self.items.header()
        header.resizeSections(QHeaderView.ResizeMode.ResizeToContents)
        needed = header.length() + 2 * self.items.frameWidth() + self.items.verticalScrollBar().sizeHint().width() + 4
        self.items.setMinimumWidth(needed)

    def _review_item(self, row: QTreeWidgetItem | None) -> None:
        attempt = self.attempt
        if self.widget is not None:
            self.widget.hide()  # now: deleteLater waits for the event loop, and two questions must never show
            self.widget.deleteLater()
            self.widget = None
        if attempt is None or row is None:
            return
        index = int(row.data(0, ITEM_ROLE))
        item: AttemptItem = attempt.items[index]
        flagged = tr(" · flagged") if item.flagged else ""
        marks = fmt.marks(item.marks)
        self.item_heading.setText(tr("Question {} · {} · {} · {} {} · {}{}").format(
            index + 1, self.titles.get(item.topic, item.topic), tr(difficulty_label(item.difficulty)),
            marks, tr("mark") if marks == "1" else tr("marks"), fmt.clock(item.seconds), flagged))
        question = self.questions.get(item.question_id)
        self.card.setVisible(question is not None)
        if question is None:
            self.feedback.headline.setText(tr("This question is no longer in the question banks."))
            self.feedback.body.hide()
            return
        order = question.option_order(None)  # as written: the review shows the bank's order
        self.widget = exam_widget(question, f"review:{item.question_id}", order, self.root_of(question), self.card)
        self.card_layout.addWidget(self.widget)
        restore(self.widget, item.response)
        hint = getattr(self.widget, "hint_label", None)
        if hint is not None:
            hint.hide()  # "press Enter" is for answering; here the answer is only shown
        result = grade(question, item.response)
        self.widget.show_result(result)
        self.widget.show()
        self.feedback.show_for(question, result, self.sources(), self.root_of(question))
        self.review_scroll.verticalScrollBar().setValue(0)

    def _sync_drill(self) -> None:
        attempt = self.attempt
        mistakes = len(attempt.mistakes()) if attempt else 0
        pending = mistakes - len(attempt.drilled) if attempt else 0
        self.drill_button.setEnabled(pending > 0)
        if mistakes == 0:
            self.drill_button.setText(tr("No mistakes to drill"))
        elif pending <= 0:
            self.drill_button.setText(tr("Mistakes scheduled for review ✓"))
        else:
            self.drill_button.setText(tr("Drill my {} (Ctrl+D)").format(fmt.plural(pending, tr("mistake"),
                                                                                  tr("mistakes"))))

    # ----- actions
    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        focus = {0: self.by_topic, 1: self.items, 2: self.history.list}[index]
        focus.setFocus()

    def step(self, delta: int) -> None:
        """Alt+Left / Alt+Right: the previous or next question in the review."""
        self.show_tab(1)
        row = self.items.indexOfTopLevelItem(self.items.currentItem()) + delta
        if 0 <= row < self.items.topLevelItemCount():
            self.items.setCurrentItem(self.items.topLevelItem(row))

    def drill(self) -> None:
        if self.attempt is not None and self.drill_button.isEnabled():
            self.drill_button.setEnabled(False)
            self.drill_requested.emit(self.attempt.id)

    def export(self) -> None:
        if self.attempt is not None:
            self.export_requested.emit(self.attempt.id)

    def show_drill(self, attempt: Attempt, outcome: DrillOutcome) -> None:
        """After "drill my mistakes": say what was scheduled and offer to study now."""
        self.attempt = attempt
        self._sync_drill()
        text = tr("{} scheduled for spaced review: they come back in your study sessions").format(
            fmt.plural(outcome.scheduled, tr("question"), tr("questions")))
        if outcome.first_due is not None:
            text += tr(", the first at {:%H:%M}").format(outcome.first_due)
        text += "."
        if outcome.skipped:
            text += " " + tr("{} left out (suspended or no longer in the banks).").format(outcome.skipped)
        self.message.setText(text)
        self.message.show()
        self.study_button.setVisible(outcome.scheduled > 0)
        self.actions.updateGeometry()  # one button more: the row lays out again

    def set_history(self, attempts: Sequence[Attempt]) -> None:
        self.history.set_attempts(attempts)
