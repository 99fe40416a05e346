"""True/false: two rows, picked with 1 or 2."""

from __future__ import annotations

from typing import Any

from quizapp.bank.grading import Result
from quizapp.bank.types.true_false import TrueFalse
from quizapp.ui.i18n import tr
from quizapp.ui.questions.rows import RowsWidget


class TrueFalseWidget(RowsWidget):
    def __init__(self, question: TrueFalse, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.build_rows([tr("True"), tr("False")])

    def hint(self) -> str:
        return tr("1 = true, 2 = false, then press Enter.")

    def response(self) -> Any:
        picked = self.checked_rows()
        return (picked[0] == 0) if picked else None

    def show_result(self, result: Result) -> None:
        self.lock()
        answer = self.question.answer  # type: ignore[attr-defined]
        for i, row in enumerate(self.rows):
            value, picked = (i == 0), row.button.isChecked()
            if value == answer:
                row.mark("correct", tr("✓ your answer") if picked else tr("✓ correct answer"), None)
            elif picked:
                row.mark("wrong", tr("✗ your answer"), None)

    def restore(self, response: Any) -> None:
        if isinstance(response, bool):
            self.rows[0 if response else 1].button.setChecked(True)


WIDGET = TrueFalseWidget
