"""Question banks: the text format, question types, loading and validation, grading, import and export. No Qt."""

from quizapp.bank.grading import Part, Result, grade
from quizapp.bank.loader import LoadResult, load_banks
from quizapp.bank.model import Bank, Problem, Question, Source
from quizapp.bank.types import QType

__all__ = ["Bank", "LoadResult", "Part", "Problem", "QType", "Question", "Result", "Source", "grade", "load_banks"]
