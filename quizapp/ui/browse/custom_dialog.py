"""The custom-study dialog: a search, how many questions, and whether answers move the cards' schedules."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.study.custom import DEFAULT_LIMIT, CustomStudy
from quizapp.ui.browse.bridge import BrowseBridge
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label, set_state

COUNT_DELAY_MS = 250


class CustomStudyDialog(QDialog):
    """Emits `start_requested(CustomStudy)` when the student starts; counts the matches while they type."""

    start_requested = Signal(object)

    def __init__(self, browse: BrowseBridge, query: str = "", title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browse = browse
        self.setWindowTitle(title or tr("Custom study"))
        self.query = QLineEdit(query, self)
        self.query.setAccessibleName(tr("Search"))
        self.query.setPlaceholderText(tr('e.g. rated:7:1 · topic:pain -is:new · prop:due<=1'))
        self.limit = QSpinBox(self)
        self.limit.setRange(1, 9999)
        self.limit.setValue(DEFAULT_LIMIT)
        self.limit.setAccessibleName(tr("At most this many questions"))
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self.count.setAccessibleName(tr("Matching questions"))
        self.reschedule = QRadioButton(tr("Answers move the schedules (as reviews)"), self)
        self.practice = QRadioButton(tr("Practice only: nothing is rescheduled"), self)
        self.reschedule.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.reschedule)
        group.addButton(self.practice)
        self.mode_note = muted_label("", self)
        self.reschedule.toggled.connect(self._mode_changed)
        form = QFormLayout()
        form.addRow(tr("Search"), self.query)
        form.addRow("", self.count)
        form.addRow(tr("At most"), self.limit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.start = self.buttons.addButton(tr("Start studying"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.start.setDefault(True)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.reschedule)
        layout.addWidget(self.practice)
        layout.addWidget(self.mode_note)
        layout.addWidget(self.buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COUNT_DELAY_MS)
        self.timer.timeout.connect(self._count)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.limit.valueChanged.connect(lambda _n: self.timer.start())
        self.finished.connect(lambda _result: self.timer.stop())  # no count asked for once closed
        self.matches: int | None = None
        self._asked = 0
        self._mode_changed()
        self.resize(560, self.sizeHint().height())
        self._count()

    def spec(self) -> CustomStudy:
        return CustomStudy(self.query.text().strip(), self.reschedule.isChecked(), self.limit.value())

    def _mode_changed(self) -> None:
        if self.reschedule.isChecked():
            self.mode_note.setText(tr("Due cards are reviewed as usual. A card not due yet is reviewed early: FSRS "
                                      "schedules it from the real time since its last review, so an early review "
                                      "counts for less. Answers count for today's statistics."))
        else:
            self.mode_note.setText(tr("Answers are kept as practice: no card's schedule, counts or statistics "
                                      "change. A question answered Again comes back once more."))

    def _count(self) -> None:
        self._asked += 1
        asked = self._asked
        self.start.setEnabled(False)
        self.count.setText(tr("Counting…"))
        set_state(self.count, "")
        self.browse.count(self.spec(), lambda n: self._counted(asked, n), lambda exc: self._failed(asked, exc))

    def _counted(self, asked: int, n: int) -> None:
        if asked != self._asked:
            return  # the query changed meanwhile
        self.matches = n
        self.count.setText(tr("{} question(s) to study (suspended and buried ones are left out).").format(n)
                           if n else tr("No question matches (suspended and buried ones are left out)."))
        self.start.setEnabled(n > 0)

    def _failed(self, asked: int, exc: BaseException) -> None:
        from quizapp.study.search import SearchError

        if not isinstance(exc, SearchError):
            self.browse.bridge.failed.emit(exc)
            return
        if asked == self._asked:
            self.matches = None
            self.count.setText(exc.message)
            set_state(self.count, "wrong")

    def _start(self) -> None:
        if self.timer.isActive() or not self.start.isEnabled():
            return  # the count for the latest query is not in yet
        self.start_requested.emit(self.spec())
        self.accept()
