"""Geometry checks for the layout tests: no two visible buttons overlap, no button's text is cut."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget


def shown_rect(widget: QWidget, top: QWidget) -> QRect:
    """The part of `widget` not clipped away by its parents, in `top`'s coordinates (empty if none)."""
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        rect &= QRect(parent.mapTo(top, QPoint(0, 0)), parent.size())
        parent = parent.parentWidget()
    return rect & top.rect()


def visible_buttons(top: QWidget) -> list[QAbstractButton]:
    return [b for b in top.findChildren(QAbstractButton) if b.isVisible() and not shown_rect(b, top).isEmpty()
            and b.objectName() != "qt_scrollarea_hcontainer"]


def layout_problems(top: QWidget) -> list[str]:
    """Overlapping visible buttons, and buttons whose text is wider than the room inside them."""
    problems = []
    buttons = [b for b in visible_buttons(top) if isinstance(b, QPushButton)]
    for i, a in enumerate(buttons):
        ra = shown_rect(a, top)
        for b in buttons[i + 1:]:
            if ra.intersects(shown_rect(b, top)):
                problems.append(f"{a.text()!r} overlaps {b.text()!r}")
        room = a.contentsRect().width()
        for line in a.text().split("\n"):
            wide = a.fontMetrics().horizontalAdvance(line.replace("&", ""))
            if wide > room:
                problems.append(f"{line!r} needs {wide} px, has {room}")
        full = QRect(a.mapTo(top, QPoint(0, 0)), a.size())
        if a.parentWidget() is not None and not _in_scroll_area(a) and shown_rect(a, top) != full:
            problems.append(f"{a.text()!r} is cut off by the window's edge")
    return problems


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.objectName() == "qt_scrollarea_viewport":
            return True
        parent = parent.parentWidget()
    return False
