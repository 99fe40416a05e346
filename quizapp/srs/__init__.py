"""Spaced-repetition scheduling on top of the fsrs package. No Qt, no database."""

from fsrs import Rating

from quizapp.srs.config import SrsConfig
from quizapp.srs.days import day_start, next_day_start, study_day
from quizapp.srs.rating import suggest_rating
from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW, CardState, Srs

__all__ = ["LEARNING", "NEW", "RELEARNING", "REVIEW", "CardState", "Rating", "Srs", "SrsConfig",
           "day_start", "next_day_start", "study_day", "suggest_rating"]
