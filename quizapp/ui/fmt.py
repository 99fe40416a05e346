"""Short human forms of intervals, durations and counts for buttons and labels."""

from __future__ import annotations

from datetime import timedelta

from quizapp.ui.i18n import tr


def interval(delta: timedelta) -> str:
    """'<1m', '10m', '3h', '4d', '2.5mo', '1.3y': the length a rating button shows."""
    seconds = max(0.0, delta.total_seconds())
    if seconds < 60:
        return tr("<1m")
    minutes = seconds / 60
    if minutes < 60:
        return tr("{}m").format(round(minutes))
    hours = minutes / 60
    if hours < 24:
        return tr("{}h").format(round(hours))
    days = hours / 24
    if days < 30:
        return tr("{}d").format(round(days))
    if days < 365:
        return tr("{}mo").format(f"{days / 30:.1f}".rstrip("0").rstrip("."))
    return tr("{}y").format(f"{days / 365:.1f}".rstrip("0").rstrip("."))


def clock(seconds: float) -> str:
    """Elapsed time as m:ss (or h:mm:ss)."""
    s = int(seconds)
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def plural(n: int, one: str, many: str) -> str:
    """'1 mistake', '18 mistakes': a count with the word in its real number (both words translated already)."""
    return f"{n} {one if n == 1 else many}"


def marks(value: float) -> str:
    """Marks as a person reads them: 2, 1.5, 0.67 (at most two decimals; never '-0')."""
    return f"{round(value, 2) + 0.0:g}"
