"""A layout that places widgets left to right and wraps them like words in a paragraph."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Words and inline fields in reading order; height follows the available width."""

    def __init__(self, parent: QWidget | None = None, hspacing: int = 4, vspacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._hspacing, self._vspacing = hspacing, vspacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        # Items of one line share a baseline-ish centre: collect a line, then place it.
        line: list[tuple[QLayoutItem, QSize]] = []

        def place_line() -> None:
            cx = area.x()
            for item, hint in line:
                if move:
                    offset = (line_height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(cx, y + offset), hint))
                cx += hint.width() + self._hspacing

        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if line and x + hint.width() > area.right() + 1:
                place_line()
                y += line_height + self._vspacing
                x, line_height, line = area.x(), 0, []
            line.append((item, hint))
            x += hint.width() + self._hspacing
            line_height = max(line_height, hint.height())
        if line:
            place_line()
        return y + line_height - rect.y() + m.bottom()
