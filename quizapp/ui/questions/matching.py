"""Matching: each left item gets a drop-down of the right-hand sides."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from quizapp.bank.grading import Result
from quizapp.bank.types.matching import Matching
from quizapp.ui import richtext
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, set_state
from quizapp.ui.textview import rich_label

MIN_CHARS = 8  # the narrowest a prompt or its drop-down gets, in characters


class MatchingWidget(QuestionWidget):
    def __init__(self, question: Matching, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.lefts = [left for left, _ in question.pairs]
        self.rights = [right for _, right in question.pairs]
        self.rng.shuffle(self.rights)
        self.rng.shuffle(self.lefts)
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        self.combos: dict[str, QComboBox] = {}
        self.corrections: dict[str, QLabel] = {}
        for row, left in enumerate(self.lefts):
            label = rich_label(left, grid_host)
            combo = QComboBox(grid_host)
            combo.addItem(tr("Choose…"), None)
            for number, right in enumerate(self.rights, start=1):
                combo.addItem(f"{number}. {richtext.to_plain(right)}", right)
            # As wide as the column allows, not as wide as its longest answer (which pushed it off the card);
            # the open list is wide enough for every answer, and the chosen one is in the tooltip.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(MIN_CHARS)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            combo.view().setMinimumWidth(max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                                             for i in range(combo.count())) + 40)
            combo.setAccessibleName(tr("match for {}").format(richtext.to_plain(left)))
            combo.currentIndexChanged.connect(lambda *_, c=combo: (c.setToolTip(c.currentText()), self.changed.emit()))
            label.setBuddy(combo)
            label.setMinimumWidth(label.fontMetrics().averageCharWidth() * MIN_CHARS)
            correction = QLabel(grid_host)
            correction.setProperty("state", "correct")
            correction.setWordWrap(True)
            correction.hide()
            # The correction goes under its drop-down: a third column took room from the prompts even empty.
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(combo)
            cell.addWidget(correction)
            grid.addWidget(label, row, 0)
            grid.addLayout(cell, row, 1)
            self.combos[left], self.corrections[left] = combo, correction
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.layout_.addWidget(grid_host)

    def hint(self) -> str:
        return tr("Pick a match for each row (Tab to move, number keys choose), then press Enter.")

    def response(self) -> Any:
        return {left: combo.currentData() for left, combo in self.combos.items() if combo.currentData()}

    def has_response(self) -> bool:
        return any(combo.currentData() for combo in self.combos.values())

    def pick(self, number: int) -> bool:
        """A number key chooses that right-hand side in the focused row, then moves to the next row."""
        if self.answered or not 1 <= number <= len(self.rights):
            return False
        combos = list(self.combos.values())
        focused = next((c for c in combos if c.hasFocus()), None)
        if focused is None:
            focused = next((c for c in combos if not c.currentData()), combos[0])
        focused.setCurrentIndex(number)
        following = combos[combos.index(focused) + 1:]
        (following[0] if following else focused).setFocus(Qt.FocusReason.TabFocusReason)
        return True

    def focus_first(self) -> None:
        next(iter(self.combos.values())).setFocus()

    def show_result(self, result: Result) -> None:
        self.answered = True
        ok = {part.label: part for part in result.parts}
        for left, combo in self.combos.items():
            # Locked but fully legible (a disabled combo greys its text out).
            combo.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            combo.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            part = ok.get(left)
            right = part is not None and part.ok
            set_state(combo, "correct" if right else "wrong")
            if part is not None and not right:
                self.corrections[left].setText(f"→ {part.expected}")
                self.corrections[left].show()

    def restore(self, response: Any) -> None:
        if isinstance(response, dict):
            for left, right in response.items():
                combo = self.combos.get(left)
                if combo is not None and isinstance(right, str):
                    combo.setCurrentIndex(max(0, combo.findData(right)))


WIDGET = MatchingWidget
