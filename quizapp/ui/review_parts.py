"""The pieces around a question on the review screen: the session bar, the rating buttons, the end panel."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from quizapp.ui import fmt
from quizapp.ui.bridge import RATINGS, Step
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}

KIND_NAMES = {"new": "New", "learning": "Learning", "review": "Review", "relearning": "Relearning"}


class SessionBar(QWidget):
    """Home button, what kind of card this is, its flag, progress (done / left) and the question timer."""

    home_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        home = QPushButton(tr("← Home"), self)
        home.setToolTip(tr("Back to the home screen (Esc)"))
        home.clicked.connect(self.home_clicked)
        self.kind = QLabel(self)
        self.kind.setProperty("role", "muted")
        self.flag_mark = QLabel(self)
        self.flag_mark.setProperty("state", "partial")
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(6)
        self.progress.setAccessibleName(tr("Session progress"))
        self.counts = QLabel(self)
        self.counts.setAccessibleName(tr("Done and remaining"))
        self.timer = QLabel("0:00", self)
        self.timer.setProperty("role", "muted")
        self.timer.setAccessibleName(tr("Time on this question"))
        self.flag_mark.setWordWrap(True)
        # A flowing row (large text in a small window: more lines, not a wider window); progress under it.
        top = QWidget(self)
        row = FlowLayout(top, hspacing=10, vspacing=4)
        for widget in (home, self.kind, self.timer, self.flag_mark):
            row.addWidget(widget)
        row.add_stretch()
        row.addWidget(self.counts)  # at the right; on a line of its own when the row is too narrow
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(top)
        column.addWidget(self.progress)

    def show_step(self, step: Step) -> None:
        left = step.remaining.total + (1 if step.item is not None else 0)
        self.progress.setRange(0, max(1, step.answered + left))
        self.progress.setValue(step.answered)
        self.counts.setText(tr("{} done · {} left ({} new, {} learning, {} review)").format(
            step.answered, left, step.remaining.new, step.remaining.learning, step.remaining.review))
        item = step.item
        self.kind.setText(tr(KIND_NAMES.get(item.kind, item.kind)) if item else "")
        self.show_flag(bool(item and item.flagged), item.flag_reason if item else None)
        self.show_time(0.0)

    def show_flag(self, flagged: bool, reason: str | None) -> None:
        self.flag_mark.setText((tr("⚑ flagged") + (f": {reason}" if reason else "")) if flagged else "")

    def show_time(self, seconds: float) -> None:
        self.timer.setText(fmt.clock(seconds))


class RatingBar(QWidget):
    """The four ratings, each with the interval it would give; `rated` carries the one chosen."""

    rated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = FlowLayout(self, hspacing=6, vspacing=6)  # two by two when four do not fit on a line
        self.intervals: dict[int, timedelta] = {}
        self.room = 1 << 20  # the width of the row the bar sits in (see fit)
        self.buttons: dict[int, QPushButton] = {}
        for value in RATINGS:
            button = QPushButton(self)
            button.setProperty("rating", str(value))
            button.clicked.connect(lambda _=False, v=value: self.rated.emit(v))
            row.addWidget(button)
            self.buttons[value] = button

    def offer(self, intervals: dict[int, timedelta], suggested: int) -> None:
        """Show the buttons with their intervals, the suggested one focused (Space takes it)."""
        self.intervals = intervals
        self._label()
        for value, button in self.buttons.items():
            name = tr(RATING_NAMES[value])
            when = fmt.interval(intervals[value]) if value in intervals else ""
            button.setAccessibleName(tr("{} (key {}), next in {}").format(name, value, when))
            button.setEnabled(True)
        self.show()
        self.buttons[suggested].setFocus()

    def fit(self, width: int) -> None:
        """The row is `width` wide: two-line labels (the interval under the name) when all four fit on one line,
        else one line each, so that two rows of them still leave room for the question."""
        if width != self.room:
            self.room = width
            self._label()

    def _label(self) -> None:
        lines = {}
        for value in self.buttons:
            name = tr(RATING_NAMES[value])
            when = fmt.interval(self.intervals[value]) if value in self.intervals else ""
            lines[value] = (f"{value}  {name}", when)
        for value, button in self.buttons.items():
            button.setText("\n".join(lines[value]))
        needed = sum(b.sizeHint().width() for b in self.buttons.values()) + 6 * (len(self.buttons) - 1)
        if needed > self.room:
            for value, button in self.buttons.items():
                button.setText("  ".join(lines[value]))
        self.updateGeometry()  # the row it sits in lays out again with the new size

    def focused(self) -> int | None:
        return next((v for v, b in self.buttons.items() if b.hasFocus()), None)

    def lock(self) -> None:
        for button in self.buttons.values():
            button.setEnabled(False)


class FinishedPanel(QFrame):
    """Shown when the session has nothing more to show now."""

    home_clicked = Signal()
    again_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        title = QLabel(tr("Nothing more due right now"), self)
        title.setProperty("role", "title")
        title.setWordWrap(True)
        self.text = muted_label("", self)
        self.home = QPushButton(tr("Back home  (Esc)"), self)
        self.home.setProperty("role", "primary")
        self.home.clicked.connect(self.home_clicked)
        again = QPushButton(tr("Look again"), self)
        again.setToolTip(tr("A card in learning may have come due"))
        again.clicked.connect(self.again_clicked)
        buttons = QWidget(self)
        row = FlowLayout(buttons, hspacing=6, vspacing=6)
        row.addWidget(self.home)
        row.addWidget(again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

    def summarise(self, answered: int, next_due_at: datetime | None) -> None:
        text = tr("You answered {} in this session.").format(fmt.plural(answered, tr("question"), tr("questions")))
        if next_due_at is not None:
            text += " " + tr("A card in learning comes back at {}.").format(next_due_at.strftime("%H:%M"))
        self.text.setText(text)
        self.show()
        self.home.setFocus(Qt.FocusReason.OtherFocusReason)
