"""Typed answers: a short text, or a number with its unit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit

from quizapp.bank.grading import Result
from quizapp.bank.model import Numeric, ShortAnswer
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, muted_label, set_state


class _EntryWidget(QuestionWidget):
    def build_entry(self, placeholder: str, unit: str = "") -> None:
        row = QHBoxLayout()
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setAccessibleName(tr("Your answer"))
        self.edit.textChanged.connect(lambda *_: self.changed.emit())
        row.addWidget(self.edit, 1)
        if unit:
            self.unit_label = QLabel(unit, self)
            self.unit_label.setAccessibleName(tr("unit: {}").format(unit))
            row.addWidget(self.unit_label)
        self.layout_.addLayout(row)
        self.expected = muted_label("", self)
        self.expected.hide()
        self.layout_.addWidget(self.expected)

    def has_response(self) -> bool:
        return bool(self.edit.text().strip())

    def focus_first(self) -> None:
        self.edit.setFocus()

    def mark(self, result: Result, expected: str) -> None:
        self.answered = True
        self.edit.setReadOnly(True)
        set_state(self.edit, "correct" if result.correct else "wrong")
        self.expected.setText(expected)
        self.expected.show()


class ShortAnswerWidget(_EntryWidget):
    def __init__(self, question: ShortAnswer, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.build_entry(tr("Type your answer"))

    def hint(self) -> str:
        return tr("Type the answer and press Enter.")

    def response(self) -> Any:
        return self.edit.text()

    def show_result(self, result: Result) -> None:
        answers = self.question.answers  # type: ignore[attr-defined]
        verdict = tr("✓ Correct.") if result.correct else tr("✗ Not accepted.")
        self.mark(result, f"{verdict} " + tr("Accepted answers: {}").format(", ".join(answers)))


class NumericWidget(_EntryWidget):
    def __init__(self, question: Numeric, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.build_entry(tr("A number, e.g. 2.5"), question.unit)

    def hint(self) -> str:
        return tr("Type a number and press Enter.")

    def response(self) -> Any:
        return self.edit.text()

    def show_result(self, result: Result) -> None:
        expected = result.parts[0].expected if result.parts else ""
        verdict = tr("✓ Within the accepted range.") if result.correct else tr("✗ Outside the accepted range.")
        self.mark(result, f"{verdict} " + tr("Expected: {}").format(expected))
