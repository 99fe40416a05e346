"""Bar charts: vertical or horizontal, series side by side or stacked, over categories or days."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from quizapp.ui.charts.axes import LEFT, Cartesian
from quizapp.ui.charts.base import BOX, Target
from quizapp.ui.charts.data import Series, ValueAxis, color_of
from quizapp.ui.charts.ticks import Scale, date_label, day_number, value_scale
from quizapp.ui.i18n import tr
from quizapp.ui.theme import Colors

GROUP = 0.78  # the share of a category's slot its bars fill


class BarChart(Cartesian):
    """A bar per category and series. Vertical bars stand on the categories along the bottom (dates there
    are labelled at round days, weeks or months); horizontal bars list the first category at the top."""

    def __init__(self, title: str, categories: Sequence[str | date], series: Sequence[Series], colors: Colors, *,
                 value_axis: ValueAxis | None = None, category_title: str = "", horizontal: bool = False,
                 stacked: bool = False, click_hint: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, colors, parent, click_hint)
        self.categories = list(categories)
        self.series = list(series)
        self.value_axis = value_axis or ValueAxis()
        self.horizontal = horizontal
        self.stacked = stacked
        self.dates = bool(self.categories) and all(isinstance(c, date) for c in self.categories) and not horizontal
        self.labels = [date_label(c, "day") if isinstance(c, date) else str(c) for c in self.categories]
        self.category_title = category_title
        self.x_title, self.y_title = ((self.value_axis.title, category_title) if horizontal
                                      else (category_title, self.value_axis.title))
        self._bars: list[tuple[QRectF, QColor, int, int]] = []
        self.setAccessibleDescription(self.describe())

    # ----- data
    def bar_values(self) -> list[list[float]]:
        """Each series' values in category order (the first category leftmost, or at the top)."""
        return [[float(v) for v in s.values] for s in self.series]

    def _top(self) -> float:
        rows = [list(s.values) for s in self.series] or [[0.0]]
        if self.stacked:
            tops = [sum(max(0.0, float(v)) for v in col) for col in zip(*rows, strict=False)]
        else:
            tops = [float(v) for row in rows for v in row]
        return max([self.value_axis.top, *tops, 0.0])

    def describe(self) -> str:
        what = tr("Bar chart of {} per {}.").format(self.value_axis.title or tr("value"),
                                                   self.category_title or tr("category"))
        parts = [f"{self.title}. {what}"]
        for s in self.series:
            values = ", ".join(f"{label} {self.value_axis.format(v)}" for label, v in zip(self.labels, s.values,
                                                                                          strict=False))
            parts.append(f"{s.name}: {values or tr('no data')}.")
        return " ".join(parts)

    def _legend(self) -> list[tuple[str, str, str]]:
        entries = [(s.name, color_of(s.color, k, self.colors), BOX) for k, s in enumerate(self.series)] \
            if len(self.series) > 1 else []
        for s in self.series:
            if s.highlight and s.highlight_name:
                entries.append((s.highlight_name, s.highlight_color or self.colors.bad, BOX))
        return entries

    # ----- sizes
    def _per_category(self) -> float:
        k = 1 if self.stacked else max(1, len(self.series))
        return max(1.6, 1.25 * k)

    def minimumSizeHint(self) -> QSize:
        size = super().minimumSizeHint()
        if self.horizontal:
            lh = self.line_height()
            size.setHeight(round((6.5 + len(self.categories) * self._per_category() * 0.75) * lh))
        return size

    def sizeHint(self) -> QSize:
        size = super().sizeHint()
        if self.horizontal:
            lh = self.line_height()
            size.setHeight(max(260, round((7 + len(self.categories) * self._per_category()) * lh)))
        return size

    # ----- layout
    def _arrange(self, area: QRectF) -> None:
        fm, lh = self.metrics(), self.line_height()
        y_title_w, x_title_h = self._title_space()
        va = self.value_axis
        n = max(1, len(self.categories))
        if self.horizontal:
            cat_w = min(max((fm.horizontalAdvance(t) for t in self.labels), default=0.0) + 0.3 * lh,
                        0.4 * area.width())
            widest = fm.horizontalAdvance(Scale(0, 0, 1, 0, va.percent).label(max(100.0, self._top())))
            left = area.left() + y_title_w + cat_w + 0.5 * lh
            plot = QRectF(left, area.top() + 0.2 * lh, max(1.0, area.right() - widest / 2 - 0.2 * lh - left),
                          max(1.0, area.height() - x_title_h - 1.5 * lh))
            scale = value_scale(self._top(), max(2, int(plot.width() / (widest + 1.5 * lh)) + 1), va.integer,
                                va.percent)
        else:
            top = area.top() + 0.5 * lh
            height = max(1.0, area.height() - 0.5 * lh - x_title_h - 1.4 * lh)
            scale = value_scale(self._top(), max(2, int(height / (2.4 * lh)) + 1), va.integer, va.percent)
            label_w = max(fm.horizontalAdvance(scale.label(t)) for t in scale.ticks())
            left = area.left() + y_title_w + label_w + 0.5 * lh
            plot = QRectF(left, top, max(1.0, area.right() - 0.3 * lh - left), height)
        self._area, self._plot, self._scale = area, plot, scale
        slot = (plot.height() if self.horizontal else plot.width()) / n
        self._slot = slot
        k = 1 if self.stacked else max(1, len(self.series))
        thick = slot * GROUP / k
        self._bars = []
        self.targets = []
        for i in range(len(self.categories)):
            base = 0.0
            for s_index, s in enumerate(self.series):
                value = float(s.values[i]) if i < len(s.values) else 0.0
                start = slot * (i + (1 - GROUP) / 2) + (0 if self.stacked else s_index * thick)
                low, high = (base, base + max(0.0, value)) if self.stacked else (0.0, max(0.0, value))
                if self.stacked:
                    base = high
                f0, f1 = scale.fraction(low), scale.fraction(high)
                if self.horizontal:
                    rect = QRectF(plot.left() + f0 * plot.width(), plot.top() + start, (f1 - f0) * plot.width(),
                                  thick)
                    hit = QRectF(plot.left(), rect.top(), plot.width(), thick)
                else:
                    rect = QRectF(plot.left() + start, plot.bottom() - f1 * plot.height(), thick,
                                  (f1 - f0) * plot.height())
                    hit = QRectF(rect.left(), plot.top(), thick, plot.height())
                if self.stacked:
                    hit = rect if rect.height() > 2 and rect.width() > 2 else hit
                color = QColor(s.highlight_color or self.colors.bad) if i in s.highlight \
                    else QColor(color_of(s.color, s_index, self.colors))
                self._bars.append((rect, color, s_index, i))
                text = f"{self.labels[i]}\n{s.name}: {va.format(value)}"
                if i in s.highlight and s.highlight_name:
                    text += f" ({s.highlight_name})"
                self.targets.append(Target(hit, s_index, i, text))

    # ----- painting
    def _paint_plot(self, p: QPainter) -> None:
        plot, lh = self._plot, self.line_height()
        self.paint_grid(p, self._scale, plot, vertical=not self.horizontal)
        hovered = self.hovered_item()
        for rect, color, s_index, i in self._bars:
            p.fillRect(rect, color)
            if hovered == (s_index, i):
                p.setPen(QPen(QColor(self.colors.text), 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(rect.adjusted(-1, -1, 1, 1) if rect.width() and rect.height() else rect)
        centres = [self._slot * (i + 0.5) for i in range(len(self.categories))]
        fm = self.metrics()
        if self.horizontal:
            p.setPen(QColor(self.colors.text))
            room = plot.left() - self._area.left() - self._title_space()[0] - 0.5 * lh
            for label, c in zip(self.labels, centres, strict=True):
                text = fm.elidedText(label, Qt.TextElideMode.ElideRight, room)
                where = QRectF(plot.left() - 0.5 * lh - room, plot.top() + c - lh / 2, room, lh)
                self.text(p, "category", where, LEFT, text)
        elif self.dates:
            first = day_number(self.categories[0])
            self.paint_date_labels(p, first, first + len(self.categories) - 1, plot,
                                   lambda day: plot.left() + self._slot * (day - first + 0.5))
        else:
            self.paint_category_labels(p, self.labels, [plot.left() + c for c in centres], plot.bottom() + 0.25 * lh,
                                       self._slot)
        self.paint_titles(p, self._area, plot)
