"""Cloze: the text flows as words with an entry field in each gap."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from quizapp.bank.grading import Result
from quizapp.bank.types.cloze import Cloze
from quizapp.ui import richtext
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import QuestionWidget, set_state


class ClozeWidget(QuestionWidget):
    def __init__(self, question: Cloze, **kwargs: Any) -> None:
        super().__init__(question, **kwargs)
        self.prompt_view.setVisible(bool(question.prompt.strip()))
        body = QWidget(self)
        flow = FlowLayout(body, hspacing=5, vspacing=8)
        self.edits: list[QLineEdit] = []
        self.corrections: list[QLabel] = []
        segments, gaps = question.segments(), question.gaps
        for i, segment in enumerate(segments):
            for word in richtext.inline_words(segment):
                label = QLabel(word, body)
                label.setTextFormat(Qt.TextFormat.RichText)
                flow.addWidget(label)
            if i < len(gaps):
                edit = QLineEdit(body)
                edit.setAccessibleName(tr("gap {}").format(i + 1))
                edit.setPlaceholderText(f"({i + 1})")
                longest = max(len(a) for a in gaps[i])
                edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * max(8, longest + 3))
                edit.textChanged.connect(lambda *_: self.changed.emit())
                flow.addWidget(edit)
                self.edits.append(edit)
                correction = QLabel(body)
                correction.setProperty("state", "correct")
                correction.hide()
                flow.addWidget(correction)
                self.corrections.append(correction)
        self.layout_.addWidget(body)

    def prompt_text(self) -> str:
        return self.question.prompt or ""

    def hint(self) -> str:
        text = tr("Fill each gap (Tab moves to the next), then press Enter.")
        note = self.question.order_note()  # type: ignore[attr-defined]
        if note == "in any order":
            text += " " + tr("The answers may come in any order.")
        elif note:
            text += " " + tr("Answers to {} may come in any order.").format(note.removesuffix(" in any order"))
        return text

    def response(self) -> Any:
        return [edit.text() for edit in self.edits]

    def has_response(self) -> bool:
        return any(edit.text().strip() for edit in self.edits)

    def focus_first(self) -> None:
        if self.edits:
            self.edits[0].setFocus()

    def show_result(self, result: Result) -> None:
        self.answered = True
        for edit, correction, part in zip(self.edits, self.corrections, result.parts, strict=False):
            edit.setReadOnly(True)
            set_state(edit, "correct" if part.ok else "wrong")
            if not part.ok:
                correction.setText(f"→ {richtext.escape(part.expected)}")
                correction.setAccessibleName(tr("correct answer: {}").format(part.expected))
                correction.show()

    def restore(self, response: Any) -> None:
        if isinstance(response, list):
            for edit, text in zip(self.edits, response, strict=False):
                edit.setText(text if isinstance(text, str) else "")

WIDGET = ClozeWidget
