"""Card state derived from the merged log: FSRS replayed over each affected question's events in order.

The order is (time, event id) on every computer, so each reaches the same state whatever order the syncs
came in. A question is replayed from the earliest point something changed (a merged event, an answer made
here since the last sync, an undo, a setting change): before that point the answer rows already hold the
state before them (card_before, written by the previous replay or by the answer itself), so one FSRS step
gives the state there, and only the events from that point on are scheduled again.

What a replay sets: the FSRS state, reps and lapses, leech (and the suspension a leech may bring), suspended
and buried (from card events), and the flag when a card event set one; without flag events the card keeps
the flag this computer's banks gave it. Each answer's state_before/card_before is rewritten as the replay
finds it, so an undo restores what the merged log says.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fsrs import Rating

from quizapp.srs.scheduling import CardState
from quizapp.study.cards import snapshot_of
from quizapp.study.devicesync.timeline import BEFORE_ALL, Key, Timeline


@dataclass(slots=True)
class _Answer:
    key: Key
    row_id: int
    rating: int
    state_before: int
    card_before: str


@dataclass(slots=True)
class _Mark:
    key: Key
    kind: str  # "card" | "reset"
    fields: dict[str, Any]


@dataclass(slots=True)
class _Card:
    """The derived state of one card while its events are walked."""

    srs: CardState = field(default_factory=CardState)
    leech: bool = False
    suspended: bool = False
    buried_until: int = 0
    flagged: bool | None = None  # None: no card event set a flag; the card keeps the one it has
    flag_reason: str | None = None

    def apply(self, mark: _Mark, flags_only: bool = False) -> None:
        if mark.kind == "reset":
            if not flags_only:
                self.srs, self.leech = CardState(), False
            self.buried_until = 0
            return
        f = mark.fields
        if "suspended" in f and not flags_only:
            self.suspended = bool(f["suspended"])
        if "buried_until" in f:
            self.buried_until = int(f["buried_until"])
        if "flagged" in f:
            self.flagged = bool(f["flagged"])
            self.flag_reason = f.get("flag_reason") if self.flagged else None
        elif "flag_reason" in f and self.flagged:
            self.flag_reason = f["flag_reason"]


_CARD_COLUMNS = ("state, step, stability, fsrs_difficulty, due, last_review, reps, lapses, suspended, buried_until, "
                 "flagged, flag_reason, leech")


@dataclass(frozen=True, slots=True)
class Replayed:
    scheduled: int  # answers scheduled again
    changed: int  # cards whose state came out different


def replay(conn: sqlite3.Connection, starts: Mapping[str, Key | None], timeline: Timeline,
           fresh: Set[str] = frozenset(), row_holds: Set[str] = frozenset()) -> Replayed:
    """Recompute the cards of `starts` (question id -> earliest changed key; None: from the beginning).

    `fresh`: ids of the events merged just now; `row_holds`: questions whose card row holds the state after
    every other event (nothing touched them here since the last sync). When all the events to schedule are
    fresh, such a card goes on from its row, one FSRS step fewer. Runs in the caller's transaction; a question
    without a card row is left out.
    """
    if not starts:
        return Replayed(0, 0)
    current = _load(conn, {q: -1 for q in starts}, "SELECT question_id, " + _CARD_COLUMNS + " FROM cards")[2]
    # A card going on from its row needs only the events from the changed point on.
    since = {q: (k[0] if q in row_holds and k is not None else -1) for q, k in starts.items()}
    answers, marks, _ = _load(conn, since)
    log_updates: list[tuple[int, str, int]] = []
    card_updates: list[tuple] = []
    scheduled = 0
    again: list[str] = []
    for qid, start in starts.items():
        now = current.get(qid)
        if now is None:
            continue
        key = start or BEFORE_ALL
        if since[qid] >= 0:
            tail = sorted([*answers.get(qid, []), *marks.get(qid, [])], key=lambda i: i.key)
            if not all(item.key[1] in fresh for item in tail if item.key >= key):
                again.append(qid)  # an older event lies in between after all: from its answer rows, then
                continue
            card, n = _from_row(qid, now, [i for i in tail if i.key >= key], timeline, log_updates)
        else:
            card, n = _walk(qid, answers.get(qid, []), marks.get(qid, []), key, timeline, log_updates)
        scheduled += n
        _changed(qid, card, now, card_updates)
    if again:
        answers, marks, _ = _load(conn, dict.fromkeys(again, -1))
        for qid in again:
            card, n = _walk(qid, answers.get(qid, []), marks.get(qid, []), starts[qid] or BEFORE_ALL, timeline,
                            log_updates)
            scheduled += n
            _changed(qid, card, current[qid], card_updates)
    conn.executemany("UPDATE review_log SET state_before = ?, card_before = ? WHERE id = ?", log_updates)
    conn.executemany("UPDATE cards SET state = ?, step = ?, stability = ?, fsrs_difficulty = ?, due = ?, "
                     "last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ?, flagged = ?, "
                     "flag_reason = ?, leech = ? WHERE question_id = ?", card_updates)
    return Replayed(scheduled, len(card_updates))


def _load(conn: sqlite3.Connection, since: Mapping[str, int], cards_sql: str | None = None
          ) -> tuple[dict[str, list[_Answer]], dict[str, list[_Mark]], dict[str, tuple]]:
    """The answers and card events of `since`'s questions from each one's time on (-1: all), or, given
    `cards_sql`, only their card rows."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_replay (question_id TEXT PRIMARY KEY, since INTEGER)")
    conn.execute("DELETE FROM temp.sync_replay")
    conn.executemany("INSERT INTO temp.sync_replay (question_id, since) VALUES (?, ?)", since.items())
    if cards_sql is not None:
        rows = conn.execute(cards_sql + " WHERE question_id IN (SELECT question_id FROM temp.sync_replay)")
        return {}, {}, {r[0]: r[1:] for r in rows}
    answers: dict[str, list[_Answer]] = defaultdict(list)
    for qid, at, uid, row_id, rating, state_before, card_before in conn.execute(
            # CROSS JOIN (the listed questions drive) and INDEXED BY: left to itself the planner scans the log.
            "SELECT r.question_id, r.reviewed_at, r.uid, r.id, r.rating, r.state_before, r.card_before "
            "FROM temp.sync_replay s CROSS JOIN review_log r INDEXED BY ix_review_log_question "
            "ON r.question_id = s.question_id AND r.reviewed_at >= s.since"):
        answers[qid].append(_Answer((at, uid or ""), row_id, rating, state_before, card_before))
    marks: dict[str, list[_Mark]] = defaultdict(list)
    for qid, at, event_id, kind, body in conn.execute(
            "SELECT e.question_id, e.at, e.id, e.kind, e.body FROM temp.sync_replay s CROSS JOIN sync_events e "
            "INDEXED BY ix_sync_events_question ON e.question_id = s.question_id AND e.at >= s.since "
            "WHERE e.kind IN ('card', 'reset')"):
        marks[qid].append(_Mark((at, event_id), kind, json.loads(body or "{}")))
    return answers, marks, {}


