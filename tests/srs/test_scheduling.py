"""FSRS scheduling of single cards: previews, lapses, reproducible fuzz, recall over time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from quizapp.srs import LEARNING, NEW, RELEARNING, REVIEW, CardState, Rating, Srs, SrsConfig
from quizapp.srs.optimizer import OptimizerUnavailable, optimize_parameters

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def _graduated(srs: Srs) -> CardState:
    return srs.review(CardState(), Rating.Easy, NOW, "q")


def test_a_new_card_walks_the_learning_steps():
    srs = Srs(SrsConfig(learning_steps_min=(1.0, 10.0)))
    card = CardState()
    assert srs.preview(card, NOW)[Rating.Again] == timedelta(minutes=1)
    assert srs.preview(card, NOW)[Rating.Good] == timedelta(minutes=10)
    card = srs.review(card, Rating.Good, NOW)
    assert (card.state, card.step, card.reps) == (LEARNING, 1, 1)
    card = srs.review(card, Rating.Good, NOW + timedelta(minutes=10))
    assert card.state == REVIEW and card.due - card.last_review >= 86400


def test_forgetting_a_review_card_is_a_lapse_and_relearns():
    srs = Srs(SrsConfig())
    card = _graduated(srs)
    later = NOW + timedelta(days=30)
    card = srs.review(card, Rating.Again, later, "q")
    assert (card.state, card.lapses) == (RELEARNING, 1)
    assert card.due - int(later.timestamp()) == 600


def test_preview_is_what_review_gives_even_with_fuzz():
    srs = Srs(SrsConfig(fuzz=True))
    card = _graduated(srs)
    for days in (3, 20, 90):
        when = NOW + timedelta(days=days)
        preview = srs.preview(card, when, "q7")
        for rating in Rating:
            after = srs.review(card, rating, when, "q7")
            assert timedelta(seconds=after.due - int(when.timestamp())) == preview[rating]


def test_fuzz_spreads_cards_that_were_learnt_together():
    srs = Srs(SrsConfig(fuzz=True))
    card = srs.review(_graduated(srs), Rating.Good, NOW + timedelta(days=15), "x")
    dues = {srs.review(card, Rating.Good, NOW + timedelta(days=60), f"q{i}").due for i in range(30)}
    assert len(dues) > 3
    no_fuzz = Srs(SrsConfig(fuzz=False))
    assert len({no_fuzz.review(card, Rating.Good, NOW + timedelta(days=60), f"q{i}").due for i in range(30)}) == 1


def test_higher_ratings_never_give_shorter_intervals():
    srs = Srs(SrsConfig(fuzz=False))
    card = _graduated(srs)
    p = srs.preview(card, NOW + timedelta(days=10))
    assert p[Rating.Again] < p[Rating.Hard] <= p[Rating.Good] <= p[Rating.Easy]


def test_maximum_interval_is_respected():
    srs = Srs(SrsConfig(maximum_interval_days=7, fuzz=False))
    card = _graduated(srs)
    for step in range(5):
        card = srs.review(card, Rating.Easy, NOW + timedelta(days=7 * (step + 1)), "q")
        assert card.due - card.last_review <= 7 * 86400


def test_recall_falls_with_time_and_is_zero_for_unseen_cards():
    srs = Srs(SrsConfig())
    card = _graduated(srs)
    r = [srs.retrievability(card, NOW + timedelta(days=d)) for d in (0, 5, 50)]
    assert r[0] == pytest.approx(1.0) and r[0] > r[1] > r[2] > 0
    assert srs.retrievability(CardState(state=NEW), NOW) == 0.0


def test_the_optimizer_refuses_too_few_reviews():
    with pytest.raises(OptimizerUnavailable, match="at least"):
        optimize_parameters([(1, 3, 1_700_000_000, 1000)] * 10)


def test_the_service_says_why_it_cannot_optimise_yet(tmp_path):
    from quizapp.study import FakeClock, StudyService

    with StudyService.open(tmp_path, FakeClock(NOW)) as svc:
        with pytest.raises(OptimizerUnavailable, match="reviews"):
            svc.optimize_parameters()
        assert svc.settings.get("fsrs_parameters") == []
