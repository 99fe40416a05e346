"""A finished mock exam, and the mistakes drilled from it, reach the student's other computer."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank.loader import load_banks
from quizapp.study import exam_store
from quizapp.study.blueprint import Blueprint, Section
from quizapp.study.exam import ExamRun

VALID = Path(__file__).resolve().parents[1] / "bank" / "fixtures" / "valid"
SEVEN = Blueprint("Seven", (Section(7, "sample", tags=()),), time_limit_s=600, pass_mark=0.6)
WRONG = {"s-single": 2, "s-multi": [0, 2], "s-tf": False, "s-cloze": ["1970", "Smith"], "s-short": "propofol",
         "s-numeric": "12", "s-numeric-range": "40"}


@pytest.fixture(scope="module")
def bank():
    loaded = load_banks([VALID])
    return {k: q for k, q in loaded.questions.items() if k not in ("s-match", "s-order", "s-sort")}


def test_a_finished_exam_and_its_drilled_mistakes_reach_the_other_computer(computers, sync_dir, bank):
    laptop, desktop = computers("laptop", bank=bank), computers("desktop", bank=bank)
    run = ExamRun.start(SEVEN, bank, laptop.clock, seed=1)
    attempt_id = exam_store.begin(laptop.service, run)
    for i, item in enumerate(run.items):
        run.go(i, laptop.clock)
        laptop.clock.advance(seconds=10)
        run.answer(WRONG[item.question_id], laptop.clock)
    exam_store.finish(laptop.service, attempt_id, run, run.submit(bank, laptop.clock))
    unfinished = exam_store.begin(laptop.service, ExamRun.start(SEVEN, bank, laptop.clock, seed=2))
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    [theirs] = exam_store.history(desktop.service)
    [mine] = exam_store.history(laptop.service)
    assert (theirs.title, theirs.marks, theirs.max_marks, theirs.passed) == (mine.title, mine.marks, mine.max_marks,
                                                                             mine.passed)
    assert [i.question_id for i in theirs.items] == [i.question_id for i in mine.items]
    assert exam_store.unfinished(desktop.service) is None  # a sitting in progress stays where it is
    assert exam_store.unfinished(laptop.service).id == unfinished

    drilled = exam_store.schedule_mistakes(laptop.service, attempt_id, bank)
    assert drilled.scheduled == 7
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    [theirs] = exam_store.history(desktop.service)
    assert set(theirs.drilled) == set(exam_store.history(laptop.service)[0].drilled) == set(WRONG)
    # Pressing "drill my mistakes" on the desktop now records nothing twice.
    again = exam_store.schedule_mistakes(desktop.service, theirs.id, bank)
    assert (again.scheduled, again.already) == (0, 7)
    assert laptop.state() == desktop.state()
    # The desktop's local ids of the drilled answers are its own.
    log_ids = {r[0] for r in desktop.service.store.conn.execute("SELECT id FROM review_log")}
    assert set(theirs.drilled.values()) <= log_ids
