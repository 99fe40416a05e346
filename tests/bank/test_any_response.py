"""Every registered type's grader takes any JSON value as a response: a score from 0 to 1, never an exception.

Responses come back from the review log, exam sittings and imported progress files as JSON, written
by an older bank (the question may have changed type since), another computer or a hand edit. Each
type's own hooks must cope, not only the `grade()` wrapper: the misconceptions panel and the exam
report call `wrong_parts` and `response_text` directly.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import pytest
from any_json import one_of_each_type, responses
from hypothesis import HealthCheck, example, given, settings

from quizapp.bank.grading import Result
from quizapp.bank.model import Question
from quizapp.bank.types import TYPES

QUESTIONS = one_of_each_type()
ROUNDS = int(os.environ.get("QUIZAPP_FAULT_ROUNDS", "1"))  # more examples for a longer soak


def _check(question: Question, response: Any) -> Result:
    result = question.grade(response)
    assert isinstance(result, Result)
    assert math.isfinite(result.score) and 0.0 <= result.score <= 1.0, result
    if not result.answered:
        assert result.score == 0.0, (response, result)
    for part in result.parts:
        assert isinstance(part.given, str) and isinstance(part.expected, str) and isinstance(part.label, str)
    text = question.response_text(response)
    assert isinstance(text, str)
    for given_, expected, why, own in question.wrong_parts(response):
        assert isinstance(given_, str) and isinstance(expected, str) and isinstance(why, str)
        assert isinstance(own, bool)
    return result


def test_every_registered_type_has_a_sample_question() -> None:
    assert sorted(QUESTIONS) == sorted(t.name for t in TYPES)


@pytest.mark.parametrize("name", [t.name for t in TYPES])
def test_any_json_response_scores_within_0_and_1_and_never_raises(name: str) -> None:
    question = QUESTIONS[name]

    @settings(max_examples=120 * ROUNDS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(responses(question))
    @example(10**400)
    @example([10**400])
    @example({"": 10**400})
    @example(float("nan"))
    @example(["\ud800"])
    def check(response: Any) -> None:
        result = _check(question, response)
        # the review log keeps the response as JSON: the same response read back grades the same
        try:
            again = json.loads(json.dumps(response))
        except ValueError:  # an integer beyond json's digit limit cannot be stored at all
            return
        assert question.grade(again).score == result.score

    check()


@pytest.mark.parametrize("name", [t.name for t in TYPES])
def test_a_response_the_grader_calls_unanswered_names_no_misconception(name: str) -> None:
    """wrong_parts reads a response as grade does: what grade calls no answer holds no wrong answer."""
    question = QUESTIONS[name]

    @settings(max_examples=60 * ROUNDS, deadline=None)
    @given(responses(question))
    @example(2)  # a single choice's index given to a multiple choice (the type changed since)
    @example([2])  # and the other way round
    def check(response: Any) -> None:
        if not question.grade(response).answered:
            assert list(question.wrong_parts(response)) == []

    check()
