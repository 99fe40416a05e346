"""A typed answer in one line, with an optional unit beside it: what the typed-answer widgets share."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit

from quizapp.bank.grading import Result
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, muted_label, set_state


class EntryWidget(QuestionWidget):
    """One line edit; the response is its text."""
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

    def response(self) -> Any:
        return self.edit.text()

    def restore(self, response: Any) -> None:
        # Text as typed; a number only where the type's grader reads one (a numeric answer stored as a
        # number), so the review never shows an answer the grade did not count.
        if isinstance(response, str):
            self.edit.setText(response)
        elif isinstance(response, int | float) and self.question.grade(response).answered:
            self.edit.setText(str(response))
