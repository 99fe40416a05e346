"""Question banks: the text format, loading and validation, grading, import and export. No Qt here."""

from quizapp.bank.grading import Part, Result, grade
from quizapp.bank.loader import LoadResult, load_banks
from quizapp.bank.model import (
    Bank,
    Choice,
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    Problem,
    QType,
    Question,
    ShortAnswer,
    Source,
    TrueFalse,
)

__all__ = [
    "Bank",
    "Choice",
    "ChoiceQuestion",
    "Cloze",
    "Flashcard",
    "LoadResult",
    "Matching",
    "Numeric",
    "Ordering",
    "Part",
    "Problem",
    "QType",
    "Question",
    "Result",
    "ShortAnswer",
    "Source",
    "TrueFalse",
    "grade",
    "load_banks",
]
