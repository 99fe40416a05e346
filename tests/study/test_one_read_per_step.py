"""A step reads its card once and schedules it once: the answer uses the card and the four outcomes
worked out when the question was shown, and is still exactly what scheduling afresh gives, also when the
card changed or a day boundary passed between showing and answering."""

from __future__ import annotations

from datetime import timedelta

from quizapp.study import FakeClock, Rating, StudyService
from tests.study.conftest import make_questions


def _study(folder, clock, questions, preview: bool, wait: timedelta, days: int = 6) -> dict:
    """A few days of study, answering each question `wait` after it was shown; the cards at the end."""
    service = StudyService.open(folder, clock)
    service.settings.set("fuzz", True)
    service.sync(questions)
    ratings = [Rating.Good, Rating.Again, Rating.Hard, Rating.Easy, Rating.Good]
    for day in range(days):
        session = service.start_session(questions, seed=day)
        for k in range(60):
            item = session.next()
            if item is None:
                break
            if preview:
                session.intervals(item.question_id)
            clock.advance(wait)
            session.answer(item.question_id, True, None, ratings[k % 5], 3000)
        clock.advance(days=1)
    rows = dict((r[0], r[1:]) for r in service.store.conn.execute(
        "SELECT question_id, state, step, stability, fsrs_difficulty, due, last_review, reps, lapses FROM cards"))
    service.close()
    return rows


def test_previewed_answers_are_scheduled_as_fresh_ones(tmp_path, clock):
    questions = make_questions(30)
    for wait in (timedelta(seconds=7), timedelta(hours=20)):  # 20 h: some answers cross a day count
        start = clock.now()
        fresh = _study(tmp_path / f"fresh{wait.seconds}", FakeClock(start), questions, False, wait)
        shown = _study(tmp_path / f"shown{wait.seconds}", FakeClock(start), questions, True, wait)
        assert shown == fresh
        assert any(r[6] for r in fresh.values())  # lapses happened: relearning steps were walked too


def test_a_card_suspended_between_showing_and_answering_stays_suspended(service, questions):
    session = service.start_session(questions)
    item = session.next()
    session.intervals(item.question_id)
    service.suspend(item.question_id)  # e.g. from the card's menu while it is on screen
    session.answer(item.question_id, True, None, Rating.Good, 3000)
    assert service.card(item.question_id).suspended
