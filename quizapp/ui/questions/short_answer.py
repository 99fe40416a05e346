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
        typo = next((p for p in result.parts if p.ok and p.typo_of), None)
        if typo is not None:  # right, but misspelt: say so, so that the spelling is learnt too
            verdict = tr("✓ Accepted: you wrote ‘{}’; it is spelled ‘{}’.").format(typo.given.strip(), typo.typo_of)
        else:
            verdict = tr("✓ Correct.") if result.correct else tr("✗ Not accepted.")
        self.mark(result, f"{verdict} " + tr("Accepted answers: {}").format(", ".join(answers)))


WIDGET = ShortAnswerWidget
