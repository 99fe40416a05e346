"""Where "now" comes from: the system clock in the app, a clock the test moves by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in the student's local zone (day rollover uses it)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().astimezone()


class FakeClock:
    """A clock for tests and simulations: starts at `start` and moves only when told."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs a timezone-aware start")

    def now(self) -> datetime:
        return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        """Move forward by `delta` or by timedelta keyword arguments (days=1, minutes=10, …)."""
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when
