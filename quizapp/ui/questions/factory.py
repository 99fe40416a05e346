"""Picks the widget class for a question's type."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtWidgets import QWidget

from quizapp.bank.model import (
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    Question,
    ShortAnswer,
    TrueFalse,
)
from quizapp.ui.questions.base import QuestionWidget
from quizapp.ui.questions.choice import ChoiceWidget, TrueFalseWidget
from quizapp.ui.questions.cloze import ClozeWidget
from quizapp.ui.questions.entry import NumericWidget, ShortAnswerWidget
from quizapp.ui.questions.flashcard import FlashcardWidget
from quizapp.ui.questions.matching import MatchingWidget
from quizapp.ui.questions.ordering import OrderingWidget

_WIDGETS: dict[type[Question], type[QuestionWidget]] = {
    Flashcard: FlashcardWidget,
    ChoiceQuestion: ChoiceWidget,
    TrueFalse: TrueFalseWidget,
    Cloze: ClozeWidget,
    ShortAnswer: ShortAnswerWidget,
    Numeric: NumericWidget,
    Matching: MatchingWidget,
    Ordering: OrderingWidget,
}


def widget_for(question: Question, rng: random.Random | None = None, root: Path | None = None,
               parent: QWidget | None = None) -> QuestionWidget:
    """A fresh widget showing `question`; `root` is the bank folder images may be read from."""
    return _WIDGETS[type(question)](question, rng=rng, root=root, parent=parent)
