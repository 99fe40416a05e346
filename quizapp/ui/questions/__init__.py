"""One widget per question type: each shows a question, collects a response, then shows the graded result."""

from quizapp.ui.questions.base import QuestionWidget
from quizapp.ui.questions.factory import widget_for

__all__ = ["QuestionWidget", "widget_for"]
