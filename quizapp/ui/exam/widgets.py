"""Question widgets in an exam: the sitting's own choice order, and a stored answer put back into a fresh widget.

The exam screen builds a new widget each time the student moves to a question (and after a restart),
so the order of choices, pairs and items must come out the same every time, and the answer given
earlier must reappear (each widget's `restore`).
"""

from __future__ import annotations

import random
import zlib
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from quizapp.bank.model import Question
from quizapp.ui.questions import QuestionWidget, widget_for


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
    """Put a stored response back into the widget's inputs (each widget knows its own)."""
    if response is not None:
        widget.restore(response)
