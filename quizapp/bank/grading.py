"""Grading's shared parts: the result of grading, typed-answer comparison, number reading.

Each question type grades its own responses (its `grade` hook, in quizapp/bank/types/); responses are
plain JSON values, so the review log keeps exactly what the student gave, and each type's module
documents its response shape.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from quizapp.bank.model import Question
from quizapp.bank.result import Part, Result

__all__ = ["Part", "Result", "fmt", "grade", "match", "matches", "normalise", "parse_number"]


_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u2019": "'", "\u2018": "'"})


def normalise(text: str) -> str:
    """Case-, width- and space-insensitive form used to compare typed answers."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    return _SPACE.sub(" ", text).strip().rstrip(".")


def matches(given: str, accepted: Sequence[str], fuzzy: float | None) -> bool:
    """Whether a typed answer equals one of `accepted` after normalising (or is a typo of one, given `fuzzy`)."""
    return match(given, accepted, fuzzy)[0] is not None


def match(given: str, accepted: Sequence[str], fuzzy: float | None) -> tuple[str | None, bool]:
    """(the accepted answer a typed one matches, or None; whether only as a typo, by `fuzzy` similarity)."""
    g = normalise(given)
    if not g:
        return None, False
    targets = [normalise(a) for a in accepted]
    if g in targets:
        return accepted[targets.index(g)], False
    if fuzzy is None:
        return None, False
    from rapidfuzz import fuzz  # only typo-tolerant answers need it; checking banks needs just PyYAML

    scored = [(fuzz.ratio(g, t), i) for i, t in enumerate(targets) if len(t) >= 4]
    best = max(scored, default=(0.0, -1))
    return (accepted[best[1]], True) if best[0] >= fuzzy * 100 else (None, False)


def parse_number(text: str | float | int | None, unit: str = "") -> float | None:
    """Read a typed number: '2.5', '2,5', ' 2.5 h', '1e-3'; None when it is not a number."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        try:
            value = float(text)  # an integer beyond a float's range (10**400 in a JSON file) overflows
        except OverflowError:
            return None
        return value if math.isfinite(value) else None
    s = unicodedata.normalize("NFKC", text).strip().translate(_DASHES)
    if unit and s.casefold().endswith(unit.casefold()):
        s = s[: -len(unit)].strip()
    s = s.replace("\u202f", "").replace(" ", "")
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def fmt(x: float) -> str:
    """A number as people write it: 2.5, 1e-06, 300."""
    return f"{x:g}"


def grade(question: Question, response: Any) -> Result:
    """Score a response with the question's own grader; an empty or malformed response scores 0 and is
    marked unanswered (a grader that trips over a shape it did not expect counts as malformed too)."""
    try:
        return question.grade(response)
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError):
        return Result(0.0, (), answered=False)
