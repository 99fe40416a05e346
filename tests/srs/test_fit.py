"""Fitting FSRS to a student's reviews with the Rust core (fsrs-rs-python), no torch needed: parameters
fsrs accepts, that move the way the student's memory does."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from fsrs.scheduler import DEFAULT_PARAMETERS

from quizapp.srs import CardState, Rating, Srs, SrsConfig
from quizapp.srs.optimizer import optimize_parameters, optimizer_available

START = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


def _student(forgets: float, cards: int = 300, seed: int = 2) -> list[tuple[int, int, int, int]]:
    """Reviews of `cards` questions scheduled by FSRS over months; the student forgets with chance `forgets`."""
    rng, srs, rows = random.Random(seed), Srs(SrsConfig(fuzz=False)), []
    for card in range(cards):
        state, when = CardState(), START + timedelta(minutes=card)
        for _ in range(8):
            rating = Rating.Again if rng.random() < forgets else rng.choice([Rating.Hard, Rating.Good, Rating.Good])
            rows.append((card, int(rating), int(when.timestamp()), 4000))
            state = srs.review(state, rating, when, str(card))
            when = datetime.fromtimestamp(state.due, UTC)
    return rows


def test_parameters_are_fitted_without_torch_and_fsrs_accepts_them():
    assert optimizer_available()
    fitted = optimize_parameters(_student(0.1))
    assert len(fitted) == len(DEFAULT_PARAMETERS) and fitted != tuple(DEFAULT_PARAMETERS)
    Srs(SrsConfig(parameters=fitted))  # within fsrs's bounds: the scheduler takes them


def test_a_forgetful_student_gets_shorter_intervals_than_one_who_remembers():
    def good_interval(forgets: float) -> int:
        srs = Srs(SrsConfig(parameters=optimize_parameters(_student(forgets)), fuzz=False))
        learnt = srs.review(srs.review(CardState(), Rating.Good, START), Rating.Good, START + timedelta(minutes=10))
        later = START + timedelta(days=10)
        return srs.review(learnt, Rating.Good, later).due - int(later.timestamp())

    assert good_interval(0.45) < good_interval(0.03)
