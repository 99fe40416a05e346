"""A small chart of one card's intervals, review by review, drawn with QPainter (no QtCharts).

Bars on a logarithmic day scale (10 minutes and 10 months both stay visible); a lapse (Again) is
drawn in the "bad" colour. Hovering a bar shows its date and interval.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from quizapp.ui import fmt, theme
from quizapp.ui.i18n import tr

TICKS = ((1 / 144, "10m"), (1, "1d"), (30, "1mo"), (365, "1y"))  # a week is too close to a month to label


class IntervalChart(QWidget):
    """`set_points([(when, interval, rating), ...])` oldest first; empty: a short note instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[datetime, timedelta, int]] = []
        self.setMinimumHeight(140)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Interval after each review"))
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:
        return QSize(320, 150)

    def set_points(self, points: Sequence[tuple[datetime, timedelta, int]]) -> None:
        self.points = list(points)
        self.setAccessibleDescription(", ".join(f"{p[0]:%Y-%m-%d} {fmt.interval(p[1])}" for p in self.points))
        self.update()

    @staticmethod
    def _scale(days: float) -> float:
        return math.log10(max(days, 1 / 1440) * 1440)  # 0 at one minute

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(self.fontMetrics().horizontalAdvance("10mo") + 10, 8, -8, -18)

    def _bars(self) -> list[QRectF]:
        plot = self._plot()
        top = max([self._scale(365)] + [self._scale(p[1].total_seconds() / 86400) for p in self.points])
        n = max(1, len(self.points))
        width = plot.width() / n
        bars = []
        for i, (_, interval, _) in enumerate(self.points):
            h = plot.height() * self._scale(interval.total_seconds() / 86400) / top
            bars.append(QRectF(plot.left() + i * width + width * 0.15, plot.bottom() - h, width * 0.7, h))
        return bars

    def paintEvent(self, event: QPaintEvent) -> None:
        colors = theme.current()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        painter.setPen(QColor(colors.muted))
        if not self.points:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("No reviews yet"))
            return
        top = max([self._scale(365)] + [self._scale(p[1].total_seconds() / 86400) for p in self.points])
        grid = QPen(QColor(colors.border))
        grid.setStyle(Qt.PenStyle.DotLine)
        for days, label in TICKS:
            y = plot.bottom() - plot.height() * self._scale(days) / top
            painter.setPen(grid)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(QColor(colors.muted))
            painter.drawText(QRectF(0, y - 8, plot.left() - 6, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)
        painter.setPen(Qt.PenStyle.NoPen)
        for bar, (_, _, rating) in zip(self._bars(), self.points, strict=True):
            painter.setBrush(QColor(colors.bad if rating == 1 else colors.accent))
            painter.drawRoundedRect(bar, 2, 2)
        painter.setPen(QColor(colors.muted))
        first, last = self.points[0][0], self.points[-1][0]
        painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), 16),
                         Qt.AlignmentFlag.AlignLeft, f"{first:%Y-%m-%d}")
        if len(self.points) > 1:
            painter.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), 16),
                             Qt.AlignmentFlag.AlignRight, f"{last:%Y-%m-%d}")

    def event(self, event: object) -> bool:
        if isinstance(event, QHelpEvent) and event.type() == QHelpEvent.Type.ToolTip:
            for bar, (when, interval, _) in zip(self._bars(), self.points, strict=True):
                if bar.adjusted(-2, -200, 2, 0).contains(QPointF(event.pos())):
                    QToolTip.showText(event.globalPos(), f"{when:%Y-%m-%d %H:%M}: {fmt.interval(interval)}", self)
                    return True
            QToolTip.hideText()
            return True
        return super().event(event)