def _changed(qid: str, card: _Card, now: tuple, card_updates: list[tuple]) -> None:
    """Queue the card's new row when it differs from the stored one."""
    s = card.srs
    flagged = bool(now[10]) if card.flagged is None else card.flagged
    reason = now[11] if card.flagged is None else card.flag_reason
    row = (s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses,
           int(card.suspended), card.buried_until, int(flagged), reason, int(card.leech))
    if row != tuple(now):
        card_updates.append((*row, qid))


def _from_row(qid: str, row: tuple, tail: list[_Answer | _Mark], timeline: Timeline,
              log_updates: list[tuple[int, str, int]]) -> tuple[_Card, int]:
    """Only merged events after everything the card row already holds: go on from the row."""
    card = _Card(CardState(*row[:8]), bool(row[12]), bool(row[8]), row[9], bool(row[10]), row[11])
    return _tail(qid, card, tail, timeline, log_updates)


def _walk(qid: str, answers: list[_Answer], marks: list[_Mark], start: Key, timeline: Timeline,
          log_updates: list[tuple[int, str, int]]) -> tuple[_Card, int]:
    items: list[_Answer | _Mark] = sorted([*answers, *marks], key=lambda i: i.key)
    split = next((i for i, item in enumerate(items) if item.key >= start), len(items))
    card = _Card()
    last = next((i for i in range(split - 1, -1, -1) if isinstance(items[i], _Answer)), None)
    if last is not None:
        # The state before the last answer ahead of the changed part is in its row: one step from there.
        for item in items[:last]:
            if isinstance(item, _Mark):
                card.apply(item, flags_only=True)
        answer = items[last]
        assert isinstance(answer, _Answer)
        try:
            before = json.loads(answer.card_before)
            card.suspended, card.leech = bool(before.pop("suspended")), bool(before.pop("leech"))
            card.srs = CardState(**before)
        except (ValueError, KeyError, TypeError, AttributeError):
            # A row without a usable snapshot (imported from an old file, say): from the beginning, then.
            return _walk(qid, answers, marks, BEFORE_ALL, timeline, log_updates)
        _step(qid, card, answer, timeline)
    for item in items[last + 1 if last is not None else 0:split]:
        assert isinstance(item, _Mark)  # no answer lies between the last one and the changed part
        card.apply(item)
    return _tail(qid, card, items[split:], timeline, log_updates)


def _tail(qid: str, card: _Card, tail: list[_Answer | _Mark], timeline: Timeline,
          log_updates: list[tuple[int, str, int]]) -> tuple[_Card, int]:
    scheduled = 0
    for item in tail:
        if isinstance(item, _Mark):
            card.apply(item)
            continue
        before = snapshot_of(card.srs, card.suspended, card.leech)
        if before != item.card_before or card.srs.state != item.state_before:
            log_updates.append((card.srs.state, before, item.row_id))
        _step(qid, card, item, timeline)
        scheduled += 1
    return card, scheduled


def _step(qid: str, card: _Card, answer: _Answer, timeline: Timeline) -> None:
    """One answer, scheduled exactly as ReviewSession.answer does it (same FSRS call, leech rule, fuzz seed)."""
    rules = timeline.at(answer.key)
    before = card.srs
    after = rules.srs.review(before, Rating(answer.rating), datetime.fromtimestamp(answer.key[0], UTC), seed=qid)
    became = not card.leech and after.lapses > before.lapses and after.lapses >= rules.leech_lapses
    card.srs = after
    card.leech = card.leech or became
    card.suspended = card.suspended or (became and rules.leech_suspends)
