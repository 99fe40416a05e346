"""Suggested ratings from score, time and confidence; study days that start at the rollover hour."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from quizapp.srs import Rating, next_day_start, study_day, suggest_rating


@pytest.mark.parametrize(("score", "ms", "sure", "expected"), [
    (0.0, 3000, None, Rating.Again),
    (0.0, 3000, True, Rating.Again),
    (0.5, 3000, None, Rating.Hard),
    (0.5, 3000, False, Rating.Again),
    (1.0, 30000, None, Rating.Good),
    (1.0, 30000, True, Rating.Good),
    (1.0, 3000, None, Rating.Easy),
    (1.0, 3000, True, Rating.Easy),
    (1.0, 3000, False, Rating.Hard),
    (1.0, None, None, Rating.Good),
])
def test_suggested_rating(score, ms, sure, expected):
    assert suggest_rating(score, ms, sure, fast_answer_s=10) == expected


def test_self_rated_flashcards_get_no_suggestion():
    assert suggest_rating(None, 1000, None) is None


def test_the_study_day_starts_at_the_rollover_hour():
    late = datetime(2025, 3, 11, 3, 59, tzinfo=UTC)
    assert study_day(late, 4) == date(2025, 3, 10)
    assert study_day(late.replace(hour=4, minute=0), 4) == date(2025, 3, 11)
    assert next_day_start(late, 4) == datetime(2025, 3, 11, 4, 0, tzinfo=UTC)
    assert study_day(late, 0) == date(2025, 3, 11)


def test_rollover_is_local_wall_time_across_a_dst_change():
    paris = ZoneInfo("Europe/Paris")  # clocks go forward on 2025-03-30
    evening = datetime(2025, 3, 29, 22, 0, tzinfo=paris)
    assert next_day_start(evening, 4) == datetime(2025, 3, 30, 4, 0, tzinfo=paris)
