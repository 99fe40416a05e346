"""QtCharts building blocks for the statistics window, coloured from the app's light or dark theme."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from quizapp.ui.theme import Colors

CHART_HEIGHT = 260


def _font(size_delta: float = 0, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(max(7.0, font.pointSizeF() + size_delta))
    font.setBold(bold)
    return font


def themed_chart(title: str, colors: Colors, legend: bool = False) -> QChart:
    """An empty chart in the theme's colours, with no animation (redraws follow filters instantly)."""
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(_font(1, bold=True))
    chart.setTitleBrush(QColor(colors.text))
    chart.setBackgroundBrush(QColor(colors.base))
    chart.setBackgroundPen(QPen(QColor(colors.border)))
    chart.setBackgroundRoundness(6)
    chart.setPlotAreaBackgroundVisible(False)
    chart.setMargins(QMargins(6, 4, 6, 4))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setVisible(legend)
    chart.legend().setLabelColor(QColor(colors.text))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def style_axis(axis: QAbstractAxis, colors: Colors, title: str = "") -> QAbstractAxis:
    axis.setLabelsColor(QColor(colors.text))
    axis.setLabelsFont(_font(-1))
    axis.setLinePenColor(QColor(colors.border))
    axis.setGridLineColor(QColor(colors.border))
    axis.setMinorGridLineColor(QColor(colors.alt_base))
    if title:
        axis.setTitleText(title)
        axis.setTitleBrush(QColor(colors.muted))
        axis.setTitleFont(_font(-1))
    return axis


def attach(chart: QChart, series: object, x: QAbstractAxis, y: QAbstractAxis) -> None:
    """Add `series` with `x` along the bottom and `y` up the left (each axis added once)."""
    for axis, where in ((x, Qt.AlignmentFlag.AlignBottom), (y, Qt.AlignmentFlag.AlignLeft)):
        if axis not in chart.axes():
            chart.addAxis(axis, where)
    chart.addSeries(series)
    series.attachAxis(x)
    series.attachAxis(y)


def nice_scale(value: float, max_ticks: int = 6) -> tuple[float, int]:
    """A round top for a count axis and a tick count giving round, whole steps (1, 2, 2.5 or 5 × 10^k, never
    a fraction: the labels are whole numbers, and 2.5 would read 2, 5, 7, 10, 12)."""
    if value <= 4:
        return 4, 5
    magnitude = 10 ** (len(str(int(value))) - 1)
    for base in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = base * magnitude
        if step >= 1 and step == int(step) and value / step <= max_ticks - 1:
            ticks = int(-(-value // step))
            return ticks * step, ticks + 1
    return value, max_ticks


def value_axis(colors: Colors, top: float, title: str = "", percent: bool = False) -> QValueAxis:
    """0..top (a count rounded up to a nice scale, or 0..100 % for a share)."""
    axis = QValueAxis()
    top, ticks = (100, 5) if percent else nice_scale(top)
    axis.setRange(0, top)
    axis.setTickCount(ticks)
    axis.setLabelFormat("%d %%" if percent else "%d")
    style_axis(axis, colors, title)
    return axis


def day_axis(colors: Colors, days: int, title: str) -> QValueAxis:
    """An axis of day offsets 0..days-1 with a tick each week (for bars per day)."""
    axis = QValueAxis()
    axis.setRange(-0.5, days - 0.5)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(7)
    axis.setLabelFormat("%d")
    style_axis(axis, colors, title)
    axis.setGridLineVisible(False)
    return axis


def bar_chart(title: str, labels: Sequence[str], sets: Sequence[tuple[str, Sequence[float], str]], colors: Colors,
              y_title: str = "", percent: bool = False, horizontal: bool = False,
              highlight: Sequence[int] = (), highlight_color: str | None = None, day_title: str = "",
              x_title: str = "") -> QChart:
    """Bars per label; `sets` are (name, values, colour). Bars at `highlight` indices (in the first set)
    are drawn in `highlight_color`, e.g. the weakest topics. With `day_title` the bars are days 0, 1, …
    on a numbered axis (30 date labels would not fit). Horizontal charts list the first label at the top."""
    if horizontal:  # Qt draws the first category at the bottom
        labels = list(reversed(labels))
        sets = [(name, list(reversed(values)), color) for name, values, color in sets]
        highlight = [len(labels) - 1 - k for k in highlight]
    chart = themed_chart(title, colors, legend=len(sets) > 1)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.setBarWidth(0.75)
    top = 0.0
    for k, (name, values, color) in enumerate(sets):
        bar = QBarSet(name)
        bar.append([float(v) for v in values])
        bar.setColor(QColor(color))
        bar.setBorderColor(QColor(color))
        if k == 0 and highlight and highlight_color:
            bar.setSelectedColor(QColor(highlight_color))
            bar.selectBars(list(highlight))
        series.append(bar)
        top = max([top, *values])
    if day_title:
        categories = day_axis(colors, len(labels), day_title)
    else:
        categories = QBarCategoryAxis()
        categories.append(list(labels))
        categories.setTruncateLabels(False)  # short bin labels: a little overlap reads better than "1…"
        style_axis(categories, colors, x_title)
        categories.setGridLineVisible(False)
    values_axis = value_axis(colors, top, y_title, percent)
    if horizontal:
        attach(chart, series, values_axis, categories)
    else:
        attach(chart, series, categories, values_axis)
    return chart


def line(name: str, points: Sequence[tuple[float, float]], color: str, width: float = 2.0,
         dashed: bool = False) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(QColor(color))
    pen.setWidthF(width)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    series.setPen(pen)
    for x, y in points:
        series.append(float(x), float(y))
    series.setPointsVisible(len(points) < 60)
    return series


class ChartView(QChartView):
    """A chart view that keeps a readable height and antialiases."""

    def __init__(self, chart: QChart, parent: QWidget | None = None, height: int = CHART_HEIGHT) -> None:
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setStyleSheet("background: transparent")

    def bar_values(self) -> list[list[float]]:
        """The values of each bar set (what the student sees), for tests and the JSON check."""
        out = []
        for series in self.chart().series():
            if isinstance(series, QBarSeries | QHorizontalBarSeries):
                out += [[bar.at(i) for i in range(bar.count())] for bar in series.barSets()]
        return out
