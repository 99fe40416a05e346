"""Classical item statistics: facility, point-biserial discrimination, the upper–lower 27 % index, medians.

Pure functions over plain numbers, so the report's figures can be checked by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

UPPER_LOWER_SHARE = 0.27  # Kelley's 27 %: the top and bottom groups by total


def facility(correct: Sequence[bool]) -> float | None:
    """Share of responses that are correct (Moodle's facility index, as a fraction)."""
    return sum(correct) / len(correct) if correct else None


def point_biserial(correct: Sequence[bool], totals: Sequence[float]) -> float | None:
    """Correlation between getting the item right and the student's total: (M1 − M0) / s · √(p·q).

    s is the population standard deviation of the totals of those who answered. None when it cannot be
    computed: fewer than two responses, everyone right or everyone wrong, or all totals equal.
    """
    n = len(correct)
    if n < 2 or n != len(totals):
        return None
    right = [t for c, t in zip(correct, totals, strict=True) if c]
    wrong = [t for c, t in zip(correct, totals, strict=True) if not c]
    if not right or not wrong:
        return None
    mean = sum(totals) / n
    sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / n)
    if sd <= 1e-12:
        return None
    p = len(right) / n
    return (sum(right) / len(right) - sum(wrong) / len(wrong)) / sd * math.sqrt(p * (1 - p))


def group_size(n: int, share: float = UPPER_LOWER_SHARE) -> int:
    """How many students make the upper (and the lower) group: 27 % of n rounded, at least one."""
    return max(1, round(share * n))


def upper_lower(scored: Sequence[tuple[str, float, bool]], share: float = UPPER_LOWER_SHARE) -> float | None:
    """D = p(upper) − p(lower) over (student, total, correct) triples, one per student.

    Students are ranked by total, highest first, ties by student name (so the cut is reproducible); the
    upper group is the first group_size(n), the lower the last. None below two students.
    """
    if len(scored) < 2:
        return None
    ranked = sorted(scored, key=lambda s: (-s[1], s[0]))
    k = group_size(len(ranked), share)
    upper, lower = ranked[:k], ranked[-k:]
    return sum(s[2] for s in upper) / k - sum(s[2] for s in lower) / k


def median(values: Sequence[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2
