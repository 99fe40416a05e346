"""What a response chose, for any question type: distractor counts from the grader's parts.

Nothing here names a question type. A question that offers options (a field holding objects with `text`
and `correct`, as choices do) has distractors: its wrong options, counted when a response picks one
(a part graded wrong under that option's text). Any other question counts its wrong parts as
"label: what was given" (a gap's wrong word, a wrong match). Answers to an older version of a question
(another content hash) cannot be graded against today's bank: their wrong responses are counted as given.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from quizapp.bank.grading import grade
from quizapp.bank.model import Question


def _is_option(x: object) -> bool:
    return isinstance(getattr(x, "text", None), str) and isinstance(getattr(x, "correct", None), bool)


def distractors(question: Question) -> tuple[str, ...] | None:
    """The wrong options a question offers, in bank order; None when it offers no options."""
    for f in dataclasses.fields(question):
        value = getattr(question, f.name, None)
        if isinstance(value, tuple | list) and value and all(_is_option(x) for x in value):
            return tuple(x.text for x in value if not x.correct)
    return None


def wrong_choices(question: Question, response: Any, offered: tuple[str, ...] | None) -> set[str]:
    """The distractors (or, without options, the wrong 'label: given' parts) in one response."""
    parts = grade(question, response).parts
    if offered is not None:
        wrong = set(offered)
        return {p.label for p in parts if not p.ok and p.label in wrong}
    return {f"{p.label}: {p.given.strip() or '(blank)'}" for p in parts if not p.ok}
