"""Single and multiple choice: the options in the sitting's order, picked by click or number key."""

from __future__ import annotations

from typing import Any

from quizapp.bank.grading import Result
from quizapp.bank.types.choice import ChoiceQuestion
from quizapp.ui.i18n import tr
from quizapp.ui.questions.rows import RowsWidget


class ChoiceWidget(RowsWidget):
    def __init__(self, question: ChoiceQuestion, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.q = question
        self.multiple = question.multiple
        self.order = list(range(len(question.choices)))
        if question.shuffle:
            self.rng.shuffle(self.order)
        self.build_rows([question.choices[i].text for i in self.order])

    def hint(self) -> str:
        if self.question.multiple:  # type: ignore[attr-defined]
            return tr("Choose all that apply (number keys toggle), then press Enter.")
        return tr("Choose one (number keys pick), then press Enter.")

    def response(self) -> Any:
        picked = sorted(self.order[i] for i in self.checked_rows())
        if self.multiple:
            return picked
        return picked[0] if picked else None

    def show_result(self, result: Result) -> None:
        self.lock()
        for shown, original in enumerate(self.order):
            choice = self.q.choices[original]
            picked = self.rows[shown].button.isChecked()
            if choice.correct:
                state = "correct" if picked else ("missed" if self.multiple else "correct")
                verdict = tr("✓ your answer") if picked else tr("✓ correct answer")
            elif picked:
                state, verdict = "wrong", tr("✗ your answer")
            else:
                state, verdict = "", ""
            self.rows[shown].mark(state, verdict, None if choice.correct else choice.why)

    def restore(self, response: Any) -> None:
        for original in self.q.picks(response):  # the picks the grader reads, nothing else
            self.rows[self.order.index(original)].button.setChecked(True)


WIDGET = ChoiceWidget
