"""The Exams page: resume an unfinished exam, pick a blueprint or a quick custom exam, see past attempts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.model import Problem
from quizapp.study.blueprint import Blueprint
from quizapp.study.exam_store import Attempt, Unfinished
from quizapp.ui import fmt
from quizapp.ui.exam.history import HistoryPanel
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

BLUEPRINT_ROLE = Qt.ItemDataRole.UserRole
TOPIC_ROLE = Qt.ItemDataRole.UserRole


def describe(bp: Blueprint) -> str:
    """'20 questions · 20 min · pass mark 70% · no penalty for wrong answers'."""
    minutes = tr("{} min").format(round(bp.time_limit_s / 60)) if bp.time_limit_s else tr("no time limit")
    penalty = (tr("−{} mark per wrong choice").format(f"{bp.penalty:g}") if bp.negative_marking
               else tr("no penalty for wrong answers"))
    return tr("{} questions · {} · pass mark {}% · {}").format(bp.size, minutes, round(bp.pass_mark * 100), penalty)


def _card(parent: QWidget, title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame(parent)
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 12, 16, 14)
    heading = QLabel(title, card)
    heading.setProperty("role", "heading")
    layout.addWidget(heading)
    return card, layout


class ExamSetupScreen(QWidget):
    """Emits what the student chose; the flow does the work."""

    home_requested = Signal()
    blueprint_chosen = Signal(object)  # Blueprint
    custom_chosen = Signal(list, int, int)  # topics, questions, minutes (0: no limit)
    resume_requested = Signal(int)
    submit_requested = Signal(int)  # submit an unfinished exam as it is
    attempt_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.unfinished: Unfinished | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        home = QPushButton(tr("← Home  (Esc)"), self)
        home.clicked.connect(self.home_requested)
        title = QLabel(tr("Exams"), self)
        title.setProperty("role", "title")
        top.addWidget(home)
        top.addWidget(title)
        top.addStretch(1)
        layout.addLayout(top)
        # The page scrolls when the window is too small for it (large text on a small screen), rather
        # than making the window grow.
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        content = QWidget(scroll)
        content.setObjectName("page")
        body = QVBoxLayout(content)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(12)
        body.addWidget(self._resume_banner())
        self.message = muted_label("", self)
        self.message.setProperty("state", "wrong")
        self.message.hide()
        body.addWidget(self.message)

        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self._blueprint_card(), 3)
        left.addWidget(self._custom_card(), 2)
        columns.addLayout(left, 3)
        history_card, history_layout = _card(self, tr("Past attempts"))
        self.history = HistoryPanel(history_card)
        self.history.opened.connect(self.attempt_opened)
        history_layout.addWidget(self.history)
        columns.addWidget(history_card, 2)
        body.addLayout(columns, 1)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)

        for button in self.findChildren(QPushButton):
            button.setAutoDefault(True)  # Enter presses the focused button, as in a dialog
        escape = QAction(self)
        escape.setShortcut(QKeySequence("Esc"))
        escape.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.triggered.connect(self.home_requested)
        self.addAction(escape)

    def _resume_banner(self) -> QFrame:
        self.banner = QFrame(self)
        self.banner.setProperty("role", "notice")
        row = QHBoxLayout(self.banner)
        row.setContentsMargins(12, 8, 8, 8)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.resume_button = QPushButton(tr("Resume"), self.banner)
        self.resume_button.setProperty("role", "primary")
        self.resume_button.clicked.connect(lambda: self.unfinished and self.resume_requested.emit(self.unfinished.id))
        self.submit_old = QPushButton(tr("Submit it as it is"), self.banner)
        self.submit_old.clicked.connect(lambda: self.unfinished and self.submit_requested.emit(self.unfinished.id))
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.resume_button)
        row.addWidget(self.submit_old)
        self.banner.hide()
        return self.banner

    def _blueprint_card(self) -> QFrame:
        card, layout = _card(self, tr("Take an exam"))
        self.blueprints = QListWidget(card)
        self.blueprints.setAccessibleName(tr("Exams"))
        self.blueprints.setWordWrap(True)
        self.blueprints.setSpacing(3)
        self.blueprints.itemActivated.connect(lambda item: self.blueprint_chosen.emit(item.data(BLUEPRINT_ROLE)))
        self.blueprints.currentItemChanged.connect(self._blueprint_selected)
        self.description = muted_label("", card)
        self.problems = muted_label("", card)
        self.start_button = QPushButton(tr("Start exam  (Enter)"), card)
        self.start_button.setProperty("role", "primary")
        self.start_button.clicked.connect(self._start_selected)
        layout.addWidget(self.blueprints, 1)
        layout.addWidget(self.description)
        layout.addWidget(self.problems)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        return card

    def _custom_card(self) -> QFrame:
        card, layout = _card(self, tr("Quick custom exam"))
        self.topics = QListWidget(card)
        self.topics.setAccessibleName(tr("Topics for the custom exam (Space ticks)"))
        self.topics.setWordWrap(True)
        self.topics.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = QSpinBox(card)
        self.count.setRange(1, 200)
        self.count.setValue(20)
        self.count.setAccessibleName(tr("Number of questions"))
        self.minutes = QSpinBox(card)
        self.minutes.setRange(0, 600)
        self.minutes.setValue(20)
        self.minutes.setSpecialValueText(tr("no limit"))
        self.minutes.setAccessibleName(tr("Minutes (0: no limit)"))
        form = QFormLayout()
        form.addRow(tr("&Questions"), self.count)
        form.addRow(tr("&Minutes"), self.minutes)
        self.custom_button = QPushButton(tr("Start &custom exam"), card)
        self.custom_button.clicked.connect(self._start_custom)
        row = QHBoxLayout()
        row.addWidget(self.topics, 2)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addWidget(muted_label(tr("No topic ticked: all topics."), card))
        self.topic_note = muted_label(tr("Counts are the questions an exam can mark: flashcards, which you rate "
                                         "yourself, are left out, so a topic may have fewer here than at home."), card)
        self.topic_note.hide()
        side.addWidget(self.topic_note)
        side.addStretch(1)
        side.addWidget(self.custom_button)
        row.addLayout(side, 1)
        layout.addLayout(row)
        return card

    # ----- filled by the flow
    def set_blueprints(self, blueprints: Sequence[Blueprint], problems: Sequence[Problem]) -> None:
        current = self.blueprints.currentRow()
        self.blueprints.clear()
        for bp in blueprints:
            item = QListWidgetItem(f"{bp.title}\n{describe(bp)}")
            item.setData(BLUEPRINT_ROLE, bp)
            self.blueprints.addItem(item)
        if blueprints:
            self.blueprints.setCurrentRow(min(max(current, 0), len(blueprints) - 1))
        self.start_button.setEnabled(bool(blueprints))
        text = tr("No exam blueprints in the open question folders (they go in an exams/ folder).") \
            if not blueprints else ""
        if problems:
            text = tr("Blueprints left out: {}").format("; ".join(str(p) for p in problems))
        self.problems.setText(text)
        self.problems.setVisible(bool(text))

    def set_topics(self, topics: Mapping[str, tuple[str, int, int]]) -> None:
        """topic -> (title, questions usable in an exam, all its questions)."""
        ticked = {self.topics.item(i).data(TOPIC_ROLE) for i in range(self.topics.count())
                  if self.topics.item(i).checkState() == Qt.CheckState.Checked}
        self.topics.clear()
        fewer = False
        for topic, (title, n, total) in sorted(topics.items(), key=lambda kv: kv[1][0].casefold()):
            # "8 of 9": the home screen counts every question, an exam only those it can mark
            fewer = fewer or n != total
            item = QListWidgetItem(f"{title}  ({n})" if n == total else tr("{}  ({} of {})").format(title, n, total))
            if n != total:
                item.setToolTip(tr("{} of its {} questions can be in an exam").format(n, total))
            item.setData(TOPIC_ROLE, topic)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if topic in ticked else Qt.CheckState.Unchecked)
            self.topics.addItem(item)
        if self.topics.count():
            self.topics.setCurrentRow(0)
        self.topic_note.setVisible(fewer)

    def set_unfinished(self, unfinished: Unfinished | None) -> None:
        self.unfinished = unfinished
        self.banner.setVisible(unfinished is not None)
        if unfinished is None:
            return
        left = (tr("{} left").format(fmt.clock(unfinished.seconds_left)) if unfinished.seconds_left is not None
                else tr("no time limit"))
        self.banner_text.setText(tr("Unfinished exam: {} (started {:%d %b %H:%M}) — {} of {} answered, {}. "
                                    "The clock stopped when you left.").format(
            unfinished.title, unfinished.started_at, unfinished.answered, unfinished.total, left))

    def set_history(self, attempts: Sequence[Attempt]) -> None:
        self.history.set_attempts(attempts)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def focus_default(self) -> None:
        """Resume if something is unfinished, else the list of exams."""
        (self.resume_button if self.unfinished is not None else self.blueprints).setFocus()

    # ----- internals
    def _blueprint_selected(self, item: QListWidgetItem | None) -> None:
        bp = item.data(BLUEPRINT_ROLE) if item is not None else None
        self.description.setText(bp.description if bp is not None else "")

    def _start_selected(self) -> None:
        item = self.blueprints.currentItem()
        if item is not None:
            self.blueprint_chosen.emit(item.data(BLUEPRINT_ROLE))

    def _start_custom(self) -> None:
        topics = [self.topics.item(i).data(TOPIC_ROLE) for i in range(self.topics.count())
                  if self.topics.item(i).checkState() == Qt.CheckState.Checked]
        self.custom_chosen.emit(topics, self.count.value(), self.minutes.value())
