"""Categorise: one row per item with a button per group; a number key puts the focused item in that group."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QButtonGroup, QFrame, QPushButton, QVBoxLayout, QWidget

from quizapp.bank.grading import Result
from quizapp.bank.types.categorise import Categorise
from quizapp.ui import richtext
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, muted_label, set_state
from quizapp.ui.textview import rich_label


class ItemRow(QFrame):
    """One item to sort: its text, a toggle button per group (one checked at most), the verdict later."""

    def __init__(self, text: str, groups: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "choice")
        self.text = text
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        self.label = rich_label(text, self)
        layout.addWidget(self.label)
        host = QWidget(self)
        flow = FlowLayout(host, hspacing=6, vspacing=6)
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        for number, group in enumerate(groups, start=1):
            button = QPushButton(f"{number}  {richtext.to_plain(group)}", host)
            button.setCheckable(True)
            button.setProperty("group", group)
            button.setAccessibleName(tr("put “{}” in {}").format(richtext.to_plain(text), richtext.to_plain(group)))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            self.buttons.addButton(button, number - 1)
            flow.addWidget(button)
        layout.addWidget(host)
        self.verdict = muted_label("", self)
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.verdict.hide()
        layout.addWidget(self.verdict)

    def chosen(self) -> str | None:
        button = self.buttons.checkedButton()
        return button.property("group") if button is not None else None

    def choose(self, group: str | None) -> None:
        for button in self.buttons.buttons():
            if button.property("group") == group:
                button.setChecked(True)
                return

    def has_focus_inside(self) -> bool:
        focused = QApplication.focusWidget()
        return focused is not None and (focused is self or self.isAncestorOf(focused))


class CategoriseWidget(QuestionWidget):
    def __init__(self, question: Categorise, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.q = question
        items = [item.text for item in question.items]
        while len(items) > 1 and items == [item.text for item in question.items]:
            self.rng.shuffle(items)  # the bank writes items group by group: never show that order
        self.rows: list[ItemRow] = []
        for text in items:
            row = ItemRow(text, list(question.groups), self)
            row.buttons.buttonToggled.connect(lambda *_: self.changed.emit())
            self.rows.append(row)
            self.layout_.addWidget(row)

    def hint(self) -> str:
        return tr("Put each item in a group: Tab to an item, a number key picks its group; then press Enter.")

    def response(self) -> Any:
        return {row.text: row.chosen() for row in self.rows if row.chosen()}

    def has_response(self) -> bool:
        return any(row.chosen() for row in self.rows)

    def pick(self, number: int) -> bool:
        """Number key n puts the focused item (else the first one not yet sorted) in group n, then moves on."""
        if self.answered or not 1 <= number <= len(self.q.groups):
            return False
        row = next((r for r in self.rows if r.has_focus_inside()), None)
        if row is None:
            row = next((r for r in self.rows if not r.chosen()), self.rows[0])
        button = row.buttons.button(number - 1)
        button.setChecked(True)
        following = self.rows[self.rows.index(row) + 1:]
        target = following[0] if following else row
        (target.buttons.checkedButton() or target.buttons.button(0)).setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def focus_first(self) -> None:
        if self.rows:
            self.rows[0].buttons.button(0).setFocus()

    def restore(self, response: Any) -> None:
        if isinstance(response, dict):
            for row in self.rows:
                group = response.get(row.text)
                if isinstance(group, str):
                    row.choose(group)

    def show_result(self, result: Result) -> None:
        self.answered = True
        parts = {part.label: part for part in result.parts}
        for row in self.rows:
            part = parts.get(row.text)
            for button in row.buttons.buttons():
                button.setEnabled(button.isChecked())  # only the chosen group stays legible as chosen
            if part is None:
                continue
            set_state(row, "correct" if part.ok else "wrong")
            if part.ok:
                row.verdict.setText(tr("✓ {}").format(richtext.escape(part.expected)))
                set_state(row.verdict, "correct")
            else:
                text = tr("✗ belongs in: {}").format(richtext.escape(part.expected))
                if part.why:
                    text += "<br>" + richtext.to_inline_html(part.why)
                row.verdict.setText(text)
            row.verdict.show()


WIDGET = CategoriseWidget
