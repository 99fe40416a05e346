"""The exam's navigator: one numbered square per question, showing answered / unanswered / flagged.

A list view in icon mode, so the arrow keys move between squares and Enter opens one; the squares are
painted from the theme's colours.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPolygon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from quizapp.ui import theme
from quizapp.ui.i18n import tr

ANSWERED_ROLE = Qt.ItemDataRole.UserRole
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 1
CURRENT_ROLE = Qt.ItemDataRole.UserRole + 2
CELL = 38
COLUMNS = 5


class _SquareDelegate(QStyledItemDelegate):
    """A filled square for an answered question, an outlined one for unanswered, a corner flag."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        return QSize(CELL, CELL)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        colors = theme.current()
        answered = bool(index.data(ANSWERED_ROLE))
        flagged = bool(index.data(FLAGGED_ROLE))
        current = bool(index.data(CURRENT_ROLE))
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = QRect(option.rect).adjusted(3, 3, -3, -3)
        fill = QColor(colors.accent)
        fill.setAlpha(80)  # stronger than accent_soft, so an answered square reads as filled next to a thick border
        painter.setBrush(fill if answered else QColor(colors.base))
        pen = QPen(QColor(colors.accent if current or focused else colors.border), 3 if current else 1)
        if focused and not current:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(box, 5, 5)
        if flagged:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colors.warn_border))
            corner = box.width() // 3
            top = box.topRight()
            painter.drawPolygon(QPolygon([top, QPoint(top.x() - corner, top.y()), QPoint(top.x(), top.y() + corner)]))
        font = QFont(option.font)
        font.setBold(current)
        painter.setFont(font)
        painter.setPen(QColor(colors.text if answered or current else colors.muted))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(index.row() + 1))
        painter.restore()


class Navigator(QListWidget):
    """Emits `chosen(index)` when a square is clicked or opened with Enter."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setGridSize(QSize(CELL, CELL))
        self.setSpacing(0)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setItemDelegate(_SquareDelegate(self))
        self.setAccessibleName(tr("Questions: answered, unanswered and flagged"))
        self.itemClicked.connect(lambda item: self.chosen.emit(self.row(item)))
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.setFixedWidth(COLUMNS * CELL + 2 * self.frameWidth() + scrollbar + 6)

    def set_count(self, count: int) -> None:
        self.clear()
        for _ in range(count):
            self.addItem(QListWidgetItem())
        rows = -(-count // COLUMNS)
        # As tall as the squares need; a long exam scrolls when the window is short.
        self.setMaximumHeight(rows * CELL + 2 * self.frameWidth() + 6)

    def set_state(self, index: int, answered: bool, flagged: bool, current: bool) -> None:
        item = self.item(index)
        if item is None:
            return
        item.setData(ANSWERED_ROLE, answered)
        item.setData(FLAGGED_ROLE, flagged)
        item.setData(CURRENT_ROLE, current)
        words = [tr("answered") if answered else tr("unanswered")]
        if flagged:
            words.append(tr("flagged"))
        if current:
            words.append(tr("on screen"))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, tr("Question {}: {}").format(index + 1, ", ".join(words)))
        item.setToolTip(item.data(Qt.ItemDataRole.AccessibleTextRole))

    def open_current(self) -> None:
        row = self.currentRow()
        if row >= 0:
            self.chosen.emit(row)
