"""A step reads its card once and schedules it once: the answer uses the card and the four outcomes
worked out when the question was shown (or read ahead before it was), and is still exactly what
scheduling afresh gives, also when the card changed or a day boundary passed in between."""

from __future__ import annotations

from datetime import timedelta

from quizapp.study import FakeClock, Rating, StudyService
from tests.study.conftest import make_questions


def _study(folder, clock, questions, preview: bool, wait: timedelta, days: int = 6, ahead: bool = False) -> dict:
    """A few days of study, answering each question `wait` after it was shown; the cards at the end.
    ahead: read the next questions ahead (prepare_next) after each answer, `wait` before the next shows."""
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
            if ahead:
                session.prepare_next()
            clock.advance(wait)
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
        ahead = _study(tmp_path / f"ahead{wait.seconds}", FakeClock(start), questions, True, wait, ahead=True)
        assert shown == fresh == ahead
        assert any(r[6] for r in fresh.values())  # lapses happened: relearning steps were walked too


def test_a_card_changed_after_it_was_read_ahead_is_read_again(service, questions):
    session = service.start_session(questions, seed=2)
    first = session.next()
    session.answer(first.question_id, True, None, Rating.Good, 3000)
    session.prepare_next()
    for qid in list(session._ahead):
        service.suspend(qid)  # e.g. a bulk action while the feedback was read
    item = session.next()
    assert item is not None and item.question_id not in session._ahead  # the suspended ones are skipped


def test_a_card_changed_while_another_is_on_screen_is_read_again(service, questions):
    session = service.start_session(questions, seed=2)
    shown = session.next()
    session.prepare_next()  # the app's idle moment while `shown` is on screen
    ahead = [qid for qid in session._ahead if qid != shown.question_id]
    for qid in ahead:
        service.suspend(qid)
    session.answer(shown.question_id, True, None, Rating.Good, 3000)
    item = session.next()
    assert ahead and (item is None or item.question_id not in ahead)


def test_a_card_suspended_between_showing_and_answering_stays_suspended(service, questions):
    session = service.start_session(questions)
    item = session.next()
    session.intervals(item.question_id)
    service.suspend(item.question_id)  # e.g. from the card's menu while it is on screen
    session.answer(item.question_id, True, None, Rating.Good, 3000)
    assert service.card(item.question_id).suspended
