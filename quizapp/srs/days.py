"""Study days: a day starts at the rollover hour (local time), not at midnight."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta


def study_day(now: datetime, rollover_hour: int) -> date:
    """The study day `now` (an aware, local datetime) belongs to."""
    return (now - timedelta(hours=rollover_hour)).date()


def day_start(now: datetime, rollover_hour: int) -> datetime:
    """When the study day containing `now` began, in `now`'s time zone."""
    return datetime.combine(study_day(now, rollover_hour), time(rollover_hour), tzinfo=now.tzinfo)


def next_day_start(now: datetime, rollover_hour: int) -> datetime:
    """When the next study day begins: buried cards come back, daily limits reset."""
    start = day_start(now, rollover_hour)
    return datetime.combine(start.date() + timedelta(days=1), time(rollover_hour), tzinfo=now.tzinfo)
