"""Exam review puts a stored response back into a fresh widget: any JSON value, of any type's shape, is safe.

A sitting is reviewed against the current banks, so the question may have changed type since the
response was stored (or the attempt came from an imported progress file). Restoring it and showing
the grade must never raise; what the widget then gives back grades as the stored response did when
the widget could read it, and as a fresh widget's otherwise.
"""

from __future__ import annotations

from typing import Any

import pytest
from any_json import one_of_each_type, responses
from hypothesis import HealthCheck, example, given, settings

from quizapp.bank.grading import grade
from quizapp.bank.types import TYPES
from quizapp.ui.exam.widgets import exam_widget, restore

QUESTIONS = one_of_each_type()


@pytest.mark.parametrize("name", [t.name for t in TYPES])
def test_any_stored_response_restores_into_the_widget_without_an_error(qtbot, name: str) -> None:
    question = QUESTIONS[name]

    @settings(max_examples=40, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(responses(question))
    @example(True)  # a bool is not a choice index
    @example({"Ketamine": ["NMDA receptor"]})  # a list where a matching's right-hand side belongs
    @example(10**400)
    def check(response: Any) -> None:
        widget, fresh = (exam_widget(question, f"review:{question.id}", question.option_order(None), None)
                         for _ in range(2))
        qtbot.addWidget(widget)
        qtbot.addWidget(fresh)
        restore(widget, response)
        stored, shown = grade(question, response), grade(question, widget.response())
        if not question.self_graded:
            if stored.answered:  # the review shows what was given
                assert shown.score == stored.score
            else:  # and nothing for what the type cannot read
                untouched = grade(question, fresh.response())
                assert (shown.score, shown.answered) == (untouched.score, untouched.answered)
        widget.show_result(stored)
        widget.deleteLater()
        fresh.deleteLater()

    check()
