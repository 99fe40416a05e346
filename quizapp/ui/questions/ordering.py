"""Ordering: a list to put in order by dragging, by the arrow buttons, or with Alt+Up / Alt+Down."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from quizapp.bank.grading import Result
from quizapp.bank.types.ordering import Ordering
from quizapp.ui import richtext, theme
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, muted_label

ITEM_ROLE = Qt.ItemDataRole.UserRole


class OrderList(QListWidget):
    """A list whose current item moves with Alt+Up / Alt+Down as well as by dragging."""

    locked = False  # set once answered: the order shown is the one graded

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_current(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)

    def move_current(self, step: int) -> None:
        row = self.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.count() or self.locked:
            return
        item = self.takeItem(row)
        self.insertItem(target, item)
        self.setCurrentRow(target)
        self.model().layoutChanged.emit()


class OrderingWidget(QuestionWidget):
    def __init__(self, question: Ordering, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        items = list(question.items)
        while len(items) > 1 and items == list(question.items):
            self.rng.shuffle(items)
        row = QHBoxLayout()
        self.list = OrderList(self)
        self.list.setProperty("role", "order")
        self.list.setAccessibleName(tr("Items to put in order"))
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for text in items:
            item = QListWidgetItem(richtext.to_plain(text))
            item.setData(ITEM_ROLE, text)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.model().rowsMoved.connect(lambda *_: self._renumber())
        self.list.model().layoutChanged.connect(lambda *_: self._renumber())
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        self.up = QPushButton(tr("Move up"), self)
        self.down = QPushButton(tr("Move down"), self)
        self.up.setToolTip(tr("Alt+Up"))
        self.down.setToolTip(tr("Alt+Down"))
        self.up.clicked.connect(lambda: self.list.move_current(-1))
        self.down.clicked.connect(lambda: self.list.move_current(1))
        buttons.addWidget(self.up)
        buttons.addWidget(self.down)
        buttons.addStretch(1)
        row.addLayout(buttons)
        self.layout_.addLayout(row)
        self.correct_order = muted_label("", self)
        self.correct_order.hide()
        self.layout_.addWidget(self.correct_order)
        self._renumber()

    def hint(self) -> str:
        return tr("Drag into order, or select with a number key and move with Alt+Up / Alt+Down; then Enter.")

    def _renumber(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setText(f"{i + 1}.  {richtext.to_plain(item.data(ITEM_ROLE))}")
        # Show every row: the list is short (3-6 items) and should never scroll.
        rows = sum(self.list.sizeHintForRow(i) for i in range(self.list.count()))
        self.list.setFixedHeight(rows + 2 * self.list.frameWidth() + 4)
        self.changed.emit()

    def response(self) -> Any:
        return [self.list.item(i).data(ITEM_ROLE) for i in range(self.list.count())]

    def pick(self, number: int) -> bool:
        if self.answered or not 1 <= number <= self.list.count():
            return False
        self.list.setCurrentRow(number - 1)
        self.list.setFocus()
        return True

    def focus_first(self) -> None:
        self.list.setFocus()

    def show_result(self, result: Result) -> None:
        self.answered = True
        self.list.locked = True
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        self.up.setEnabled(False)
        self.down.setEnabled(False)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        good, bad = self.palette_colors()
        for i in range(self.list.count()):
            item = self.list.item(i)
            in_place = item.data(ITEM_ROLE) == self.question.items[i]  # type: ignore[attr-defined]
            item.setForeground(QBrush(QColor(good if in_place else bad)))
            item.setText(item.text() + ("   ✓" if in_place else "   ✗"))
        if not result.correct:
            order = " → ".join(richtext.to_plain(x) for x in self.question.items)  # type: ignore[attr-defined]
            self.correct_order.setText(tr("Correct order: {}").format(order))
            self.correct_order.show()

    def palette_colors(self) -> tuple[str, str]:
        colors = theme.current()
        return colors.good, colors.bad

    def restore(self, response: Any) -> None:
        order = [x for x in response if isinstance(x, str)] if isinstance(response, list) else []
        shown = [self.list.item(i).data(ITEM_ROLE) for i in range(self.list.count())]
        if sorted(shown) != sorted(order):
            return  # the bank changed the items since: leave the fresh order
        self.list.clear()
        for text in order:
            item = QListWidgetItem(richtext.to_plain(text))
            item.setData(ITEM_ROLE, text)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.model().layoutChanged.emit()  # renumbers the rows

WIDGET = OrderingWidget
