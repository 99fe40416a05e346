"""The selected question as review shows it once answered: the answer key marked, then the explanation."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from quizapp.bank.grading import grade
from quizapp.bank.model import Question, Source
from quizapp.ui.feedback import FeedbackPanel
from quizapp.ui.i18n import tr
from quizapp.ui.questions import QuestionWidget, widget_for
from quizapp.ui.questions.base import muted_label, set_state


class PreviewPanel(QScrollArea):
    """`show_question(q)` renders it with the review widgets; None clears it."""

    def __init__(self, sources: Callable[[], Mapping[str, Source]], root_of: Callable[[Question], Path | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources, self.root_of = sources, root_of
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        body.setObjectName("page")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(12)
        self.where = muted_label("", body)
        self.card = QFrame(body)
        self.card.setProperty("role", "card")
        self.card_layout = QVBoxLayout(self.card)
        self.card_layout.setContentsMargins(14, 10, 14, 12)
        self.feedback = FeedbackPanel(body)
        for widget in (self.where, self.card, self.feedback):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self.widget_: QuestionWidget | None = None
        self.question: Question | None = None
        self.show_question(None)

    def show_question(self, question: Question | None, where: str = "") -> None:
        if self.widget_ is not None:
            self.widget_.hide()  # now: two questions must never show at once
            self.widget_.deleteLater()
            self.widget_ = None
        self.question = question
        self.card.setVisible(question is not None)
        self.feedback.setVisible(question is not None)
        if question is None:
            self.where.setText(tr("Select a question to see it here."))
            return
        self.where.setText(where)
        root = self.root_of(question)
        # Seeded by the question: it previews alike every time it is selected.
        self.widget_ = widget_for(question, rng=random.Random(question.id), root=root, parent=self.card)
        self.card_layout.addWidget(self.widget_)
        hint = getattr(self.widget_, "hint_label", None)
        if hint is not None:
            hint.hide()  # "press Enter" is for answering; here the answer is only shown
        result = grade(question, None)  # nothing given: every part shows its right answer
        self.widget_.show_result(result)
        self.widget_.show()
        self.feedback.show_for(question, result, self.sources(), root)
        self.feedback.headline.setText(tr("Answer and explanation"))
        set_state(self.feedback.headline, "")  # not a verdict: nothing was answered
        self.verticalScrollBar().setValue(0)
