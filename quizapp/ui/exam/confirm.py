"""The question before submitting an exam: what is still unanswered or flagged, and the time left."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from quizapp.ui import fmt
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label


def numbers(indexes: list[int]) -> str:
    """Question numbers as the student sees them (1-based), e.g. "2, 5, 9"."""
    return ", ".join(str(i + 1) for i in indexes)


class SubmitDialog(QDialog):
    """Submit (Enter), go back to the first unanswered or flagged question, or keep working (Esc).

    After it closes, `choice` is "submit", a question index to go to, or None.
    """

    def __init__(self, unanswered: list[int], flagged: list[int], total: int, seconds_left: float | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Submit the exam?"))
        self.choice: str | int | None = None
        layout = QVBoxLayout(self)
        heading = QLabel(tr("Submit the exam?"), self)
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        lines = [tr("You answered {} of {} questions.").format(total - len(unanswered), total)]
        self.unanswered_text = QLabel(self)
        self.flagged_text = QLabel(self)
        for label, indexes, text in ((self.unanswered_text, unanswered, tr("Unanswered: {}")),
                                     (self.flagged_text, flagged, tr("Flagged for review: {}"))):
            label.setWordWrap(True)
            label.setText(text.format(numbers(indexes)))
            label.setProperty("state", "partial")
            label.setVisible(bool(indexes))
        if seconds_left is not None:
            lines.append(tr("Time left: {}.").format(fmt.clock(seconds_left)))
        lines.append(tr("Once submitted, answers cannot be changed."))
        layout.addWidget(self.unanswered_text)
        layout.addWidget(self.flagged_text)
        layout.addWidget(muted_label(" ".join(lines), self))

        buttons = QHBoxLayout()
        self.submit_button = QPushButton(tr("Submit  (Enter)"), self)
        self.submit_button.setProperty("role", "primary")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(lambda: self._close("submit"))
        pending = sorted(set(unanswered) | set(flagged))
        self.review_button = QPushButton(tr("Go to question {}").format(pending[0] + 1) if pending else "", self)
        self.review_button.setVisible(bool(pending))
        self.review_button.clicked.connect(lambda: self._close(pending[0] if pending else None))
        back = QPushButton(tr("Keep working  (Esc)"), self)
        back.clicked.connect(self.reject)
        buttons.addWidget(self.submit_button)
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        buttons.addWidget(back)
        layout.addLayout(buttons)
        self.submit_button.setFocus()

    def _close(self, choice: str | int | None) -> None:
        self.choice = choice
        self.accept()
