"""The rating an auto-graded answer suggests; the student can always pick another."""

from __future__ import annotations

from fsrs import Rating


def suggest_rating(score: float | None, duration_ms: int | None, confident: bool | None,
                   fast_answer_s: float = 10.0) -> Rating | None:
    """Wrong → Again, partial → Hard, right → Good, right and fast (and not unsure) → Easy.

    `score` is the grade 0..1, or None for a self-graded question (no suggestion). "Unsure"
    (`confident=False`) lowers a right answer to Hard and a partial one to Again, since a guess
    that happened to land says little about memory.
    """
    if score is None:
        return None
    if score <= 0.0:
        return Rating.Again
    if score < 1.0 - 1e-9:
        return Rating.Again if confident is False else Rating.Hard
    if confident is False:
        return Rating.Hard
    fast = duration_ms is not None and duration_ms < fast_answer_s * 1000
    return Rating.Easy if fast else Rating.Good
