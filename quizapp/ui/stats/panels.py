"""The statistics window's non-chart parts: today's tiles, question tables, misconceptions, the exam-date box."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.study.stats.model import ExamPlan, Misconception, QuestionStat, Stats
from quizapp.ui.i18n import tr


def html(text: str) -> str:
    return escape(text, quote=False)


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def label(text: str, role: str = "", wrap: bool = False, rich: bool = False) -> QLabel:
    """A label in a stylesheet role; `rich` for text with markup (anything from a bank goes through html())."""
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    return widget


def card(*widgets: QWidget, title: str = "") -> QFrame:
    """A bordered panel (the stylesheet's "card" role) holding `widgets` under an optional heading."""
    frame = QFrame()
    frame.setProperty("role", "card")
    box = QVBoxLayout(frame)
    if title:
        box.addWidget(label(title, "heading"))
    for w in widgets:
        box.addWidget(w)
    return frame


class Tiles(QWidget):
    """Today at a glance: big numbers with a caption under each."""

    def __init__(self, stats: Stats, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        t, s = stats.today, stats.streak
        minutes = t.seconds / 60
        self.values = {
            "reviewed": (str(t.reviewed), tr("answered today")),
            "correct": (pct(t.correct_share), tr("correct today")),
            "time": (f"{minutes:.0f} min" if minutes >= 1 or not t.seconds else "<1 min", tr("spent today")),
            "due": (str(t.still_due), tr("still due today")),
            "streak": (tr("{} d").format(s.current), tr("streak (longest {} d)").format(s.longest)),
        }
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.tiles: list[QFrame] = []
        for value, caption in self.values.values():
            inner = QVBoxLayout()
            number = label(value, "big-number")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            text = label(caption, "muted")
            text.setAlignment(Qt.AlignmentFlag.AlignCenter)
            inner.addWidget(number)
            inner.addWidget(text)
            holder = QFrame()
            holder.setProperty("role", "card")
            holder.setLayout(inner)
            self.tiles.append(holder)
        self._columns = 0
        self._place(len(self.tiles))

    def _place(self, columns: int) -> None:
        """Put the tiles in rows of `columns` (fewer per row when large fonts or a narrow window need it)."""
        if columns == self._columns:
            return
        self._columns = columns
        for k, tile in enumerate(self.tiles):
            self.grid.addWidget(tile, k // columns, k % columns)
        for col in range(len(self.tiles)):
            self.grid.setColumnStretch(col, 1 if col < columns else 0)
        widest = max(t.minimumSizeHint().width() for t in self.tiles)
        self.setMinimumWidth(widest)  # so the window may be narrower than one row of all five

    def resizeEvent(self, event: QResizeEvent) -> None:
        widest = max(t.minimumSizeHint().width() for t in self.tiles) + self.grid.horizontalSpacing()
        self._place(max(1, min(len(self.tiles), event.size().width() // max(1, widest))))
        super().resizeEvent(event)


class QuestionTable(QTableWidget):
    """Leeches or hardest questions; double-click (or Enter) opens the question in a one-question drill."""

    open_question = Signal(str)
    HEADERS = ("Question", "Topic", "Accuracy", "Lapses", "Difficulty")
    VISIBLE_ROWS = 10

    def __init__(self, rows: Sequence[QuestionStat], title: Callable[[str], str] = str,
                 parent: QWidget | None = None) -> None:
        super().__init__(len(rows), len(self.HEADERS), parent)
        self.rows = tuple(rows)
        self.setHorizontalHeaderLabels([tr(h) for h in self.HEADERS])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for r, q in enumerate(self.rows):
            cells = (q.prompt or q.question_id, title(q.topic), f"{pct(q.accuracy)} ({q.correct}/{q.answers})",
                     str(q.lapses), "–" if q.difficulty is None else f"{q.difficulty:.1f}")
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{q.question_id}: {q.prompt}" if c == 0 else text)
                self.setItem(r, c, item)
        self.resizeColumnsToContents()
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        shown = min(max(1, len(self.rows)), self.VISIBLE_ROWS)  # taller than this scrolls
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + shown * self.verticalHeader()
                            .defaultSectionSize() + 2 * self.frameWidth())
        # activated: a double-click, or Enter on the selected row (double-click would report twice)
        self.cellActivated.connect(lambda row, _col: self.open_question.emit(self.rows[row].question_id))


class MisconceptionRow(QFrame):
    drill = Signal(tuple)

    def __init__(self, m: Misconception, title: Callable[[str], str] = str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.misconception = m
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 4, 0, 4)
        text = tr("<b>{n}×</b> “{given}” instead of “{expected}”").format(
            n=m.count, given=html(m.given), expected=html(m.expected))
        more = tr(" and {} more question(s)").format(len(m.question_ids) - 1) if len(m.question_ids) > 1 else ""
        where = tr("in “{prompt}”{more} · {topic}").format(prompt=html(m.prompt), more=more, topic=html(title(m.topic)))
        body = QVBoxLayout()
        body.setSpacing(2)
        body.addWidget(label(text, wrap=True, rich=True))
        body.addWidget(label(f"<i>{where}</i>", "muted", wrap=True, rich=True))
        if m.why:
            body.addWidget(label(m.why, "muted", wrap=True))
        row.addLayout(body, 1)
        button = QPushButton(tr("Drill"))
        button.setToolTip(tr("Study these {} question(s) now").format(len(m.question_ids)))
        button.clicked.connect(lambda: self.drill.emit(m.question_ids))
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)


class ExamDateBox(QFrame):
    """Choose or clear the exam date; shows the predicted score and what to study today."""

    date_chosen = Signal(object)  # datetime.date or None
    drill = Signal(tuple)

    def __init__(self, stats: Stats, title: Callable[[str], str] = str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setProperty("role", "card")
        box = QVBoxLayout(self)
        box.addWidget(label(tr("Exam date"), "heading"))
        row = QHBoxLayout()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        today = stats.generated_at.date()
        self.edit.setMinimumDate(QDate(today.year, today.month, today.day))
        chosen = stats.exam_date or date.fromordinal(today.toordinal() + 30)
        self.edit.setDate(QDate(chosen.year, chosen.month, chosen.day))
        self.set_button = QPushButton(tr("Set exam date"))
        self.set_button.clicked.connect(lambda: self.date_chosen.emit(self.edit.date().toPython()))
        self.clear_button = QPushButton(tr("Clear"))
        self.clear_button.setEnabled(stats.exam_date is not None)
        self.clear_button.clicked.connect(lambda: self.date_chosen.emit(None))
        for w in (self.edit, self.set_button, self.clear_button):
            row.addWidget(w)
        row.addStretch(1)
        box.addLayout(row)
        self.summary = label(self._summary(stats), wrap=True, rich=True)
        box.addWidget(self.summary)
        plan = stats.exam_plan
        self.tips = label(self._tips(plan, title), wrap=True, rich=True) if plan else None
        if self.tips is not None:
            box.addWidget(self.tips)
        count = len(plan.question_ids) if plan else 0
        self.drill_button = QPushButton(tr("Study today's {} question(s)").format(count))
        self.drill_button.setProperty("role", "primary")
        self.drill_button.setVisible(bool(plan and plan.question_ids))
        self.drill_button.clicked.connect(lambda: self.drill.emit(plan.question_ids if plan else ()))
        box.addWidget(self.drill_button, 0, Qt.AlignmentFlag.AlignLeft)
        box.addStretch(1)

    @staticmethod
    def _summary(stats: Stats) -> str:
        plan = stats.exam_plan
        if stats.exam_date is None:
            return tr("Set the date of your exam to see your predicted score on the day, per topic.")
        if plan is None:
            return tr("Your exam date ({}) has passed.").format(stats.exam_date.isoformat())
        return tr("<b>{days}</b> day(s) to go. Predicted score: <b>{now}</b>; after today's suggested study: "
                  "<b>{after}</b> (FSRS recall on the day; unseen questions count as not known).").format(
            days=plan.days_left, now=pct(plan.predicted), after=pct(plan.after_today))

    @staticmethod
    def _tips(plan: ExamPlan, title: Callable[[str], str] = str) -> str:
        if not plan.today:
            return tr("Nothing to gain today: you are as ready as FSRS can predict.")
        lines = [tr("{topic}: {n} question(s){new} (+{gain:.1f} points)").format(
            topic=html(title(t.topic)), n=len(t.question_ids), gain=t.gain_points,
            new=tr(", {} new").format(t.new) if t.new else "") for t in plan.today[:6]]
        return tr("<b>Study today to raise it most:</b><br>") + "<br>".join(lines)
