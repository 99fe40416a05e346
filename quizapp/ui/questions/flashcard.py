"""The flip card: the front first, the back on Space; the student then rates how well they knew it."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFrame, QVBoxLayout

from quizapp.bank.grading import Result
from quizapp.bank.types.flashcard import Flashcard
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget
from quizapp.ui.textview import RichTextView


class FlashcardWidget(QuestionWidget):
    """Self-graded: `response()` is None until the back is shown; the rating decides knew-it or not."""

    self_rated = True

    def __init__(self, question: Flashcard, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.back_frame = QFrame(self)
        self.back_frame.setProperty("role", "card")
        inner = QVBoxLayout(self.back_frame)
        inner.setContentsMargins(14, 10, 14, 10)
        self.back_view = RichTextView(self.back_frame, root=self.root)
        self.back_view.setAccessibleName(tr("Answer"))
        self.back_view.set_markdown(question.back)
        inner.addWidget(self.back_view)
        self.back_frame.hide()
        self.layout_.addWidget(self.back_frame)

    def hint(self) -> str:
        return tr("Recall the answer, then press Space to turn the card.")

    def response(self) -> Any:
        return None

    def reveal(self) -> None:
        self.back_frame.show()
        self.answered = True

    def show_result(self, result: Result | None) -> None:
        self.reveal()


WIDGET = FlashcardWidget
