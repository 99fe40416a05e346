"""The widget registry: one module here per question-type module in quizapp/bank/types/, of the same name.

Each widget module defines `WIDGET`, the QuestionWidget subclass that shows its type; the registry finds it
by the name of the module that defines the question's class, so this package never names a type.
"""

from __future__ import annotations

import importlib
import random
from pathlib import Path

from PySide6.QtWidgets import QWidget

from quizapp.bank.model import Question
from quizapp.ui.questions.base import QuestionWidget

_WIDGETS: dict[type[Question], type[QuestionWidget]] = {}


def widget_class(cls: type[Question]) -> type[QuestionWidget]:
    """The widget class for a question class (quizapp.bank.types.X -> quizapp.ui.questions.X.WIDGET)."""
    found = _WIDGETS.get(cls)
    if found is None:
        module = importlib.import_module(f"{__name__}.{cls.__module__.rsplit('.', 1)[-1]}")
        found = _WIDGETS[cls] = module.WIDGET
    return found


def widget_for(question: Question, rng: random.Random | None = None, root: Path | None = None,
               parent: QWidget | None = None) -> QuestionWidget:
    """A fresh widget showing `question`; `root` is the bank folder images may be read from."""
    return widget_class(type(question))(question, rng=rng, root=root, parent=parent)


__all__ = ["QuestionWidget", "widget_class", "widget_for"]
