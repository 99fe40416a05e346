"""The calendar heatmap: a year of study days as week columns of squares, darker for more answers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCharts import QCategoryAxis, QScatterSeries
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QCursor, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from quizapp.study.stats.model import DayCount
from quizapp.ui.i18n import tr
from quizapp.ui.stats.charts import ChartView, attach, style_axis, themed_chart
from quizapp.ui.theme import Colors

LEVELS = 5  # no answers, then four shades split at the quartiles of the busy days
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def _mix(a: str, b: str, t: float) -> QColor:
    ca, cb = QColor(a), QColor(b)
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(ca.getRgbF()[:3], cb.getRgbF()[:3], strict=True)))


def levels(counts: Sequence[int]) -> list[int]:
    """Shade 0 for a day without answers, else 1..4 by quartile of the days with answers."""
    busy = sorted(c for c in counts if c > 0)
    if not busy:
        return [0] * len(counts)
    cuts = [busy[min(len(busy) - 1, int(len(busy) * q))] for q in (0.25, 0.5, 0.75)]
    return [0 if c == 0 else 1 + sum(c > cut for cut in cuts) for c in counts]


def _cell(day: date, first_monday: date) -> tuple[int, int]:
    return (day - first_monday).days // 7, 6 - day.weekday()


class HeatmapView(ChartView):
    """Week columns (oldest left), Monday at the top; hovering a square tells its date and count."""

    def __init__(self, calendar: Sequence[DayCount], colors: Colors, parent: QWidget | None = None) -> None:
        self.calendar = tuple(calendar)
        total = sum(d.count for d in self.calendar)
        chart = themed_chart(tr("Answers per day, past year ({} in all)").format(total), colors)
        super().__init__(chart, parent, height=210)
        first = self.calendar[0].day if self.calendar else date.today()
        self.first_monday = first - timedelta(days=first.weekday())
        self.columns = _cell(self.calendar[-1].day, self.first_monday)[0] + 1 if self.calendar else 53
        self.by_cell = {_cell(d.day, self.first_monday): d for d in self.calendar}
        shades = [QColor(colors.alt_base)] + [_mix(colors.accent_soft, colors.accent, t) for t in (0.2, 0.45, 0.7, 1)]
        x_axis, y_axis = self._axes(colors)
        self.series: list[QScatterSeries] = []
        for level, shade in zip(range(LEVELS), shades, strict=True):
            s = QScatterSeries()
            s.setName(str(level))
            s.setMarkerShape(QScatterSeries.MarkerShape.MarkerShapeRectangle)
            s.setColor(shade)
            s.setBorderColor(QColor(colors.border) if level == 0 else shade)
            s.hovered.connect(self._hovered)
            attach(chart, s, x_axis, y_axis)
            self.series.append(s)
        for d, level in zip(self.calendar, levels([d.count for d in self.calendar]), strict=True):
            self.series[level].append(QPointF(*_cell(d.day, self.first_monday)))

    def _axes(self, colors: Colors) -> tuple[QCategoryAxis, QCategoryAxis]:
        x_axis = QCategoryAxis()
        x_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        x_axis.setRange(-0.5, self.columns - 0.5)
        seen: set[tuple[int, int]] = set()
        for d in self.calendar:
            if d.day.day <= 7 and d.day.weekday() == 0 and (d.day.year, d.day.month) not in seen:
                seen.add((d.day.year, d.day.month))
                x_axis.append(d.day.strftime("%b"), _cell(d.day, self.first_monday)[0])
        y_axis = QCategoryAxis()
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        y_axis.setRange(-0.5, 6.5)
        for k, name in reversed(list(enumerate(WEEKDAYS))):  # a category axis takes labels bottom up
            if name:
                y_axis.append(tr(name), 6 - k)
        for axis in (x_axis, y_axis):
            style_axis(axis, colors)
            axis.setGridLineVisible(False)
            axis.setLineVisible(False)
        return x_axis, y_axis

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.chart().plotArea()
        size = max(3.0, min(area.width() / max(1, self.columns), area.height() / 7) * 0.86)
        for s in self.series:
            s.setMarkerSize(size)

    def counts(self) -> list[int]:
        """Answers per day as drawn, oldest first."""
        return [d.count for d in self.calendar]

    def _hovered(self, point: QPointF, state: bool) -> None:
        day = self.by_cell.get((round(point.x()), round(point.y())))
        if state and day is not None:
            QToolTip.showText(QCursor.pos(), tr("{}: {} answer(s)").format(day.day.strftime("%a %d %b %Y"), day.count))
        else:
            QToolTip.hideText()
