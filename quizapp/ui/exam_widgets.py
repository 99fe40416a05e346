"""Question widgets in an exam: the sitting's own choice order, and a stored answer put back into a fresh widget.

The exam screen builds a new widget each time the student moves to a question (and after a restart),
so the order of choices, pairs and items must come out the same every time, and the answer given
earlier must reappear. The review widgets have no setter for a response (see notes/ui-needs.md), so
`restore` sets each widget type's inputs here.
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QListWidgetItem, QWidget

from quizapp.bank.model import Question
from quizapp.ui import richtext
from quizapp.ui.questions import QuestionWidget, widget_for
from quizapp.ui.questions.choice import ChoiceWidget, TrueFalseWidget
from quizapp.ui.questions.cloze import ClozeWidget
from quizapp.ui.questions.entry import NumericWidget, ShortAnswerWidget
from quizapp.ui.questions.matching import MatchingWidget
from quizapp.ui.questions.ordering import ITEM_ROLE, OrderingWidget


class SittingRandom(random.Random):
    """A generator seeded by the sitting and the question, so every rebuild shuffles alike; the choices
    of a choice question come out in the order the sitting drew (`ExamItem.choice_order`)."""

    def __init__(self, seed_text: str, choice_order: list[int] | None) -> None:
        super().__init__(zlib.crc32(seed_text.encode("utf-8")))
        self.choice_order = choice_order

    def shuffle(self, x: list) -> None:
        order = self.choice_order
        if order is not None and sorted(x) == sorted(order) == list(range(len(order))):
            x[:] = order
            return
        super().shuffle(x)


def exam_widget(question: Question, seed_text: str, choice_order: list[int] | None, root: Path | None,
                parent: QWidget | None = None) -> QuestionWidget:
    """A fresh, unanswered widget laid out as this sitting shows the question."""
    return widget_for(question, rng=SittingRandom(seed_text, choice_order), root=root, parent=parent)


def restore(widget: QuestionWidget, response: Any) -> None:
    """Put a stored response (the shape grading.py documents) back into the widget's inputs."""
    if response is None:
        return
    if isinstance(widget, ChoiceWidget):
        picks = response if isinstance(response, list) else [response]
        for original in picks:
            if isinstance(original, int) and original in widget.order:
                widget.rows[widget.order.index(original)].button.setChecked(True)
    elif isinstance(widget, TrueFalseWidget):
        if isinstance(response, bool):
            widget.rows[0 if response else 1].button.setChecked(True)
    elif isinstance(widget, ClozeWidget):
        for edit, text in zip(widget.edits, response, strict=False):
            edit.setText(str(text))
    elif isinstance(widget, ShortAnswerWidget | NumericWidget):
        widget.edit.setText(str(response))
    elif isinstance(widget, MatchingWidget):
        for left, right in dict(response).items():
            combo = widget.combos.get(left)
            if combo is not None:
                combo.setCurrentIndex(max(0, combo.findData(right)))
    elif isinstance(widget, OrderingWidget):
        _restore_order(widget, [x for x in response if isinstance(x, str)])


def _restore_order(widget: OrderingWidget, order: list[str]) -> None:
    shown = [widget.list.item(i).data(ITEM_ROLE) for i in range(widget.list.count())]
    if sorted(shown) != sorted(order):
        return  # the bank changed the items since: leave the fresh order
    widget.list.clear()
    for text in order:
        item = QListWidgetItem(richtext.to_plain(text))
        item.setData(ITEM_ROLE, text)
        widget.list.addItem(item)
    widget.list.setCurrentRow(0)
    widget.list.model().layoutChanged.emit()  # renumbers the rows
