"""A question that changes type under the same id (an ordinary bank edit) is a content change.

Its card is flagged "content changed" and keeps its schedule; the misconceptions panel, exam review,
the exam report and "drill my mistakes" regrade the responses stored for the old type against the new
question without an error (a response the new type cannot read names no mistake and scores 0).
Every registered type is changed into every other.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest
from any_json import one_of_each_type

from quizapp.bank.grading import grade
from quizapp.bank.model import Question
from quizapp.bank.types import TYPES
from quizapp.study import FakeClock, Rating, StudyService, exam_store
from quizapp.study.blueprint import Blueprint, Section
from quizapp.study.exam import ExamRun
from quizapp.study.exam_report import report_html
from quizapp.study.stats import compute_stats
from quizapp.study.sync import CHANGED

# A wrong answer in each type's own response shape (as its widget gives it)
WRONG = {"flashcard": False, "single_choice": 2, "multiple_choice": [0, 2], "true_false": False,
         "cloze": ["1970", "Smith"], "short_answer": "propofol", "numeric": "12",
         "matching": {"Ketamine": "GABA-A receptor", "Propofol": "NMDA receptor"},
         "ordering": ["FDA approval", "First synthesis", "First human study", "US Schedule III"],
         "categorise": {"Ketamine": "GABA-A receptor", "Memantine": "GABA-A receptor"}}


SAMPLES = one_of_each_type()
PAIRS = [(a.name, b.name) for a in TYPES for b in TYPES if a.name != b.name]


def _as(kind: str, qid: str) -> Question:
    q = dataclasses.replace(SAMPLES[kind], id=qid, topic="sample", replaces=())
    q.content_hash = q.compute_hash()
    return q


def test_every_type_has_a_wrong_answer_here() -> None:
    assert sorted(WRONG) == sorted(t.name for t in TYPES)


@pytest.fixture
def changed(tmp_path: Path):
    """Progress on every type (two wrong answers each and an exam), then every id turned into another type."""
    clock = FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    before = {f"{a}>{b}": _as(a, f"{a}>{b}") for a, b in PAIRS}
    after = {f"{a}>{b}": _as(b, f"{a}>{b}") for a, b in PAIRS}
    service = StudyService.open(tmp_path / "data", clock)
    service.sync(before)
    session = service.start_session(before)
    for _ in range(2):
        for qid, q in before.items():
            response = WRONG[q.qtype]
            session.answer(qid, response, grade(q, response), Rating.Again, 3000)
            clock.advance(minutes=1)
    exam = [qid for qid, q in before.items() if not q.self_graded]
    blueprint = Blueprint("All", (Section(len(exam), "sample", tags=()),), time_limit_s=None, pass_mark=0.5)
    run = ExamRun.start(blueprint, {k: before[k] for k in exam}, clock, seed=1)
    attempt_id = exam_store.begin(service, run)
    for i, item in enumerate(run.items):
        run.go(i, clock)
        run.answer(WRONG[before[item.question_id].qtype], clock)
    exam_store.finish(service, attempt_id, run, run.submit(before, clock))
    yield service, before, after, attempt_id
    service.close()


def test_a_type_change_flags_the_card_and_every_reader_copes(changed) -> None:
    service, before, after, attempt_id = changed
    report = service.sync(after)
    assert sorted(report.changed) == sorted(after)  # a type change is a content change
    for qid in after:
        card = service.card(qid)
        assert card is not None and card.flagged and card.flag_reason == CHANGED and card.srs.reps == 2

    # the misconceptions panel regrades the stored responses against the new questions
    stats = compute_stats(service, after, parallel=False)
    for m in stats.misconceptions:
        for qid in m.question_ids:
            # a mistake named for a changed question must be one its new type reads in the old response
            new = after[qid]
            old_response = WRONG[before[qid].qtype]
            assert grade(new, old_response).answered, (qid, m)

    # exam review, the report and "drill my mistakes" regrade each stored response too
    attempt = exam_store.attempt(service, attempt_id)
    for item in attempt.items:
        result = grade(after[item.question_id], item.response)
        assert 0.0 <= result.score <= 1.0
    html = report_html(attempt, after, {})
    assert all(escape(after[i.question_id].prompt) in html for i in attempt.items)
    outcome = exam_store.schedule_mistakes(service, attempt_id, after)
    assert outcome.scheduled + outcome.skipped + outcome.already == len(attempt.mistakes())
    compute_stats(service, after, parallel=False)  # and the drill's reviews read back as well
