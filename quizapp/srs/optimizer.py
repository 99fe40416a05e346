"""Fitting FSRS parameters to the student's own review log.

With `fsrs-rs-python` (a dependency: the Rust FSRS core that Anki uses) the fit needs nothing else; fsrs's
own Optimizer (torch and pandas, `pip install "fsrs[optimizer]"`) is used only where that core is
missing. `optimizer_available()` says whether either is there.
"""

from __future__ import annotations

import importlib.util
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from fsrs import Rating, ReviewLog
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

MIN_REVIEWS = 1000  # fewer than this and the fit says more about noise than about the student

Review = tuple[int, int, int, int | None]  # card number, rating 1..4, reviewed_at seconds, duration ms


class OptimizerUnavailable(RuntimeError):
    """The optional optimizer dependencies are not installed, or there are too few reviews."""


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def optimizer_available() -> bool:
    return _has("fsrs_rs_python") or all(_has(m) for m in ("torch", "pandas"))


def optimize_parameters(reviews: Iterable[Review]) -> tuple[float, ...]:
    """Parameters fitted to (card number, rating 1..4, reviewed_at seconds, duration ms) rows."""
    rows = list(reviews)
    if len(rows) < MIN_REVIEWS:
        raise OptimizerUnavailable(f"needs at least {MIN_REVIEWS} reviews, has {len(rows)}")
    if _has("fsrs_rs_python"):
        return _fit_with_rust_core(rows)
    if not optimizer_available():
        raise OptimizerUnavailable("the optimizer needs fsrs-rs-python, or torch and pandas: "
                                   'pip install "fsrs[optimizer]"')
    from fsrs import Optimizer

    logs = [ReviewLog(card_id=card, rating=Rating(rating), review_datetime=datetime.fromtimestamp(at, UTC),
                      review_duration=duration) for card, rating, at, duration in rows]
    return tuple(Optimizer(logs).compute_optimal_parameters())


def _fit_with_rust_core(rows: list[Review]) -> tuple[float, ...]:
    """fsrs-rs's compute_parameters over one training item per review that came a day or more after the
    card's previous one, each item holding that card's reviews up to it (as Anki builds them), with the
    whole days since the previous review; the result is kept within fsrs's bounds, which Srs checks."""
    import fsrs_rs_python as rs

    by_card: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for card, rating, at, _duration in rows:
        by_card[card].append((at, rating))
    items = []
    for history in by_card.values():
        history.sort()
        reviews, last = [], None
        for at, rating in history:
            days = 0 if last is None else max(0, (at - last) // 86400)
            reviews.append(rs.FSRSReview(rating, days))
            last = at
            if len(reviews) > 1 and days > 0:
                items.append(rs.FSRSItem(list(reviews)))
    if not items:
        raise OptimizerUnavailable("needs reviews of the same questions on different days")
    fitted = rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)
    return tuple(min(max(float(p), lo), hi) for p, lo, hi in zip(fitted, LOWER_BOUNDS_PARAMETERS,
                                                                UPPER_BOUNDS_PARAMETERS, strict=True))
