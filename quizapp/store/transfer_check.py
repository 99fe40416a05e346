"""Checking a progress file record by record before anything is imported: types, ranges, dates.

A record the app could not use (a rating of 7, a negative stability, a review dated in the year
9999, text where a number belongs) refuses the whole file, each problem named with its line, so
nothing malformed ever reaches the database. Question ids the banks do not have are fine: their
history is kept, and the next bank sync marks them inactive.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from json import scanner
from typing import Any

Check = Callable[[Any], str | None]  # what is wrong with a value, or None

MAX_TEXT = 10_000  # ids, topics, tags, reasons
MAX_BLOB = 1_000_000  # JSON text columns (a response, an exam's state)
MAX_COUNT = 10_000_000
LATEST = int(datetime(2300, 1, 1, tzinfo=UTC).timestamp())  # beyond any due date the scheduler can give (100 years)
FUTURE_SLACK = timedelta(days=1)  # another computer's clock may run a little ahead


def _int(low: int, high: int) -> Check:
    def check(v: Any) -> str | None:
        if isinstance(v, bool) or not isinstance(v, int):
            return f"must be a whole number (got {_show(v)})"
        return None if low <= v <= high else f"must be from {low} to {high} (got {_show(v)})"
    return check


def _number(low: float, high: float) -> Check:
    def check(v: Any) -> str | None:
        # an int is always finite (and may be too big for a float: 10**400); a float may be NaN or infinite
        if isinstance(v, bool) or not isinstance(v, int | float) or (isinstance(v, float) and not math.isfinite(v)):
            return f"must be a number (got {_show(v)})"
        return None if low <= v <= high else f"must be from {low:g} to {high:g} (got {_show(v)})"
    return check


def _text(v: Any) -> str | None:
    if not isinstance(v, str):
        return f"must be text (got {_show(v)})"
    return None if len(v) <= MAX_TEXT else f"is {len(v):,} characters long (the limit is {MAX_TEXT:,})"


def _id(v: Any) -> str | None:
    return _text(v) or (None if v.strip() else "must not be empty")


_UID = re.compile(r"[0-9a-f]{32}")


def _uid(v: Any) -> str | None:
    """An answer's uid: a uuid in 32 lower-case hex digits."""
    if isinstance(v, str) and _UID.fullmatch(v):
        return None
    return f"must be 32 lower-case hex digits (got {_show(v)})"


def _flag(v: Any) -> str | None:
    return None if v in (True, False) else f"must be true or false (got {_show(v)})"


# Text that may hold a number standard JSON has no room for: Python's json reads NaN and Infinity, and a
# float with a 3-digit exponent or 309 digits may overflow to infinity (1e999); only such text is parsed
# again, slowly, to find out.
_MAYBE_NOT_FINITE = re.compile(r"NaN|Infinity|[eE][+-]?[0-9]{3}|[0-9]{309}")


class _NotFinite(ValueError):
    pass


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _no_constant(text: str) -> float:
    raise _NotFinite(text)


def _json(kind: type | None = None) -> Check:
    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return f"must be JSON text (got {_show(v)})"
        if len(v) > MAX_BLOB:
            return f"is {len(v):,} characters long (the limit is {MAX_BLOB:,})"
        try:
            parsed = json.loads(v)
            if _MAYBE_NOT_FINITE.search(v):
                json.loads(v, parse_float=_finite_float, parse_constant=_no_constant)
        except _NotFinite as exc:  # the app reads it as infinity or NaN, which no setting or grade can use
            return f"holds {str(exc)[:20]}, not a finite number"
        except (ValueError, RecursionError):
            return "is not valid JSON"
        if kind is not None and not isinstance(parsed, kind):
            return f"must hold a JSON {'object' if kind is dict else 'list'}"
        return None
    return check


def _optional(check: Check) -> Check:
    return lambda v: None if v is None else check(v)


