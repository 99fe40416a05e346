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
from collections.abc import Mapping
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


def replay(conn: sqlite3.Connection, starts: Mapping[str, Key | None], timeline: Timeline) -> Replayed:
    """Recompute the cards of `starts` (question id -> earliest changed key; None: from the beginning).

    Runs in the caller's transaction; a question without a card row is left out.
    """
    if not starts:
        return Replayed(0, 0)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS sync_replay (question_id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.sync_replay")
    conn.executemany("INSERT INTO temp.sync_replay (question_id) VALUES (?)", [(q,) for q in starts])
    answers: dict[str, list[_Answer]] = defaultdict(list)
    for qid, at, uid, row_id, rating, state_before, card_before in conn.execute(
            "SELECT question_id, reviewed_at, uid, id, rating, state_before, card_before FROM review_log "
            "WHERE question_id IN (SELECT question_id FROM temp.sync_replay)"):
        answers[qid].append(_Answer((at, uid or ""), row_id, rating, state_before, card_before))
    marks: dict[str, list[_Mark]] = defaultdict(list)
    for qid, at, event_id, kind, body in conn.execute(
            "SELECT question_id, at, id, kind, body FROM sync_events WHERE kind IN ('card', 'reset') "
            "AND question_id IN (SELECT question_id FROM temp.sync_replay)"):
        marks[qid].append(_Mark((at, event_id), kind, json.loads(body or "{}")))
    current = {r[0]: r[1:] for r in conn.execute(
        f"SELECT question_id, {_CARD_COLUMNS} FROM cards "
        "WHERE question_id IN (SELECT question_id FROM temp.sync_replay)")}
    log_updates: list[tuple[int, str, int]] = []
    card_updates: list[tuple] = []
    scheduled = 0
    for qid, start in starts.items():
        now = current.get(qid)
        if now is None:
            continue
        card, n = _walk(qid, answers.get(qid, []), marks.get(qid, []), start or BEFORE_ALL, timeline, log_updates)
        scheduled += n
        s = card.srs
        flagged = bool(now[10]) if card.flagged is None else card.flagged
        reason = now[11] if card.flagged is None else card.flag_reason
        row = (s.state, s.step, s.stability, s.difficulty, s.due, s.last_review, s.reps, s.lapses,
               int(card.suspended), card.buried_until, int(flagged), reason, int(card.leech))
        if row != tuple(now):
            card_updates.append((*row, qid))
    conn.executemany("UPDATE review_log SET state_before = ?, card_before = ? WHERE id = ?", log_updates)
    conn.executemany("UPDATE cards SET state = ?, step = ?, stability = ?, fsrs_difficulty = ?, due = ?, "
                     "last_review = ?, reps = ?, lapses = ?, suspended = ?, buried_until = ?, flagged = ?, "
                     "flag_reason = ?, leech = ? WHERE question_id = ?", card_updates)
    return Replayed(scheduled, len(card_updates))


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
    scheduled = 0
    for item in items[split:]:
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
