"""Past exam attempts: scores over time as a small chart, and the list (Enter opens an attempt's results)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from quizapp.study.exam_store import Attempt
from quizapp.ui import fmt, theme
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

ID_ROLE = Qt.ItemDataRole.UserRole
CHART_POINTS = 30  # the latest attempts drawn; the list has them all


class ScoreChart(QWidget):
    """Percent scored per attempt, oldest on the left; a dot is green when the attempt passed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attempts: list[Attempt] = []
        self.setMinimumHeight(110)
        self.setAccessibleName(tr("Scores over time"))

    def sizeHint(self) -> QSize:
        return QSize(320, 130)

    def set_attempts(self, newest_first: Sequence[Attempt]) -> None:
        self.attempts = list(reversed(newest_first[:CHART_POINTS]))
        scores = ", ".join(f"{a.finished_at:%d %b}: {a.percent:.0f}%" for a in self.attempts)
        self.setAccessibleDescription(scores)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 8
        area = QRectF(left, 8, self.width() - left - 10, self.height() - 16)
        painter.setPen(QPen(QColor(colors.border), 1))
        for pct in (0, 50, 100):
            y = area.bottom() - area.height() * pct / 100
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(colors.muted))
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(QRectF(0, y - 8, left - 6, 16), align, f"{pct}%")
            painter.setPen(QPen(QColor(colors.border), 1))
        if not self.attempts:
            painter.setPen(QColor(colors.muted))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, tr("No attempts yet"))
            return
        step = area.width() / max(1, len(self.attempts) - 1)
        points = [QPointF(area.left() + (step * i if len(self.attempts) > 1 else area.width() / 2),
                          area.bottom() - area.height() * a.percent / 100) for i, a in enumerate(self.attempts)]
        path = QPainterPath(points[0])
        for p in points[1:]:
            path.lineTo(p)
        painter.setPen(QPen(QColor(colors.accent), 2))
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        for p, a in zip(points, self.attempts, strict=True):
            painter.setBrush(QColor(colors.good if a.passed else colors.bad))
            painter.drawEllipse(p, 4.5, 4.5)


class HistoryPanel(QWidget):
    """The chart above the list of attempts; `opened(attempt_id)` on Enter or double click."""

    opened = Signal(int)
    COLUMNS = ("Date", "Exam", "Score", "Time")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.chart = ScoreChart(self)
        self.list = QTreeWidget(self)
        self.list.setRootIsDecorated(False)
        self.list.setColumnCount(len(self.COLUMNS))
        self.list.setHeaderLabels([tr(c) for c in self.COLUMNS])
        self.list.setAccessibleName(tr("Past attempts"))
        self.list.setUniformRowHeights(True)
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.itemActivated.connect(lambda item, _col: self.opened.emit(int(item.data(0, ID_ROLE))))
        self.empty = muted_label(tr("Your finished exams appear here with their scores."), self)
        layout.addWidget(self.chart)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)

    def set_attempts(self, newest_first: Sequence[Attempt]) -> None:
        self.chart.set_attempts(newest_first)
        self.list.clear()
        for a in newest_first:
            verdict = tr("passed") if a.passed else tr("not passed")
            score = f"{a.percent:.0f}% {'✓' if a.passed else '✗'}"
            item = QTreeWidgetItem([f"{a.finished_at:%d %b %Y}", a.title, score, fmt.clock(a.seconds_used)])
            item.setData(2, Qt.ItemDataRole.AccessibleTextRole, f"{a.percent:.0f}%, {verdict}")
            item.setToolTip(0, f"{a.finished_at:%Y-%m-%d %H:%M}")
            item.setToolTip(1, a.title)
            item.setData(0, ID_ROLE, a.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setForeground(2, QColor(theme.current().good if a.passed else theme.current().bad))
            self.list.addTopLevelItem(item)
        if newest_first:
            self.list.setCurrentItem(self.list.topLevelItem(0))
        self.empty.setVisible(not newest_first)
