"""Numeric: one line for the number, with the unit beside it."""

from __future__ import annotations

from typing import Any

from quizapp.bank.grading import Result
from quizapp.bank.types.numeric import Numeric
from quizapp.ui.i18n import tr
from quizapp.ui.questions.entry import EntryWidget


class NumericWidget(EntryWidget):
    def __init__(self, question: Numeric, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.build_entry(tr("A number, e.g. 2.5"), question.unit)

    def hint(self) -> str:
        return tr("Type a number and press Enter.")

    def show_result(self, result: Result) -> None:
        expected = result.parts[0].expected if result.parts else ""
        verdict = tr("✓ Within the accepted range.") if result.correct else tr("✗ Outside the accepted range.")
        self.mark(result, f"{verdict} " + tr("Expected: {}").format(expected))


WIDGET = NumericWidget
