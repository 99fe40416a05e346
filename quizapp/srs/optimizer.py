"""Optional: fit FSRS parameters to the student's own review log with fsrs's Optimizer.

The optimizer needs torch and pandas (`pip install "fsrs[optimizer]"`); without them the app
keeps the default parameters and `optimizer_available()` says so.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable
from datetime import UTC, datetime

from fsrs import Rating, ReviewLog

MIN_REVIEWS = 1000  # fewer than this and the fit says more about noise than about the student


class OptimizerUnavailable(RuntimeError):
    """The optional optimizer dependencies are not installed, or there are too few reviews."""


def optimizer_available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("torch", "pandas"))


def optimize_parameters(reviews: Iterable[tuple[int, int, int, int | None]]) -> tuple[float, ...]:
    """Parameters fitted to (card number, rating 1..4, reviewed_at seconds, duration ms) rows."""
    logs = [ReviewLog(card_id=card, rating=Rating(rating), review_datetime=datetime.fromtimestamp(at, UTC),
                      review_duration=duration) for card, rating, at, duration in reviews]
    if len(logs) < MIN_REVIEWS:
        raise OptimizerUnavailable(f"needs at least {MIN_REVIEWS} reviews, has {len(logs)}")
    if not optimizer_available():
        raise OptimizerUnavailable('the optimizer needs torch and pandas: pip install "fsrs[optimizer]"')
    from fsrs import Optimizer

    return tuple(Optimizer(logs).compute_optimal_parameters())
