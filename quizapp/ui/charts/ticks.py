"""Round axis ticks: 1, 2 or 5 × 10^n steps for numbers, and whole days, weeks, months or years for dates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from quizapp.ui.i18n import tr

STEPS = (1, 2, 5)


def nice_step(span: float, max_ticks: int, integer: bool = False) -> float:
    """The smallest 1/2/5 × 10^n step that cuts 0..`span` into at most `max_ticks` - 1 parts (at least 1
    on an integer axis: there is no half a question)."""
    parts = max(1, max_ticks - 1)
    raw = span / parts if span > 0 else 1.0
    exponent = math.floor(math.log10(raw))
    for power in (exponent, exponent + 1):
        for mantissa in STEPS:
            step = mantissa * 10.0 ** power
            if step >= raw * (1 - 1e-9):
                return max(1.0, step) if integer else step
    return 10.0 ** (exponent + 1)  # not reached: 10^(e+1) >= raw always


@dataclass(frozen=True)
class Scale:
    """A value axis from `low` to `high` in steps of `step`; labels with `decimals` places."""

    low: float
    high: float
    step: float
    decimals: int
    percent: bool = False

    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + k * self.step, self.decimals) for k in range(count + 1)]

    def label(self, value: float) -> str:
        text = f"{value:.{self.decimals}f}"
        return tr("{} %").format(text) if self.percent else text

    def fraction(self, value: float) -> float:
        """Where `value` lies along the axis, 0 at `low` and 1 at `high`."""
        return (value - self.low) / (self.high - self.low) if self.high > self.low else 0.0


def value_scale(top: float, max_ticks: int, integer: bool = False, percent: bool = False) -> Scale:
    """0 up to a round value at or above `top` (always 100 for a percentage), with round steps."""
    if percent:
        top = 100.0
    top = max(top, 1.0 if integer or percent else 0.0)
    if top < 1e-9:  # nothing to show (or too little to tell from nothing): a 0..1 axis
        top = 1.0
    step = nice_step(top, max_ticks, integer)
    high = math.ceil(top / step - 1e-9) * step
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return Scale(0.0, high, step, decimals, percent)


def day_number(when: date | datetime) -> float:
    """A date or a moment as days since 1 January of year 1 (date.toordinal), with the time as a fraction."""
    if isinstance(when, datetime):
        midnight = datetime.combine(when.date(), datetime.min.time(), when.tzinfo)
        return when.toordinal() + (when - midnight).total_seconds() / 86400
    return float(when.toordinal())


def _months_from(first: date, months: int, last: date) -> list[date]:
    """The 1st of every `months`-th month (January-aligned) from `first` to `last`."""
    index = first.year * 12 + first.month - 1
    index += -index % months
    if date(index // 12, index % 12 + 1, 1) < first:
        index += months
    out = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        out.append(day)
        index += months
    return out


def date_ticks(low: float, high: float, max_ticks: int) -> tuple[list[date], str]:
    """Round dates in the day numbers `low`..`high`, at most `max_ticks` of them: every day, second day,
    Monday, second Monday, or the 1st of every 1, 2, 3 or 6 months, or January of every 1, 2, 5, 10… years.
    Also says which ("day", "month" or "year"), for the labels."""
    first = date.fromordinal(max(1, math.ceil(low - 1e-9)))
    last = date.fromordinal(max(1, math.floor(high + 1e-9)))
    max_ticks = max(2, max_ticks)
    days = (last - first).days + 1
    for step in (1, 2):
        if days / step <= max_ticks:
            return [first + timedelta(days=k) for k in range(0, days, step)], "day"
    monday = first + timedelta(days=-first.weekday() % 7)
    for weeks in (1, 2):
        ticks = [monday + timedelta(weeks=k) for k in range(0, (last - monday).days // 7 + 1, weeks)]
        if len(ticks) <= max_ticks:
            return ticks, "day"
    for months in (1, 2, 3, 6):
        ticks = _months_from(first, months, last)
        if len(ticks) <= max_ticks:
            return ticks, "month"
    years = int(nice_step((last.year - first.year) or 1, max_ticks, integer=True))
    start = first.year if first == date(first.year, 1, 1) else first.year + 1
    start += -start % years
    return [date(y, 1, 1) for y in range(start, last.year + 1, years)], "year"


def date_label(day: date, unit: str, first: bool = False) -> str:
    """"3 Dec" for days and weeks; "Dec" for months ("Jan 2027" at a new year, and on the first label);
    "2027" for years."""
    if unit == "year":
        return str(day.year)
    if unit == "month":
        return f"{day:%b %Y}" if first or day.month == 1 else f"{day:%b}"
    return f"{day.day} {day:%b}"
