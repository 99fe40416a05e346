"""Card info: the card now, a chart of its intervals, and every answer with FSRS's state after it."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from quizapp.study.card_info import CardInfo
from quizapp.ui import fmt
from quizapp.ui.browse.chart import IntervalChart
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
HISTORY = ("Date", "Rating", "Time", "Interval", "State", "Stab.", "Diff.", "Recall")


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.0f}%"


def _days(x: float | None) -> str:
    return "" if x is None else f"{x:.1f}d"


def summary_lines(info: CardInfo, now: datetime) -> list[str]:
    """The card now, as a few lines of text."""
    card = info.card
    s = card.srs
    state = tr(STATE_NAMES.get(s.state, str(s.state)))
    lines = [tr("{} · {} review(s), {} lapse(s)").format(state.capitalize(), len(info.reviews), s.lapses)]
    if s.state != 0:
        due = datetime.fromtimestamp(s.due, UTC).astimezone(now.tzinfo)
        lines.append(tr("Due {} (in {}) · stability {} · difficulty {} · recall now {}").format(
            f"{due:%Y-%m-%d %H:%M}", fmt.interval(due - now), _days(s.stability),
            "" if s.difficulty is None else f"{s.difficulty:.1f}", _pct(info.retrievability)))
    put_aside = [tr(w) for w, on in (("suspended", card.suspended), ("leech", card.leech)) if on]
    if card.buried_until > now.timestamp():
        put_aside.append(tr("buried"))
    if card.flagged:
        put_aside.append(tr("flagged: {}").format(card.flag_reason) if card.flag_reason else tr("flagged"))
    if put_aside:
        lines.append(" · ".join(put_aside).capitalize())
    practice = len(info.answers) - len(info.reviews)
    if practice:
        lines.append(tr("{} practice answer(s), which changed nothing").format(practice))
    return lines


class CardInfoPanel(QWidget):
    """Shows one CardInfo; `show_info(None)` says there is nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info: CardInfo | None = None
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.summary = muted_label("", self)
        self.summary.setAccessibleName(tr("Card summary"))
        self.chart = IntervalChart(self)
        self.history = QTreeWidget(self)
        self.history.setRootIsDecorated(False)
        self.history.setUniformRowHeights(True)
        self.history.setColumnCount(len(HISTORY))
        self.history.setHeaderLabels([tr(h) for h in HISTORY])
        self.history.setAccessibleName(tr("Every answer"))
        self.history.headerItem().setToolTip(7, tr("FSRS's chance of recall when the answer was given"))
        self.history.headerItem().setToolTip(4, tr("The card's state after the answer"))
        self.history.headerItem().setToolTip(5, tr("FSRS stability after the answer"))
        self.history.headerItem().setToolTip(6, tr("FSRS difficulty after the answer, 1 to 10"))
        header = self.history.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.chart)
        layout.addWidget(self.history, 1)

    def show_info(self, info: CardInfo | None, now: datetime, title: str = "") -> None:
        self.info = info
        self.title.setText(title)
        self.history.clear()
        if info is None:
            self.summary.setText(tr("No card: this question is not in your progress."))
            self.chart.set_points([])
            return
        self.summary.setText("\n".join(summary_lines(info, now)))
        items = []
        for a in reversed(info.answers):  # newest first, as Anki lists them
            when = a.at.astimezone(now.tzinfo)
            if a.practice:
                cells = [f"{when:%Y-%m-%d}", tr(RATING_NAMES[a.rating]), _secs(a.duration_ms), "",
                         tr("practice"), "", "", ""]
            else:
                cells = [f"{when:%Y-%m-%d}", tr(RATING_NAMES[a.rating]), _secs(a.duration_ms),
                         fmt.interval(a.interval) if a.interval is not None else "",
                         tr(STATE_NAMES.get(a.state_after, "")) if a.state_after is not None else "",
                         _days(a.stability), "" if a.difficulty is None else f"{a.difficulty:.1f}", _pct(a.recall)]
            item = QTreeWidgetItem(cells)
            item.setToolTip(0, f"{when:%Y-%m-%d %H:%M}")
            for column in (2, 3, 5, 6, 7):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            items.append(item)
        self.history.addTopLevelItems(items)
        self.chart.set_points([(a.at.astimezone(now.tzinfo), a.interval, a.rating) for a in info.reviews
                               if a.interval is not None])


def _secs(ms: int | None) -> str:
    if ms is None:
        return ""
    return f"{ms / 1000:.1f}s" if ms < 9950 else f"{round(ms / 1000)}s"
