"""Short answer: one line to type the word or phrase."""

from __future__ import annotations

from typing import Any

from quizapp.bank.grading import Result
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.ui.i18n import tr
from quizapp.ui.questions.entry import EntryWidget


class ShortAnswerWidget(EntryWidget):
    def __init__(self, question: ShortAnswer, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.build_entry(tr("Type your answer"))

    def hint(self) -> str:
        return tr("Type the answer and press Enter.")

    def show_result(self, result: Result) -> None:
        answers = self.question.answers  # type: ignore[attr-defined]
        verdict = tr("✓ Correct.") if result.correct else tr("✗ Not accepted.")
        self.mark(result, f"{verdict} " + tr("Accepted answers: {}").format(", ".join(answers)))


WIDGET = ShortAnswerWidget
