"""A calendar heatmap: days as squares in week columns (oldest left, Monday at the top), darker for more."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from quizapp.ui.charts.base import Chart, Target, mix
from quizapp.ui.i18n import tr
from quizapp.ui.theme import Colors

LEVELS = 5  # nothing, then four shades split at the quartiles of the busy days
WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "")


def levels(counts: Sequence[int]) -> list[int]:
    """Shade 0 for a day with nothing, else 1..4 by quartile of the days with something."""
    busy = sorted(c for c in counts if c > 0)
    if not busy:
        return [0] * len(counts)
    cuts = [busy[min(len(busy) - 1, int(len(busy) * q))] for q in (0.25, 0.5, 0.75)]
    return [0 if c == 0 else 1 + sum(c > cut for cut in cuts) for c in counts]


class CalendarHeatmap(Chart):
    """`days` are (date, count) in date order; `unit` names what is counted in the tooltips ("{} answer(s)")."""

    def __init__(self, title: str, days: Sequence[tuple[date, int]], colors: Colors, *,
                 unit: str = "", parent: QWidget | None = None) -> None:
        super().__init__(title, colors, parent)
        self.days = [(d, int(c)) for d, c in days]
        self.unit = unit or tr("{} answer(s)")
        first = self.days[0][0] if self.days else date.today()
        self.first_monday = first - timedelta(days=first.weekday())
        self.columns = self._cell(self.days[-1][0])[0] + 1 if self.days else 53
        self.levels = levels([c for _, c in self.days])
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        policy.setVerticalPolicy(QSizePolicy.Policy.Preferred)
        self.setSizePolicy(policy)
        self.setAccessibleDescription(self.describe())

    def counts(self) -> list[int]:
        """The count of each day as drawn, oldest first."""
        return [c for _, c in self.days]

    def _cell(self, day: date) -> tuple[int, int]:
        return (day - self.first_monday).days // 7, day.weekday()

    def describe(self) -> str:
        if not self.days:
            return f"{self.title}. " + tr("No days.")
        busy = [(d, c) for d, c in self.days if c]
        months: dict[str, int] = {}
        for d, c in self.days:
            months[f"{d:%b %Y}"] = months.get(f"{d:%b %Y}", 0) + c
        text = f"{self.title}. " + tr("Calendar from {} to {}: {} day(s) with any, {} in all.").format(
            self.days[0][0].isoformat(), self.days[-1][0].isoformat(), len(busy), sum(c for _, c in busy))
        if busy:
            top_day, top = max(busy, key=lambda dc: dc[1])
            text += " " + tr("Busiest day {}: {}.").format(top_day.isoformat(), top)
        return text + " " + tr("Per month: {}.").format(", ".join(f"{m} {c}" for m, c in months.items()))

    def shades(self) -> list[QColor]:
        c = self.colors
        return [QColor(c.alt_base)] + [mix(c.accent_soft, c.accent, t) for t in (0.2, 0.45, 0.7, 1)]

    def _label_width(self) -> float:
        return max(self.metrics().horizontalAdvance(tr(w)) for w in WEEKDAYS if w) + 0.5 * self.line_height()

    def minimumSizeHint(self) -> QSize:
        lh = self.line_height()
        key = sum(self.metrics().horizontalAdvance(tr(w)) for w in ("Less", "More")) + LEVELS * (0.8 * lh + 3) + lh
        width = max(key, self._label_width() + self.columns * max(4.0, 0.3 * lh)) + 1.4 * lh
        return QSize(round(width), self.heightForWidth(round(width)))

    def sizeHint(self) -> QSize:
        lh = self.line_height()
        return QSize(round(40 * lh), self.heightForWidth(round(40 * lh)))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        """Tall enough for squares as wide as the columns allow (up to 1.5 lines of text each)."""
        lh = self.line_height()
        cell = min(1.5 * lh, max(4.0, (width - 1.2 * lh - self._label_width()) / self.columns))
        title = QFontMetricsF(self.title_font()).height()
        return round(0.84 * lh + title + 0.4 * lh + 7 * cell + 2.6 * lh + 4)

    def _arrange(self, area: QRectF) -> None:
        lh = self.line_height()
        label_w = self._label_width()
        grid_w = area.width() - label_w
        grid_h = area.height() - 2.6 * lh  # month labels, then the Less…More key
        self._cell_size = cell = max(2.0, min(grid_w / self.columns, grid_h / 7))
        left = area.left() + label_w + max(0.0, (grid_w - cell * self.columns) / 2)
        self._grid = QRectF(left, area.top(), cell * self.columns, cell * 7)
        self._area = area
        self.targets = []
        gap = max(1.0, cell * 0.14)
        for k, (day, count) in enumerate(self.days):
            col, row = self._cell(day)
            rect = QRectF(left + col * cell + gap / 2, area.top() + row * cell + gap / 2, cell - gap, cell - gap)
            self.targets.append(Target(rect, 0, k,
                                       f"{day:%a} {day.day} {day:%b %Y}: " + self.unit.format(count)))

    def _paint_plot(self, p: QPainter) -> None:
        fm, lh, c, cell, grid = self.metrics(), self.line_height(), self.colors, self._cell_size, self._grid
        shades = self.shades()
        hovered = self.hovered_item()
        for t in self.targets:
            level = self.levels[t.index]
            p.setPen(QPen(QColor(c.border), 1) if level == 0 else Qt.PenStyle.NoPen)
            p.setBrush(shades[level])
            p.drawRoundedRect(t.rect, 2, 2)
            if hovered == (t.series, t.index):
                p.setPen(QPen(QColor(c.text), 1.5))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRoundedRect(t.rect.adjusted(-1, -1, 1, 1), 2, 2)
        p.setPen(QColor(c.text))
        for row, name in enumerate(WEEKDAYS):
            if name and 2 * cell >= 0.95 * lh:  # labels two rows apart must not touch
                self.text(p, "weekday", QRectF(self._area.left(), grid.top() + row * cell + cell / 2 - lh / 2,
                                  grid.left() - self._area.left() - 0.4 * lh, lh),
                           int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), tr(name))
        shown_until = -1e9
        for day, _ in self.days:
            if day.day == 1 or (day == self.days[0][0] and day.day <= 7):
                x = grid.left() + self._cell(day)[0] * cell
                text = f"{day:%b}" if day.month != 1 else f"{day:%b %Y}"
                if x >= shown_until and x + fm.horizontalAdvance(text) <= self.width():
                    self.text(p, "month", QRectF(x, grid.bottom() + 0.2 * lh, fm.horizontalAdvance(text) + 2, lh),
                               int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), text)
                    shown_until = x + fm.horizontalAdvance(text) + 0.6 * lh
        key = min(lh * 0.8, max(8.0, cell * 0.8))
        more, less = tr("More"), tr("Less")
        x = min(grid.right(), self._area.right()) - fm.horizontalAdvance(more)
        y = grid.bottom() + 1.4 * lh
        self.text(p, "key", QRectF(x, y, fm.horizontalAdvance(more) + 2, lh), int(Qt.AlignmentFlag.AlignVCenter), more)
        x -= 0.3 * lh + LEVELS * (key + 3)
        for level, shade in enumerate(shades):
            p.setPen(QPen(QColor(c.border), 1) if level == 0 else Qt.PenStyle.NoPen)
            p.setBrush(shade)
            p.drawRoundedRect(QRectF(x + level * (key + 3), y + (lh - key) / 2, key, key), 2, 2)
        p.setPen(QColor(c.text))
        w = fm.horizontalAdvance(less) + 2
        self.text(p, "key", QRectF(x - 0.3 * lh - w, y, w, lh), int(Qt.AlignmentFlag.AlignVCenter), less)
