"""Card info: every answer with the state FSRS gave the card after it, practice answers marked as such."""

from __future__ import annotations

from datetime import timedelta

import pytest

from quizapp.srs.scheduling import LEARNING, NEW, REVIEW
from quizapp.study import Rating
from quizapp.study.bulk import CardEditor
from quizapp.study.card_info import card_info


def _answer(service, questions, qid: str, rating: Rating, ms: int = 3000) -> None:
    service.start_session(questions).answer(qid, True, None, rating, ms)


def test_each_review_shows_the_state_interval_and_recall_it_led_to(service, questions, clock) -> None:
    _answer(service, questions, "q000", Rating.Good, 4000)
    clock.advance(minutes=10)
    _answer(service, questions, "q000", Rating.Good, 2500)
    clock.advance(days=5)
    _answer(service, questions, "q000", Rating.Again, 9000)
    info = card_info(service, "q000")
    assert [a.rating for a in info.answers] == [3, 3, 1]
    assert [a.duration_ms for a in info.answers] == [4000, 2500, 9000]
    first, second, third = info.answers
    assert first.state_after == LEARNING and first.interval == timedelta(minutes=10)
    assert first.recall is None  # nothing to forget before the first answer
    assert second.state_after == REVIEW and second.interval >= timedelta(days=1)
    assert 0 < third.recall < 1 and third.stability < second.stability  # a lapse: memory weaker
    card = service.card("q000")
    assert (third.stability, third.difficulty) == (card.srs.stability, card.srs.difficulty)
    assert info.retrievability == pytest.approx(service.srs().retrievability(card.srs, clock.now()))


def test_history_reads_right_across_a_reset(service, questions, clock) -> None:
    _answer(service, questions, "q001", Rating.Easy)
    before_reset = service.card("q001").srs
    CardEditor(service).apply("reset", ["q001"])
    clock.advance(days=1)
    _answer(service, questions, "q001", Rating.Good)
    info = card_info(service, "q001")
    first, second = info.reviews
    # the snapshot after the first answer is the reset card: card info works the state out again
    assert first.state_after == before_reset.state and first.stability == pytest.approx(before_reset.stability)
    assert second.state_after == LEARNING


def test_practice_answers_are_listed_without_a_state(service, questions) -> None:
    from quizapp.study.custom import PracticeSession
    from quizapp.study.queues import Queues

    session = PracticeSession(service.store, service.srs(), questions, Queues(), clock=service.clock.now,
                              day_end=0, seed=1)
    session.answer("q002", True, None, Rating.Hard, 1500)
    info = card_info(service, "q002")
    [answer] = info.answers
    assert answer.practice and answer.rating == 2 and answer.state_after is None
    assert info.reviews == () and info.card.srs.state == NEW and info.retrievability is None


def test_a_question_without_a_card_has_no_info(service) -> None:
    assert card_info(service, "nope") is None
