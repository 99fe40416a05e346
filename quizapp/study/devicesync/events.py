"""The events in a segment file: their kinds, their fields, and the check each one passes before it is merged.

Every event has a global `id` (an answer's is its review_log.uid), the `device` that made it and its time
`at` (Unix seconds). Events about a question carry the question id and the content hash the question had
on that computer. Answers hold what the review log holds (the response as its JSON text); nothing of a
question's text is ever in a segment.
"""

from __future__ import annotations

import re
from typing import Any

from quizapp.study.devicesync.record import CARD_FIELDS

ANSWER, UNDO, CARD, RESET, SETTING, EXAM, DRILL = "answer", "undo", "card", "reset", "setting", "exam", "drill"
KINDS = frozenset({ANSWER, UNDO, CARD, RESET, SETTING, EXAM, DRILL})
QUESTION_KINDS = frozenset({ANSWER, UNDO, CARD, RESET, DRILL})
# Columns of exam_attempts a synced sitting carries (the local id is not one of them).
EXAM_COLUMNS = ("started_at", "finished_at", "time_limit_s", "selection", "question_ids", "responses", "score",
                "max_score", "passed", "meta")

_ID = re.compile(r"[0-9a-f]{32}")
_MAX_TEXT = 1 << 20  # one response or exam record; a segment is bounded as a whole too


class UnknownKind(ValueError):
    """An event kind this version does not know: the segment comes from a newer quizapp."""


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_num(v: Any) -> bool:
    return (isinstance(v, int | float) and not isinstance(v, bool)) and v == v and abs(v) != float("inf")


def _opt(v: Any, test: Any) -> bool:
    return v is None or test(v)


def _text(v: Any) -> bool:
    return isinstance(v, str) and len(v) <= _MAX_TEXT


def problem(event: Any) -> str | None:
    """Why `event` cannot be merged, or None. UnknownKind for a kind of a newer format."""
    if not isinstance(event, dict):
        return "an event is not a JSON object"
    kind = event.get("kind")
    if kind not in KINDS:
        if isinstance(kind, str):
            raise UnknownKind(kind)
        return "an event has no kind"
    if not isinstance(event.get("id"), str) or not _ID.fullmatch(event["id"]):
        return f"a {kind} event has no valid id"
    if not isinstance(event.get("device"), str) or not event["device"]:
        return f"{kind} event {event['id']} has no device"
    if not _is_int(event.get("at")) or not 0 <= event["at"] < 2**40:
        return f"{kind} event {event['id']} has no valid time"
    if kind in QUESTION_KINDS and (not isinstance(event.get("question"), str) or not event["question"]
                                   or not _opt(event.get("hash"), _text)):
        return f"{kind} event {event['id']} has no valid question"
    why = _CHECKS[kind](event)
    return f"{kind} event {event['id']}: {why}" if why else None


def _answer(e: dict) -> str | None:
    if not _is_int(e.get("rating")) or not 1 <= e["rating"] <= 4:
        return "the rating is not 1-4"
    if not _opt(e.get("score"), _is_num) or not _opt(e.get("response"), _text):
        return "the score or response is not valid"
    if not _opt(e.get("ms"), _is_int) or not _opt(e.get("sure"), lambda v: isinstance(v, bool)):
        return "the time taken or the confidence is not valid"
    return None


def _undo(e: dict) -> str | None:
    return None if isinstance(e.get("answer"), str) and _ID.fullmatch(e["answer"]) else "no answer to take back"


def _card(e: dict) -> str | None:
    fields = e.get("set")
    if not isinstance(fields, dict) or not fields or not set(fields) <= CARD_FIELDS:
        return "it sets nothing a card has"
    ok = {"suspended": lambda v: isinstance(v, bool), "flagged": lambda v: isinstance(v, bool),
          "buried_until": _is_int, "flag_reason": lambda v: _opt(v, _text)}
    return None if all(ok[k](v) for k, v in fields.items()) else "a card field has a value of the wrong kind"


def _setting(e: dict) -> str | None:
    return None if isinstance(e.get("key"), str) and e["key"] and "value" in e else "no setting key or value"


def _exam(e: dict) -> str | None:
    a = e.get("attempt")
    if not isinstance(a, dict) or set(a) != set(EXAM_COLUMNS):
        return "the sitting's record is incomplete"
    texts = all(_text(a[k]) for k in ("selection", "question_ids", "responses", "meta"))
    if not texts or not _is_int(a["started_at"]) or not _opt(a["finished_at"], _is_int):
        return "the sitting's record has a value of the wrong kind"
    if not all(_opt(a[k], _is_num) for k in ("score", "max_score")) or not _opt(a["time_limit_s"], _is_int):
        return "the sitting's score or time limit is not valid"
    return None if _opt(a["passed"], lambda v: isinstance(v, bool)) else "the sitting's result is not valid"


def _drill(e: dict) -> str | None:
    ok = all(isinstance(e.get(k), str) and _ID.fullmatch(e[k]) for k in ("exam", "answer"))
    return None if ok else "no exam or answer"


_CHECKS = {ANSWER: _answer, UNDO: _undo, CARD: _card, RESET: lambda _e: None, SETTING: _setting, EXAM: _exam,
           DRILL: _drill}
