"""The chart widget every kind shares: themed frame, title, legend, hover tooltips, keys and clicks on items."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from quizapp.ui.theme import Colors

BOX, LINE, DASH = "box", "line", "dash"  # legend swatches


@dataclass(frozen=True)
class Target:
    """Something drawn that answers the mouse and the keys: a bar, a point, a day square."""

    rect: QRectF
    series: int
    index: int
    text: str


def mix(a: str, b: str, t: float) -> QColor:
    """The colour `t` of the way from `a` to `b`."""
    ca, cb = QColor(a), QColor(b)
    return QColor.fromRgbF(*(x + (y - x) * t for x, y in zip(ca.getRgbF()[:3], cb.getRgbF()[:3], strict=True)))


class Chart(QWidget):
    """A chart drawn with QPainter in the theme's colours; fonts follow the widget's (the app's) font size.

    Subclasses lay out in `_arrange(area)` (the frame inside the title and legend), fill `self.targets`,
    and draw in `_paint_plot(painter)`. `activated(series, index)` fires on a click, Enter or Space on
    an item."""

    activated = Signal(int, int)

    def __init__(self, title: str, colors: Colors, parent: QWidget | None = None, click_hint: str = "") -> None:
        super().__init__(parent)
        self.title = title
        self.colors = colors
        self.click_hint = click_hint
        self.targets: list[Target] = []
        self.hover_text = ""  # the tooltip shown now ("" when none), for tests and screen readers
        self.texts: list[tuple[str, str, QRectF]] = []  # (role, text, where) of every text last painted
        self._hover = -1
        self._keyed = False  # the hovered item was chosen with the keys (a focus ring is drawn around it)
        self._arranged_for: tuple | None = None
        self._focus_ring = False  # focus came from the keyboard: the frame shows it
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(title)

    # ----- what subclasses provide
    def _legend(self) -> list[tuple[str, str, str]]:
        """(name, colour, swatch) per legend entry; none by default."""
        return []

    def _arrange(self, area: QRectF) -> None:
        raise NotImplementedError

    def _paint_plot(self, p: QPainter) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        """The data in words, for screen readers (the accessible description)."""
        raise NotImplementedError

    # ----- fonts and sizes
    def label_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.92))
        return font

    def title_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.05)
        font.setBold(True)
        return font

    def metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.label_font())

    def line_height(self) -> float:
        return self.metrics().height()

    def minimumSizeHint(self) -> QSize:
        lh = self.line_height()
        return QSize(round(10 * lh), round(12 * lh))

    def sizeHint(self) -> QSize:
        lh = self.line_height()
        return QSize(round(26 * lh), max(260, round(16 * lh)))

    def hasHeightForWidth(self) -> bool:
        return False

    # ----- layout
    def ensure_arranged(self) -> None:
        """Lay out for the current size, font and colours (painting and the mouse both need it)."""
        key = (self.width(), self.height(), self.font().key(), self.colors)
        if key == self._arranged_for:
            return
        self._arranged_for = key
        self.targets = []
        lh = self.line_height()
        pad = 0.6 * lh
        outer = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        inner = outer.adjusted(pad, pad * 0.7, -pad, -pad * 0.7)
        tfm = QFontMetricsF(self.title_font())
        flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
        title_h = tfm.boundingRect(QRectF(0, 0, max(1.0, inner.width()), 1e5), flags, self.title).height()
        self._title_rect = QRectF(inner.left(), inner.top(), inner.width(), title_h)
        self._legend_items = self._flow_legend(inner)
        legend_h = (max(r.bottom() for _, _, _, r in self._legend_items) - min(r.top() for _, _, _, r in
                    self._legend_items) + 0.4 * lh) if self._legend_items else 0.0
        self._legend_items = [(n, c, k, r.translated(0, inner.bottom() - legend_h + 0.4 * lh))
                              for n, c, k, r in self._legend_items]
        area = QRectF(inner.left(), self._title_rect.bottom() + 0.4 * lh, inner.width(),
                      inner.height() - title_h - 0.4 * lh - legend_h)
        self._arrange(area)

    def _flow_legend(self, inner: QRectF) -> list[tuple[str, str, str, QRectF]]:
        """Legend entries in rows that wrap to the width, each row centred; rects start at y = 0."""
        fm, lh = self.metrics(), self.line_height()
        rows: list[list[tuple[str, str, str, float]]] = [[]]
        used = 0.0
        for name, color, kind in self._legend():
            width = (2.2 if kind != BOX else 1.0) * lh + 0.4 * lh + fm.horizontalAdvance(name)
            if rows[-1] and used + width > inner.width():
                rows.append([])
                used = 0.0
            rows[-1].append((name, color, kind, width))
            used += width + lh
        out = []
        for k, row in enumerate(r for r in rows if r):
            total = sum(w for *_, w in row) + lh * (len(row) - 1)
            x = inner.left() + max(0.0, (inner.width() - total) / 2)
            for name, color, kind, width in row:
                out.append((name, color, kind, QRectF(x, k * 1.25 * lh, width, lh)))
                x += width + lh
        return out

    # ----- painting
    def paintEvent(self, event: QPaintEvent) -> None:
        self.ensure_arranged()
        self.texts = []
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        c = self.colors
        frame = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        ring = self._focus_ring and self.hasFocus()
        p.setPen(QPen(QColor(c.accent if ring else c.border), 2 if ring else 1))
        p.setBrush(QColor(c.base))
        p.drawRoundedRect(frame, 6, 6)
        p.setFont(self.title_font())
        p.setPen(QColor(c.text))
        self.text(p, "title", self._title_rect, int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap),
                  self.title)
        p.setFont(self.label_font())
        self._paint_legend(p)
        self._paint_plot(p)
        if self._keyed and self.hasFocus() and 0 <= self._hover < len(self.targets):
            pen = QPen(QColor(c.text), 1.5, Qt.PenStyle.DotLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.targets[self._hover].rect.adjusted(-2, -2, 2, 2))
        p.end()

    def _paint_legend(self, p: QPainter) -> None:
        lh = self.line_height()
        for name, color, kind, rect in self._legend_items:
            mid = rect.center().y()
            if kind == BOX:
                swatch = QRectF(rect.left(), mid - 0.35 * lh, 0.7 * lh, 0.7 * lh)
                p.fillRect(swatch, QColor(color))
                text_left = rect.left() + lh
            else:
                pen = QPen(QColor(color), 2, Qt.PenStyle.DashLine if kind == DASH else Qt.PenStyle.SolidLine)
                p.setPen(pen)
                p.drawLine(QPointF(rect.left(), mid), QPointF(rect.left() + 2 * lh, mid))
                if kind == LINE:
                    p.setBrush(QColor(color))
                    p.drawEllipse(QPointF(rect.left() + lh, mid), 0.18 * lh, 0.18 * lh)
                text_left = rect.left() + 2.4 * lh
            p.setPen(QColor(self.colors.text))
            self.text(p, "legend", QRectF(text_left, rect.top(), rect.right() - text_left + 2, rect.height()),
                       int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), name)

    def text(self, p: QPainter, role: str, rect: QRectF, flags: int, text: str) -> QRectF:
        """Draw `text` in `rect` and note where it went (in widget coordinates, after any rotation)."""
        drawn = p.drawText(rect, flags, text)
        if text:
            self.texts.append((role, text, p.transform().mapRect(drawn)))
        return drawn

    def hovered_item(self) -> tuple[int, int] | None:
        """(series, index) of the item under the mouse or chosen with the keys."""
        if 0 <= self._hover < len(self.targets):
            t = self.targets[self._hover]
            return t.series, t.index
        return None

    # ----- mouse and keys
    def target_at(self, pos: QPointF) -> int:
        """The index in `targets` of the item at `pos` (the nearest, if several overlap), or -1."""
        self.ensure_arranged()
        hits = [k for k, t in enumerate(self.targets) if t.rect.contains(pos)]
        if not hits:
            return -1
        return min(hits, key=lambda k: (self.targets[k].rect.center() - pos).manhattanLength())

    def _show(self, index: int, at: QPointF | None = None) -> None:
        if index == self._hover and (index < 0 or self.hover_text):
            return
        self._hover = index
        self.update()
        if index < 0:
            self.hover_text = ""
            QToolTip.hideText()
            self.unsetCursor()
            return
        target = self.targets[index]
        self.hover_text = target.text + (f"\n{self.click_hint}" if self.click_hint else "")
        where = at if at is not None else target.rect.center()
        QToolTip.showText(self.mapToGlobal(where.toPoint()), self.hover_text, self, target.rect.toAlignedRect())
        if self.click_hint:
            self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._keyed = False
        self._show(self.target_at(event.position()), event.position())
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.target_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index >= 0:
            self.activated.emit(self.targets[index].series, self.targets[index].index)
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if not self._keyed:
            self._show(-1)
        super().leaveEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._focus_ring = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                                              Qt.FocusReason.ShortcutFocusReason)
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._focus_ring = False
        if self._keyed:
            self._keyed = False
            self._show(-1)
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.ensure_arranged()
        key, n = event.key(), len(self.targets)
        moves = {Qt.Key.Key_Right: 1, Qt.Key.Key_Down: 1, Qt.Key.Key_Left: -1, Qt.Key.Key_Up: -1}
        if n and key in moves:
            self._keyed = self._focus_ring = True
            step = moves[key]
            self._show((0 if step > 0 else n - 1) if self._hover < 0 else max(0, min(n - 1, self._hover + step)))
        elif n and key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self._keyed = True
            self._show(0 if key == Qt.Key.Key_Home else n - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and 0 <= self._hover < n:
            self.activated.emit(self.targets[self._hover].series, self.targets[self._hover].index)
        elif key == Qt.Key.Key_Escape and self._hover >= 0:
            self._keyed = False
            self._show(-1)
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._arranged_for = None
            self.updateGeometry()
        super().changeEvent(event)

    def set_colors(self, colors: Colors) -> None:
        """Redraw in another theme's colours."""
        self.colors = colors
        self.update()
