"""Undo, bury, suspend, flag, leeches and resetting a topic."""

from __future__ import annotations

from datetime import UTC, datetime

from quizapp.study import Rating, Selection


def test_undo_restores_the_card_and_removes_the_log_row(service, questions):
    s = service.start_session(questions, seed=0)
    item = s.next()
    before = service.card(item.question_id)
    s.answer(item.question_id, True, None, Rating.Easy, 1000)
    assert service.card(item.question_id).srs.reps == 1
    assert s.undo() == item.question_id
    assert service.card(item.question_id) == before
    assert service.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (0,)
    assert s.next().question_id == item.question_id  # shown again
    assert service.today() == (0, 0)
    assert s.undo() is None


def test_undo_of_several_answers_in_reverse_order(service, questions):
    s = service.start_session(questions, seed=0)
    answered = []
    for _ in range(3):
        item = s.next()
        s.answer(item.question_id, True, None, Rating.Good, 1000)
        answered.append(item.question_id)
    assert [s.undo(), s.undo()] == answered[:0:-1]
    assert s.answered == 1
    assert s.remaining.new == 19


def test_buried_card_comes_back_at_the_next_study_day(service, questions, clock, drain):
    s = service.start_session(questions, seed=0)
    qid = s.next().question_id
    service.bury(qid)
    s.forget(qid)
    assert service.totals().buried == 1
    assert qid not in drain(s)
    clock.set(datetime(2025, 3, 11, 4, 0, tzinfo=UTC))
    assert service.totals().buried == 0
    assert qid in drain(service.start_session(questions))


def test_suspended_card_is_never_offered_until_unsuspended(service, questions, drain):
    service.settings.set("new_per_day", 100)
    service.suspend("q000")
    assert "q000" not in drain(service.start_session(questions))
    assert service.counts()["pk"].suspended == 1
    service.unsuspend("q000")
    assert service.counts()["pk"].suspended == 0


def test_a_card_forgotten_8_times_becomes_a_leech_and_may_be_suspended(service, questions, clock):
    service.settings.set("leech_action", "suspend")
    sel = Selection.of(topics=["pk"], difficulties=[1])
    service.settings.set("new_per_day", 1)
    s = service.start_session(questions, sel)
    qid = s.next().question_id
    s.answer(qid, True, None, Rating.Easy, 1000)
    service.settings.set("new_per_day", 0)
    outcomes = []
    for _ in range(8):  # each day: forget it (a lapse), then relearn it
        clock.advance(days=200)
        s = service.start_session(questions, sel)
        assert s.next().question_id == qid
        outcomes.append(s.answer(qid, False, None, Rating.Again, 1000))
        clock.advance(minutes=10)
        if s.next() is not None:
            s.answer(qid, True, None, Rating.Easy, 1000)
    assert [o.became_leech for o in outcomes] == [False] * 7 + [True]
    card = service.card(qid)
    assert card.leech and card.suspended and card.srs.lapses == 8
    assert service.counts()["pk"].leeches == 1


def test_flag_and_unflag(service):
    service.flag("q001", "typo in the answer")
    assert service.card("q001").flag_reason == "typo in the answer"
    service.unflag("q001")
    assert not service.card("q001").flagged


def test_reset_topic_makes_its_cards_new_and_keeps_the_log(service, questions, drain):
    drain(service.start_session(questions, seed=0), Rating.Easy)
    studied = service.counts()["pk"].studied
    assert studied > 0
    assert service.reset_topic("pk") == 20
    assert service.counts()["pk"].new == 20 and service.counts()["pk"].studied == 0
    assert service.counts()["pd"].studied > 0
    assert service.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0] == 20
