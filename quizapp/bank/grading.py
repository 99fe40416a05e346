"""Grading: a pure function from (question, response) to a score with per-part detail.

Responses are plain JSON-friendly values, so the review log can keep exactly what the student gave:
flashcard bool (knew it) | single_choice int | multiple_choice list[int] | true_false bool |
cloze list[str] | short_answer str | numeric str or float | matching dict[left, right] |
ordering list[str] (the items in the student's order).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Part:
    """One gradable part: a choice, a gap, a pair. `why` explains a wrong pick when the bank says."""

    label: str
    given: str
    expected: str
    ok: bool
    why: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    score: float  # 0..1
    parts: tuple[Part, ...] = ()
    answered: bool = True

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - 1e-9

    @property
    def partial(self) -> bool:
        return 0.0 < self.score < 1.0 - 1e-9


_SPACE = re.compile(r"\s+")
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
                         "\u2212": "-", "\u2019": "'", "\u2018": "'"})


def normalise(text: str) -> str:
    """Case-, width- and space-insensitive form used to compare typed answers."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    return _SPACE.sub(" ", text).strip().rstrip(".")


def _matches(given: str, accepted: Sequence[str], fuzzy: float | None) -> bool:
    g = normalise(given)
    if not g:
        return False
    targets = [normalise(a) for a in accepted]
    if g in targets:
        return True
    if fuzzy is None:
        return False
    from rapidfuzz import fuzz  # only typo-tolerant answers need it; checking banks needs just PyYAML

    return any(fuzz.ratio(g, t) >= fuzzy * 100 for t in targets if len(t) >= 4)


def parse_number(text: str | float | int | None, unit: str = "") -> float | None:
    """Read a typed number: '2.5', '2,5', ' 2.5 h', '1e-3'; None when it is not a number."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
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


def _fmt(x: float) -> str:
    return f"{x:g}"


def grade(question: Question, response: Any) -> Result:
    """Score a response; an empty or malformed response scores 0 and is marked unanswered."""
    grader = _GRADERS.get(type(question))
    if grader is None:  # pragma: no cover - every model class has a grader
        raise TypeError(f"cannot grade {type(question).__name__}")
    return grader(question, response)


def _flashcard(q: Flashcard, response: Any) -> Result:
    if not isinstance(response, bool):
        return Result(0.0, (), answered=False)
    return Result(1.0 if response else 0.0, (Part("self-rated", "knew it" if response else "forgot",
                                                   q.back, response),))


def _choice(q: ChoiceQuestion, response: Any) -> Result:
    if q.multiple:
        picks = set(response) if isinstance(response, list | tuple | set | frozenset) else set()
    else:
        picks = {response} if isinstance(response, int) and not isinstance(response, bool) else set()
    picks = {p for p in picks if isinstance(p, int) and 0 <= p < len(q.choices)}
    parts = []
    for i, c in enumerate(q.choices):
        picked = i in picks
        if picked or c.correct:
            parts.append(Part(c.text, "chosen" if picked else "not chosen",
                              "correct" if c.correct else "wrong", picked == c.correct,
                              None if c.correct else c.why))
    if not picks:
        return Result(0.0, tuple(parts), answered=False)
    right = len(picks & q.correct_indices())
    wrong = len(picks - q.correct_indices())
    score = max(0.0, (right - wrong) / len(q.correct_indices())) if q.multiple else float(right == 1)
    return Result(score, tuple(parts))


def _true_false(q: TrueFalse, response: Any) -> Result:
    if not isinstance(response, bool):
        return Result(0.0, (), answered=False)
    ok = response == q.answer
    return Result(float(ok), (Part("statement", str(response).lower(), str(q.answer).lower(), ok),))


def _cloze(q: Cloze, response: Any) -> Result:
    gaps = q.gaps
    given = list(response) if isinstance(response, list | tuple) else []
    given = [g if isinstance(g, str) else "" for g in given] + [""] * max(0, len(gaps) - len(given))
    parts = tuple(Part(f"gap {i + 1}", g, accepted[0], _matches(g, accepted, None))
                  for i, (g, accepted) in enumerate(zip(given, gaps, strict=False)))
    answered = any(g.strip() for g in given)
    return Result(sum(p.ok for p in parts) / len(parts) if parts else 0.0, parts, answered)


def _short_answer(q: ShortAnswer, response: Any) -> Result:
    given = response if isinstance(response, str) else ""
    ok = _matches(given, q.answers, q.fuzzy)
    return Result(float(ok), (Part("answer", given, q.answers[0], ok),), answered=bool(given.strip()))


def _numeric(q: Numeric, response: Any) -> Result:
    value = parse_number(response, q.unit)
    expected = _fmt(q.answer) if q.low == q.high else f"{_fmt(q.answer)} ({_fmt(q.low)}–{_fmt(q.high)})"
    if q.unit:
        expected += f" {q.unit}"
    if value is None:
        shown = response if isinstance(response, str) else ""
        return Result(0.0, (Part("value", shown, expected, False),), answered=bool(shown.strip()))
    # a relative epsilon so that 0.1 + 0.2 style float noise at the boundary still counts
    eps = 1e-9 * max(1.0, abs(q.low), abs(q.high))
    ok = q.low - eps <= value <= q.high + eps
    return Result(float(ok), (Part("value", _fmt(value), expected, ok),))


def _matching(q: Matching, response: Any) -> Result:
    chosen: Mapping[str, Any] = response if isinstance(response, Mapping) else {}
    parts = []
    for left, right in q.pairs:
        got = chosen.get(left)
        got = got if isinstance(got, str) else ""
        parts.append(Part(left, got, right, normalise(got) == normalise(right)))
    answered = any(p.given for p in parts)
    return Result(sum(p.ok for p in parts) / len(parts), tuple(parts), answered)


def _ordering(q: Ordering, response: Any) -> Result:
    given = [x for x in response if isinstance(x, str)] if isinstance(response, list | tuple) else []
    if sorted(given) != sorted(q.items):
        return Result(0.0, (Part("order", " → ".join(given), " → ".join(q.items), False),), answered=False)
    right_pairs = set(zip(q.items, q.items[1:], strict=False))
    parts = tuple(Part(f"{a} → {b}", f"{a} → {b}", f"{a} → {b}", (a, b) in right_pairs)
                  for a, b in itertools.pairwise(given))
    return Result(sum(p.ok for p in parts) / len(parts), parts)


_GRADERS: dict[type, Any] = {
    Flashcard: _flashcard,
    ChoiceQuestion: _choice,
    TrueFalse: _true_false,
    Cloze: _cloze,
    ShortAnswer: _short_answer,
    Numeric: _numeric,
    Matching: _matching,
    Ordering: _ordering,
}
