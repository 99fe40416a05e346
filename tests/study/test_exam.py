"""Exams: blueprint validation, selection by blueprint and seed, marking, the clock, resume."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks
from quizapp.study.blueprint import Blueprint, Section, custom_blueprint, parse_blueprint
from quizapp.study.clock import FakeClock
from quizapp.study.exam import ExamError, ExamRun, mark_item, select_questions

VALID = Path(__file__).resolve().parents[1] / "bank" / "fixtures" / "valid"


@pytest.fixture(scope="module")
def questions():
    return load_banks([VALID]).questions


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


BLUEPRINT = """\
title: Sample quiz
time_limit: 10
pass_mark: 60
sections:
  - {topic: sample, count: 3, difficulty: 2}
  - {topic: sample, count: 2, tags: [chemistry]}
"""


def test_blueprint_parses(questions) -> None:
    bp, problems = parse_blueprint(BLUEPRINT, "quiz.yaml", questions)
    assert problems == []
    assert bp is not None and bp.size == 5 and bp.time_limit_s == 600 and bp.pass_mark == 0.6
    assert bp.sections[0] == Section(3, "sample", (2,), (), 5)


def test_section_asking_too_much_names_its_line(questions) -> None:
    text = BLUEPRINT.replace("count: 2, tags", "count: 40, tags")
    bp, problems = parse_blueprint(text, "quiz.yaml", questions)
    assert bp is None
    (p,) = problems
    assert (p.file, p.line) == ("quiz.yaml", 6)
    assert "asks for 40 questions; the banks have" in p.message


@pytest.mark.parametrize(("bad", "words"), [
    ("time_limit: -3", "'time_limit' is in minutes"),
    ("pass_mark: 150", "'pass_mark' is a percentage"),
])
def test_bad_settings_are_reported(questions, bad, words) -> None:
    text = BLUEPRINT.replace(BLUEPRINT.splitlines()[1 if "time" in bad else 2], bad)
    bp, problems = parse_blueprint(text, "q.yaml", questions)
    assert bp is None and any(words in p.message for p in problems)


def test_selection_honours_blueprint_and_seed(questions) -> None:
    bp, _ = parse_blueprint(BLUEPRINT, "quiz.yaml", questions)
    a = select_questions(bp, questions, seed=7)
    assert a == select_questions(bp, questions, seed=7)
    assert len(a) == len(set(a)) == 5
    assert sum(questions[q].difficulty == 2 for q in a) >= 3
    assert "s-flash" not in a  # self-rated cards are never exam questions
    assert {tuple(select_questions(bp, questions, seed=s)) for s in range(20)} != {tuple(a)}


def test_selection_fails_clearly_when_pool_too_small(questions) -> None:
    with pytest.raises(ExamError, match="needs 50 questions"):
        select_questions(Blueprint("x", (Section(50, "sample"),)), questions)


def test_marking_partial_credit_and_negative(questions) -> None:
    multi = questions["s-multi"]
    half = [0]  # one of two right choices
    assert mark_item(multi, half, Blueprint("x", ()))[0] == 0.5
    assert mark_item(multi, half, Blueprint("x", (), partial_credit=False))[0] == 0.0
    neg = Blueprint("x", (), negative_marking=True, penalty=0.25)
    assert mark_item(questions["s-single"], 1, neg)[0] == -0.25
    assert mark_item(questions["s-single"], None, neg)[0] == 0.0  # blank is never penalised
    assert mark_item(questions["s-single"], 0, neg)[0] == 1.0


def _answer_all_correctly(run: ExamRun, questions, clock) -> None:
    right = {"s-single": 0, "s-multi": [0, 1], "s-tf": True, "s-cloze": ["1962", "Stevens"],
             "s-short": "esketamine", "s-numeric": "237.7", "s-numeric-range": "2.5",
             "s-match": dict(questions["s-match"].pairs), "s-order": list(questions["s-order"].items),
             "s-sort": {i.text: i.group for i in questions["s-sort"].items}}
    for i, item in enumerate(run.items):
        run.go(i, clock)
        clock.advance(seconds=10)
        run.answer(right[item.question_id], clock)


def test_full_sitting_scores_by_topic_and_difficulty(questions, clock) -> None:
    bp = Blueprint("all", (Section(9, "sample"),), time_limit_s=600, pass_mark=0.8)
    run = ExamRun.start(bp, questions, clock, seed=3)
    _answer_all_correctly(run, questions, clock)
    run.answer(1, clock, index=[i.question_id for i in run.items].index("s-single"))  # one wrong
    score = run.submit(questions, clock)
    assert score.max_marks == 9 and score.marks == 8 and score.passed
    assert score.by_topic == {"sample": (8.0, 9)}
    assert sum(n for _, n in score.by_difficulty.values()) == 9
    assert [w.question_id for w in score.wrong()] == ["s-single"]
    assert all(i.seconds == pytest.approx(10) for i in score.items[:-1])
    with pytest.raises(ExamError):
        run.answer(0, clock)


def test_time_running_out_closes_the_exam(questions, clock) -> None:
    run = ExamRun.start(Blueprint("t", (Section(3, "sample"),), time_limit_s=60), questions, clock, seed=1)
    clock.advance(seconds=59)
    assert run.seconds_left(clock) == 1 and not run.expired(clock)
    clock.advance(seconds=5)
    assert run.expired(clock)
    with pytest.raises(ExamError, match="time is up"):
        run.answer(0, clock)
    score = run.submit(questions, clock)
    assert run.submitted_at == run.deadline  # submitted at the deadline, not when noticed
    assert score.marks == 0 and not score.passed


def test_resume_keeps_answers_flags_and_remaining_time(questions, clock) -> None:
    run = ExamRun.start(Blueprint("r", (Section(4, "sample"),), time_limit_s=300), questions, clock, seed=5)
    run.go(1, clock)
    run.answer("anything", clock)
    run.toggle_flag(clock)
    clock.advance(seconds=100)
    state = json.loads(json.dumps(run.to_state()))  # what the store keeps
    clock.advance(seconds=50)  # the app was closed for a while
    again = ExamRun.from_state(state, clock)
    assert again.items[1].response == "anything" and again.flagged() == [1]
    assert again.current == 1 and again.seconds_left(clock) == 150
    assert again.blueprint == run.blueprint


def test_custom_exam_spreads_over_topics(questions) -> None:
    bp = custom_blueprint(["sample"], 4, 5, questions)
    assert bp.size == 4 and bp.time_limit_s == 300
    assert len(select_questions(bp, questions, seed=1)) == 4


def test_unanswered_and_flagged_listed_before_submit(questions, clock) -> None:
    run = ExamRun.start(Blueprint("u", (Section(3, "sample"),)), questions, clock, seed=2)
    run.answer(["", ""], clock, index=0)
    run.toggle_flag(clock, index=2)
    assert run.unanswered() == [0, 1, 2] and run.flagged() == [2]
