"""Charts on two axes: value axes with grid lines, category and date labels that thin out to fit, axis titles."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from quizapp.ui.charts.base import Chart
from quizapp.ui.charts.ticks import Scale, date_label, date_ticks, day_number

LEFT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
UNDER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)


def every_nth(slot: float, needed: float) -> int:
    """Label every n-th of a row of slots `slot` wide so labels `needed` wide do not touch (the smallest n:
    categories are not a number line, so every third is fine)."""
    return max(1, math.ceil(needed / slot - 1e-9)) if slot > 0 else 1


class Cartesian(Chart):
    """A chart with a plot rectangle between a value axis and a category or date axis."""

    x_title = ""
    y_title = ""

    def _title_space(self) -> tuple[float, float]:
        """(width at the left for a rotated y title, height at the bottom for the x title)."""
        lh = self.line_height()
        return (1.3 * lh if self.y_title else 0.0), (1.2 * lh if self.x_title else 0.0)

    def paint_grid(self, p: QPainter, scale: Scale, plot: QRectF, vertical: bool) -> None:
        """Grid lines and tick labels of a value axis: up the left (`vertical`) or along the bottom."""
        fm, lh, c = self.metrics(), self.line_height(), self.colors
        grid = QColor(c.border)
        for tick in scale.ticks():
            f = scale.fraction(tick)
            text = scale.label(tick)
            p.setPen(QPen(QColor(c.muted) if tick == scale.low else grid, 1))
            if vertical:
                y = plot.bottom() - f * plot.height()
                p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
                p.setPen(QColor(c.text))
                self.text(p, "value", QRectF(plot.left() - 0.35 * lh - 1000, y - lh / 2, 1000, lh), LEFT, text)
            else:
                x = plot.left() + f * plot.width()
                p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
                p.setPen(QColor(c.text))
                w = fm.horizontalAdvance(text) + 2
                self.text(p, "value", QRectF(x - w / 2, plot.bottom() + 0.25 * lh, w, lh), UNDER, text)

    def paint_titles(self, p: QPainter, area: QRectF, plot: QRectF) -> None:
        """The y title turned up the left edge, the x title under the axis labels, both in the muted colour."""
        lh = self.line_height()
        p.setPen(QColor(self.colors.muted))
        if self.x_title:
            text = self.metrics().elidedText(self.x_title, Qt.TextElideMode.ElideRight, area.width())
            self.text(p, "axis title", QRectF(area.left(), area.bottom() - 1.1 * lh, area.width(), lh),
                       int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter), text)
        if self.y_title:
            text = self.metrics().elidedText(self.y_title, Qt.TextElideMode.ElideRight, plot.height() + lh)
            p.save()
            p.translate(area.left() + 0.55 * lh, plot.center().y())
            p.rotate(-90)
            self.text(p, "axis title", QRectF(-plot.height(), -lh / 2, 2 * plot.height(), lh),
                       int(Qt.AlignmentFlag.AlignCenter), text)
            p.restore()

    def date_labels(self, low: float, high: float, width: float) -> list[tuple[float, str]]:
        """Round dates between day numbers `low` and `high` spread over `width` pixels: (day number, label),
        as many as fit side by side."""
        fm, lh = self.metrics(), self.line_height()
        widest = fm.horizontalAdvance("30 Sep 2026") if high - low > 300 else fm.horizontalAdvance("30 Sep")
        ticks, unit = date_ticks(low, high, max(2, int(width / (widest + 2.5 * lh)) + 1))
        return [(day_number(d), date_label(d, unit, first=k == 0)) for k, d in enumerate(ticks)]

    def paint_category_labels(self, p: QPainter, labels: Sequence[str], centres: Sequence[float], y: float,
                              slot: float) -> None:
        """Labels centred under their bars; every n-th when they would touch, each cut to its room."""
        fm, lh = self.metrics(), self.line_height()
        widest = max((fm.horizontalAdvance(t) for t in labels), default=0.0) + 0.4 * lh
        n = every_nth(slot, min(widest, 10 * lh))
        room = slot * n - 0.2 * lh
        p.setPen(QColor(self.colors.text))
        for k in range(0, len(labels), n):
            text = fm.elidedText(labels[k], Qt.TextElideMode.ElideRight, room)
            w = fm.horizontalAdvance(text) + 2
            left = min(max(centres[k] - w / 2, centres[0] - slot / 2), self.width() - w - 1)
            self.text(p, "category", QRectF(left, y, w, lh), UNDER, text)

    def paint_date_labels(self, p: QPainter, low: float, high: float, plot: QRectF,
                          to_x: Callable[[float], float]) -> None:
        """Date labels (and short tick marks) under the plot at the round dates that fit."""
        lh = self.line_height()
        fm = self.metrics()
        shown_until = -1e9
        for value, text in self.date_labels(low, high, plot.width()):
            x = to_x(value)
            w = fm.horizontalAdvance(text) + 2
            left = min(max(x - w / 2, plot.left()), self.width() - w - 1)  # clear of the value axis, inside
            if left < shown_until:  # months differ in length and "Jan 2027" is wider: never overprint
                continue
            shown_until = left + w + 0.5 * lh
            p.setPen(QPen(QColor(self.colors.muted), 1))
            p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 0.25 * lh))
            p.setPen(QColor(self.colors.text))
            self.text(p, "date", QRectF(left, plot.bottom() + 0.25 * lh, w, lh), UNDER, text)