def _show(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**15:
        return f"a number of {len(str(abs(v)))} digits"  # not 4,000 digits in a message
    if isinstance(v, float):
        return f"{v:g}"
    text = json.dumps(v, ensure_ascii=False) if isinstance(v, bool | type(None) | list | dict) else repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _rules(now: datetime) -> dict[str, tuple[dict[str, Check], frozenset[str]]]:
    """Per part of the file: a check for each column it may have, and the columns it must have."""
    past = _int(0, int((now + FUTURE_SLACK).timestamp()))  # something that has already happened
    when = _int(0, LATEST)  # a due date, a bury: may lie ahead
    count = _int(0, MAX_COUNT)
    return {
        "cards": ({
            "question_id": _id, "topic": _text, "difficulty": _optional(_int(1, 5)), "position": count,
            "content_hash": _text, "tags": _text, "active": _flag, "state": _int(0, 3),
            "step": _optional(_int(0, 1000)), "stability": _optional(_number(0, 1e9)),
            "fsrs_difficulty": _optional(_number(0, 11)), "due": when, "last_review": _optional(past),
            "reps": count, "lapses": count, "suspended": _flag, "buried_until": when, "flagged": _flag,
            "flag_reason": _optional(_text), "leech": _flag}, frozenset({"question_id"})),
        "card_tags": ({"question_id": _id, "tag": _id}, frozenset({"question_id", "tag"})),
        "review_log": ({
            "id": _optional(_int(0, 2**62)), "uid": _optional(_uid), "question_id": _id, "reviewed_at": past,
            "rating": _int(1, 4),
            "score": _optional(_number(0, 1)), "response": _optional(_json()),
            "duration_ms": _optional(_int(0, 2**40)), "confident": _optional(_flag), "state_before": _int(0, 3),
            "card_before": _json(dict)},
            frozenset({"question_id", "reviewed_at", "rating", "state_before", "card_before"})),
        "exam_attempts": ({
            "id": _optional(_int(0, 2**62)), "started_at": past, "finished_at": _optional(past),
            "time_limit_s": _optional(_int(0, 10**7)), "selection": _json(dict), "question_ids": _json(list),
            "responses": _json(dict), "score": _optional(_number(-1e9, 1e9)),
            "max_score": _optional(_number(0, 1e9)), "passed": _optional(_flag), "meta": _json(dict)},
            frozenset({"started_at"})),
        "practice_log": ({
            "id": _optional(_int(0, 2**62)), "question_id": _id, "reviewed_at": past, "rating": _int(1, 4),
            "score": _optional(_number(0, 1)), "response": _optional(_json()),
            "duration_ms": _optional(_int(0, 2**40)), "confident": _optional(_flag)},
            frozenset({"question_id", "reviewed_at", "rating"})),
        "id_aliases": ({"old_id": _id, "new_id": _id, "mapped_at": past},
                       frozenset({"old_id", "new_id", "mapped_at"})),
    }


# Parts whose records are one per value of a column (the table's primary key): a second record with the
# same value would make the import fail half-way, so it is refused at its own line.
_UNIQUE = {"cards": "question_id", "id_aliases": "old_id"}


def _card_sense(card: Mapping[str, Any]) -> str | None:
    """What makes a well-typed card impossible to schedule, if anything."""
    if card.get("state", 0) == 0:
        return None
    if not card.get("stability") or card.get("fsrs_difficulty") is None or card.get("last_review") is None:
        return "a studied card (state 1-3) needs 'stability' above 0, 'fsrs_difficulty' and 'last_review'"
    if not 1 <= card["fsrs_difficulty"] <= 10:
        return f"'fsrs_difficulty' must be from 1 to 10 (got {card['fsrs_difficulty']:g})"
    if card["state"] in (1, 3) and card.get("step") is None:
        return "a card in (re)learning (state 1 or 3) needs its 'step'"
    if card.get("due", 0) < card["last_review"]:
        return "'due' is before 'last_review' (a negative interval)"
    return None


def problems(data: Mapping[str, Any], now: datetime,
             line_of: Callable[[object], int | None]) -> list[tuple[int | None, str]]:
    """Every problem in a parsed progress file: (line of its record or None, 'where: what')."""
    out: list[tuple[int | None, str]] = []

    def report(record: object, where: str, what: str) -> None:
        out.append((line_of(record), f"{where}: {what}"))

    for part, (checks, required) in _rules(now).items():
        unique = _UNIQUE.get(part)
        first: dict[Any, int] = {}  # a unique column's value -> the record that has it
        for n, record in enumerate(data.get(part, ()), 1):
            where = f"{part} record {n}"
            if unique is not None and isinstance(key := record.get(unique), str):
                if key in first:
                    report(record, where, f"the same '{unique}' as record {first[key]} ({_show(key)})")
                else:
                    first[key] = n
            for column in sorted(required - record.keys()):
                report(record, where, f"'{column}' is missing")
            for column, value in record.items():
                check = checks.get(column)
                what = check(value) if check else None  # unknown columns are not imported
                if what:
                    report(record, where, f"'{column}' {what}")
            if part == "cards" and not any(checks[c](v) for c, v in record.items() if c in checks):
                what = _card_sense(record)
                if what:
                    report(record, where, what)
    settings = data.get("settings", {})
    for key, value in settings.items():
        what = _text(key) or _json()(value)
        if what:
            report(settings, f"setting '{key[:40]}'", what)
    return out


def locate(text: str) -> tuple[Any, Callable[[object], int | None]]:
    """Parse `text` again, noting where each JSON object starts: (data, line_of(record)).

    Pure Python, so only used to report problems the fast parse already found.
    """
    newlines = [m.start() for m in re.finditer("\n", text)]
    starts: dict[int, int] = {}
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any, **kwargs: Any) -> tuple[Any, int]:
        obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
        starts[id(obj)] = s_and_end[1]  # the objects stay alive in `data`, so ids stay unique
        return obj, end

    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = scanner.py_make_scanner(decoder)  # the C scanner ignores parse_object
    data = decoder.decode(text)

    def line_of(record: object) -> int | None:
        start = starts.get(id(record))
        return None if start is None else bisect.bisect_left(newlines, start) + 1

    return data, line_of
