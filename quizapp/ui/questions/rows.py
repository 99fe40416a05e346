"""Rows of options picked by click or number key: what the choice and true/false widgets share."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QLabel,
    QRadioButton,
    QWidget,
)

from quizapp.ui import richtext
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, muted_label, set_state
from quizapp.ui.textview import rich_label


class ChoiceRow(QFrame):
    """One choice: key number, radio or check box, the text; after grading a verdict and the `why`."""

    clicked = Signal()

    def __init__(self, number: int, text: str, multiple: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "choice")
        self.button: QAbstractButton = QCheckBox(self) if multiple else QRadioButton(self)
        self.button.setAccessibleName(f"{number}. {richtext.to_plain(text)}")
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        key = QLabel(f"{number}", self)
        key.setProperty("role", "muted")
        key.setAccessibleName(tr("key {}").format(number))
        self.label = rich_label(text, self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.verdict = QLabel(self)
        self.verdict.hide()
        self.why = muted_label("", self)
        self.why.setTextFormat(Qt.TextFormat.RichText)
        self.why.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(10)
        grid.addWidget(key, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.button, 0, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.label, 0, 2)
        grid.addWidget(self.verdict, 0, 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.why, 1, 2, 1, 2)
        grid.setColumnStretch(2, 1)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.click()
            self.button.setFocus()
        super().mousePressEvent(event)

    def mark(self, state: str, verdict: str, why: str | None) -> None:
        set_state(self, state)
        self.verdict.setText(verdict)
        set_state(self.verdict, "correct" if state in ("correct", "missed") else "wrong" if state == "wrong" else "")
        self.verdict.setVisible(bool(verdict))
        if why:
            self.why.setText(richtext.to_inline_html(why))
            self.why.show()
        self.setCursor(Qt.CursorShape.ArrowCursor)


class RowsWidget(QuestionWidget):
    """Rows of choices in a button group; subclasses say what the rows are and how to read them."""

    multiple = False

    def build_rows(self, texts: list[str]) -> None:
        self.group = QButtonGroup(self)
        self.group.setExclusive(not self.multiple)
        self.rows: list[ChoiceRow] = []
        for i, text in enumerate(texts):
            row = ChoiceRow(i + 1, text, self.multiple, self)
            self.group.addButton(row.button, i)
            self.rows.append(row)
            self.layout_.addWidget(row)
        self.group.buttonToggled.connect(lambda *_: self.changed.emit())

    def checked_rows(self) -> list[int]:
        return [i for i, row in enumerate(self.rows) if row.button.isChecked()]

    def has_response(self) -> bool:
        return bool(self.checked_rows())

    def pick(self, number: int) -> bool:
        if self.answered or not 1 <= number <= len(self.rows):
            return False
        button = self.rows[number - 1].button
        button.setChecked(not button.isChecked() if self.multiple else True)
        button.setFocus()
        return True

    def focus_first(self) -> None:
        if self.rows:
            self.rows[0].button.setFocus()

    def lock(self) -> None:
        self.answered = True
        for row in self.rows:
            row.button.setEnabled(False)
