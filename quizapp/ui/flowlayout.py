"""A layout that places widgets left to right and wraps them like words in a paragraph."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget


class FlowLayout(QLayout):
    """Words, inline fields or buttons in reading order; height follows the available width.

    Rows of buttons use it so that a narrow window or large text wraps them instead of overlapping
    them or widening the window. `add_stretch()` pushes what follows it to the right of its line. An
    item that wraps by itself (another flow) gets at most a line's width and the height it needs there.
    """

    def __init__(self, parent: QWidget | None = None, hspacing: int = 4, vspacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._hspacing, self._vspacing = hspacing, vspacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def add_stretch(self) -> None:
        """Free room of a line goes here: the items after it sit at the right end of the line."""
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

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
        """Everything on one line: what the flow asks for when there is room."""
        shown = [item.sizeHint() for item in self._items if not item.isEmpty()]
        width = sum(s.width() for s in shown) + self._hspacing * max(0, len(shown) - 1)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), max((s.height() for s in shown), default=0) + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            if not item.isEmpty():
                size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    @staticmethod
    def _stretches(item: QLayoutItem) -> bool:
        return item.spacerItem() is not None and bool(item.expandingDirections() & Qt.Orientation.Horizontal)

    def _size(self, item: QLayoutItem, width: int) -> QSize:
        """The item's size on a line `width` wide: its hint, or narrower (and taller) if it can wrap itself."""
        hint = item.sizeHint()
        if hint.width() > width and item.hasHeightForWidth():
            narrow = max(width, item.minimumSize().width())
            return QSize(narrow, item.heightForWidth(narrow))
        return hint

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        # Items of one line share a centre line: collect a line, then place it.
        line: list[tuple[QLayoutItem, QSize]] = []

        def place_line() -> None:
            used = sum(size.width() for _, size in line) + self._hspacing * max(0, len(line) - 1)
            stretches = [item for item, _ in line if self._stretches(item)]
            extra = max(0, area.width() - used) // len(stretches) if stretches else 0
            cx = area.x()
            for item, size in line:
                if self._stretches(item):
                    cx += extra
                    continue
                if move:
                    offset = (line_height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(cx, y + offset), size))
                cx += size.width() + self._hspacing

        for item in self._items:
            if item.isEmpty() and not self._stretches(item):
                continue
            size = QSize(0, 0) if self._stretches(item) else self._size(item, area.width())
            if line and x + size.width() > area.right() + 1 and not self._stretches(item):
                # A stretch just before the break goes down with what follows it, which stays at the right.
                carried = [line.pop()] if self._stretches(line[-1][0]) else []
                place_line()
                y += line_height + self._vspacing
                x, line_height, line = area.x() + self._hspacing * len(carried), 0, carried
            line.append((item, size))
            x += size.width() + self._hspacing
            line_height = max(line_height, size.height())
        if line:
            place_line()
        return y + line_height - rect.y() + m.bottom()
