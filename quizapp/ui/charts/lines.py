"""Line charts: points joined in order over a date (or number) axis, with reference lines such as a target."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QWidget

from quizapp.ui.charts.axes import UNDER, Cartesian
from quizapp.ui.charts.base import DASH, LINE, Target
from quizapp.ui.charts.data import DateAxis, Line, Reference, ValueAxis, X, color_of
from quizapp.ui.charts.ticks import day_number, nice_step, value_scale
from quizapp.ui.i18n import tr
from quizapp.ui.theme import Colors

MARKERS_UP_TO = 80  # more points than this: a plain line (markers would merge)


def x_label(x: X) -> str:
    if isinstance(x, datetime):
        return f"{x.day} {x:%b %Y %H:%M}"
    if isinstance(x, date):
        return f"{x.day} {x:%b %Y}"
    return f"{x:g}"


class LineChart(Cartesian):
    """Each line's points joined left to right, with a marker per point while there are few; hovering a point
    (or moving to it with the arrow keys) tells its value. `empty_text` is shown when no line has points."""

    def __init__(self, title: str, lines: Sequence[Line], colors: Colors, *, y_axis: ValueAxis | None = None,
                 x_axis: DateAxis | ValueAxis | None = None, references: Sequence[Reference] = (),
                 empty_text: str = "", click_hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, colors, parent, click_hint)
        self.lines = list(lines)
        self.references = list(references)
        self.y_axis = y_axis or ValueAxis()
        first = next((x for line in self.lines for x, _ in line.points), None)
        self.dated = isinstance(x_axis, DateAxis) or (x_axis is None and isinstance(first, date))
        self.x_axis = x_axis or (DateAxis() if self.dated else ValueAxis())
        self.empty_text = empty_text or tr("No data yet.")
        self.x_title, self.y_title = self.x_axis.title, self.y_axis.title
        self._paths: list[tuple[QPainterPath, list[QPointF], QPen, QColor]] = []
        self.setAccessibleDescription(self.describe())

    # ----- data
    def _x(self, x: X) -> float:
        return day_number(x) if isinstance(x, date) else float(x)

    def line_points(self) -> list[list[tuple[float, float]]]:
        """Each line's (x, y) as plotted (x of a date: its day number, ticks.day_number)."""
        return [[(self._x(x), float(y)) for x, y in line.points] for line in self.lines]

    def describe(self) -> str:
        parts = [f"{self.title}. " + tr("Line chart of {} over {}.").format(self.y_axis.title or tr("value"),
                                                                            self.x_axis.title or tr("time"))]
        for line in self.lines:
            points = ", ".join(f"{x_label(x)} {self.y_axis.format(y)}" for x, y in line.points)
            parts.append(f"{line.name}: {points or tr('no data')}.")
        parts += [f"{r.name}: {self.y_axis.format(r.value)}." for r in self.references]
        return " ".join(parts)

    def _legend(self) -> list[tuple[str, str, str]]:
        entries = [(line.name, color_of(line.color, k, self.colors), DASH if line.dashed else LINE)
                   for k, line in enumerate(self.lines) if line.points]
        entries += [(r.name, r.color or self.colors.good, DASH if r.dashed else LINE) for r in self.references]
        return entries if len(entries) > 1 or self.references else []

    # ----- layout
    def _x_range(self) -> tuple[float, float]:
        xs = [x for points in self.line_points() for x, _ in points]
        if not xs:
            today = day_number(date.today())
            return today - 7, today
        low, high = min(xs), max(xs)
        pad = max((high - low) * 0.04, 0.5 if self.dated else 0.0) or 0.5
        return low - pad, high + pad

    def _arrange(self, area: QRectF) -> None:
        fm, lh = self.metrics(), self.line_height()
        y_title_w, x_title_h = self._title_space()
        top = area.top() + 0.5 * lh
        height = max(1.0, area.height() - 0.5 * lh - x_title_h - 1.4 * lh)
        ys = [y for points in self.line_points() for _, y in points] + [r.value for r in self.references]
        va = self.y_axis
        scale = value_scale(max([va.top, *ys, 0.0]), max(2, int(height / (2.4 * lh)) + 1), va.integer, va.percent)
        label_w = max(fm.horizontalAdvance(scale.label(t)) for t in scale.ticks())
        left = area.left() + y_title_w + label_w + 0.5 * lh
        plot = QRectF(left, top, max(1.0, area.right() - 1.2 * lh - left), height)
        self._area, self._plot, self._scale = area, plot, scale
        self._low, self._high = self._x_range()
        self._paths, self.targets = [], []
        for k, (line, points) in enumerate(zip(self.lines, self.line_points(), strict=True)):
            color = QColor(color_of(line.color, k, self.colors))
            pen = QPen(color, max(2.0, lh / 8), Qt.PenStyle.DashLine if line.dashed else Qt.PenStyle.SolidLine)
            ordered = sorted(range(len(points)), key=lambda i: points[i][0])
            at = [QPointF(self.to_x(points[i][0]), self.to_y(points[i][1])) for i in ordered]
            path = QPainterPath()
            for j, point in enumerate(at):
                path.lineTo(point) if j else path.moveTo(point)
            self._paths.append((path, at if len(at) <= MARKERS_UP_TO else [], pen, color))
            reach = 0.6 * lh
            for i, point in zip(ordered, at, strict=True):
                x, y = line.points[i]
                text = f"{line.name}\n{x_label(x)}: {va.format(y)}"
                if i < len(line.notes) and line.notes[i]:
                    text += f"\n{line.notes[i]}"
                self.targets.append(Target(QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach),
                                           k, i, text))
        for r_index, ref in enumerate(self.references):
            y = self.to_y(ref.value)
            self.targets.append(Target(QRectF(plot.left(), y - 0.3 * lh, plot.width(), 0.6 * lh),
                                       len(self.lines) + r_index, 0, f"{ref.name}: {va.format(ref.value)}"))

    def to_x(self, x: float) -> float:
        plot = self._plot
        return plot.left() + (x - self._low) / ((self._high - self._low) or 1) * plot.width()

    def to_y(self, y: float) -> float:
        return self._plot.bottom() - self._scale.fraction(y) * self._plot.height()

    # ----- painting
    def _paint_plot(self, p: QPainter) -> None:
        plot, lh, c = self._plot, self.line_height(), self.colors
        self.paint_grid(p, self._scale, plot, vertical=True)
        p.setPen(QPen(QColor(c.muted), 1))
        p.drawLine(plot.bottomLeft(), plot.bottomRight())
        if not any(line.points for line in self.lines):
            p.setPen(QColor(c.muted))
            self.text(p, "empty", plot, int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), self.empty_text)
        elif self.dated:
            self.paint_date_labels(p, self._low, self._high, plot, self.to_x)
        else:
            self._paint_number_labels(p)
        for ref in self.references:
            y = self.to_y(ref.value)
            p.setPen(QPen(QColor(ref.color or c.good), max(1.5, lh / 10),
                          Qt.PenStyle.DashLine if ref.dashed else Qt.PenStyle.SolidLine))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        hovered = self.hovered_item()
        radius = max(3.0, lh / 5)
        for k, (path, markers, pen, color) in enumerate(self._paths):
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setPen(QPen(QColor(c.base), 1.2))
            p.setBrush(color)
            for point in markers:
                p.drawEllipse(point, radius, radius)
            if hovered is not None and hovered[0] == k:
                t = next(t for t in self.targets if (t.series, t.index) == hovered)
                p.setPen(QPen(QColor(c.text), 2))
                p.drawEllipse(t.rect.center(), radius * 1.6, radius * 1.6)
        self.paint_titles(p, self._area, plot)

    def _paint_number_labels(self, p: QPainter) -> None:
        plot, fm, lh = self._plot, self.metrics(), self.line_height()
        widest = fm.horizontalAdvance(f"{self._high:g}") + lh
        step = nice_step(self._high - self._low, max(2, int(plot.width() / widest) + 1))
        value = math.ceil(self._low / step) * step
        p.setPen(QColor(self.colors.text))
        while value <= self._high + 1e-9:
            text = f"{value:g}"
            w = fm.horizontalAdvance(text) + 2
            self.text(p, "value x", QRectF(self.to_x(value) - w / 2, plot.bottom() + 0.25 * lh, w, lh), UNDER, text)
            value += step
