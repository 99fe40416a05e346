"""Study days for statistics: consecutive days in the clock's zone, and SQL time buckets folded into them.

A study day starts at the rollover hour (quizapp.srs.days), so "today" and "per day" here agree with the
daily limits and the home screen. SQL groups rows into 15-minute buckets counted from the first day's
start; Python folds the few thousand buckets into days. That keeps the day arithmetic (time zone,
daylight saving) in Python while SQLite still does the per-row work: every UTC offset is a whole number
of quarter hours, so no study-day boundary falls inside a bucket.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, tzinfo

BUCKET_S = 900


def day_start_ts(day: date, rollover_hour: int, tz: tzinfo | None) -> int:
    """Unix time at which study day `day` begins."""
    return int(datetime.combine(day, time(rollover_hour), tzinfo=tz).timestamp())


class DayGrid:
    """The study days `first`..`last` (inclusive), their start times, and bucket folding."""

    def __init__(self, first: date, last: date, rollover_hour: int, tz: tzinfo | None) -> None:
        count = max(0, (last - first).days + 1)
        self.days = [first + timedelta(days=k) for k in range(count)]
        self.starts = [day_start_ts(d, rollover_hour, tz) for d in [*self.days, last + timedelta(days=1)]]

    @property
    def origin(self) -> int:
        return self.starts[0]

    @property
    def end(self) -> int:
        return self.starts[-1]

    def __len__(self) -> int:
        return len(self.days)

    def index(self, ts: int) -> int:
        """The day `ts` falls in (-1 before the first, len(self) after the last)."""
        return min(bisect_right(self.starts, ts) - 1, len(self.days))

    def fold(self, rows: Iterable[Sequence[int | float | None]], width: int) -> list[list[float]]:
        """Rows of (bucket, *sums) from `bucket_sql` → per day, `width` sums each (None counts as 0)."""
        out = [[0.0] * width for _ in self.days]
        for bucket, *sums in rows:
            k = self.index(self.origin + int(bucket) * BUCKET_S)
            if 0 <= k < len(out):
                acc = out[k]
                for j, v in enumerate(sums):
                    acc[j] += v or 0
        return out


def bucket_sql(column: str) -> str:
    """The SQL expression of a row's bucket, given `:origin` as a named parameter (negative → 0)."""
    return f"max(0, ({column} - :origin) / {BUCKET_S})"
