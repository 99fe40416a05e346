"""What every question widget shares: the prompt, the response contract and the locked, marked-up result."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from quizapp.bank.grading import Result
from quizapp.bank.model import Question
from quizapp.ui.figure import FigureView
from quizapp.ui.i18n import tr
from quizapp.ui.textview import RichTextView


def set_state(widget: QWidget, state: str) -> None:
    """Set the `state` style property (correct / wrong / chosen / missed / "") and restyle the widget."""
    widget.setProperty("state", state)
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def muted_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


class QuestionWidget(QWidget):
    """Renders one question and hands back a response in the shape its type's module documents.

    The review screen owns the flow: it asks `response()`, grades it, and calls `show_result()`.
    """

    changed = Signal()  # the response was edited; the screen may enable "Check"

    def __init__(self, question: Question, rng: random.Random | None = None, root: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.rng = rng or random.Random()
        self.root = root
        self.answered = False
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(10)
        self.prompt_view = RichTextView(self, root=root)
        self.prompt_view.setObjectName("prompt")
        self.prompt_view.setAccessibleName(tr("Question"))
        self.prompt_view.set_markdown(self.prompt_text())
        self.layout_.addWidget(self.prompt_view)
        self.figure: FigureView | None = None
        if question.image and question.image_shown == "prompt":  # a "feedback" figure waits for the answer
            self.figure = FigureView(question.image, question.image_alt, root, self)
            self.layout_.addWidget(self.figure)
        hint = self.hint()
        if hint:
            self.hint_label = muted_label(hint, self)
            self.layout_.addWidget(self.hint_label)

    def prompt_text(self) -> str:
        return self.question.prompt

    def hint(self) -> str:
        """A one-line instruction under the prompt (which keys work here)."""
        return ""

    # The contract the review screen relies on.
    def response(self) -> Any:
        raise NotImplementedError

    def has_response(self) -> bool:
        return True

    def pick(self, number: int) -> bool:
        """Number key `number` (1-based) pressed; True if the widget used it."""
        return False

    def focus_first(self) -> None:
        self.setFocus()

    def restore(self, response: Any) -> None:
        """Put a stored response (the shape the type's grader reads) back into the inputs, as given."""

    def show_result(self, result: Result | None) -> None:
        """Lock the inputs and mark each part right or wrong."""
        self.answered = True
