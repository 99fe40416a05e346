"""Card actions on many questions at once (the Browse window), each one transaction that `undo` takes back.

suspend / unsuspend / bury / unbury / flag / unflag like the single-card actions of StudyService;
`reset` forgets progress (the card is new again, its review log kept, as StudyService.reset_topic);
`reschedule` makes cards due on a given study day. Undo restores every changed card exactly as it
was, except a card changed again since (answered in a session, say): that one is left as it now is.

Each change is also recorded for device sync (quizapp/study/devicesync/record.py), in the same
transaction, as the single-card actions are: the suspend, bury and flag fields as set (an undo records
them as they are set back) and a reset as a reset. A reschedule, and the undo of a reset, have no sync
event: they hold on this computer until the card's history is replayed from the answers (when another
computer's answers to it are merged), and are not carried to the other computers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from fsrs import Rating

from quizapp.srs.days import next_day_start, study_day
from quizapp.srs.scheduling import NEW, REVIEW, CardState
from quizapp.study.devicesync import record

if TYPE_CHECKING:
    from quizapp.store.store import Store
    from quizapp.study.service import StudyService

ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "flag", "unflag", "reset", "reschedule")
UNDO_DEPTH = 30
_COLUMNS = ("state", "step", "stability", "fsrs_difficulty", "due", "last_review", "reps", "lapses", "suspended",
            "buried_until", "flagged", "flag_reason", "leech")
_AT = {name: i for i, name in enumerate(_COLUMNS)}
Row = tuple  # a card's values in _COLUMNS order


@dataclass(frozen=True, slots=True)
class Edit:
    """One bulk action as done: which cards it was asked for, and the rows it changed (before, after)."""

    action: str
    asked: int
    before: dict[str, Row]
    after: dict[str, Row]

    @property
    def changed(self) -> int:
        return len(self.after)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self.after)


@dataclass(frozen=True, slots=True)
class Undone:
    """What undo did: the action taken back, cards restored, and cards skipped (changed again since)."""

    action: str
    restored: int
    skipped: int


def _read(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, Row]:
    sql = (f"SELECT question_id, {', '.join(_COLUMNS)} FROM cards "
           "WHERE question_id IN (SELECT value FROM json_each(?))")
    return {r[0]: tuple(r[1:]) for r in conn.execute(sql, (json.dumps(list(ids)),))}


def _write(conn: sqlite3.Connection, rows: dict[str, Row]) -> None:
    assignments = ", ".join(f"{c} = ?" for c in _COLUMNS)
    conn.executemany(f"UPDATE cards SET {assignments} WHERE question_id = ?",
                     [(*row, qid) for qid, row in rows.items()])


def _record(conn: sqlite3.Connection, action: str, before: dict[str, Row], after: dict[str, Row], at: int) -> None:
    """The sync events of a bulk change: the card fields it set, or the reset."""
    if action == "reset":
        record.cards_reset(conn, list(after), at)
        return
    for qid, new in after.items():
        old = before[qid]
        fields = {name: new[_AT[name]] for name in record.CARD_FIELDS if new[_AT[name]] != old[_AT[name]]}
        if fields:
            record.card_changed(conn, qid, at, fields)


def _set(row: Row, **values: object) -> Row:
    out = list(row)
    for name, value in values.items():
        out[_AT[name]] = value
    return tuple(out)


class CardEditor:
    """Bulk actions over a StudyService's progress, with an undo stack (newest last) of UNDO_DEPTH edits."""

    def __init__(self, service: StudyService) -> None:
        self.service = service
        self._done: list[Edit] = []

    @property
    def store(self) -> Store:
        return self.service.store

    def _now(self) -> datetime:
        return self.service.clock.now()

    def _hour(self) -> int:
        return int(self.service.settings.get("rollover_hour"))

    def due_at(self, day: date) -> int:
        """When a card rescheduled to study day `day` comes due: that day's start (the rollover hour)."""
        now = self._now()
        start = datetime.combine(day, time(self._hour()), tzinfo=now.tzinfo)
        return int(start.timestamp())

    def _change(self, action: str, reason: str, day: date | None) -> Callable[[Row], Row]:
        now = self._now()
        if action == "suspend":
            return lambda r: _set(r, suspended=1)
        if action == "unsuspend":
            return lambda r: _set(r, suspended=0)
        if action == "bury":
            until = int(next_day_start(now, self._hour()).timestamp())
            return lambda r: _set(r, buried_until=until)
        if action == "unbury":
            return lambda r: _set(r, buried_until=0)
        if action == "flag":
            return lambda r: r if r[_AT["flagged"]] else _set(r, flagged=1, flag_reason=reason)
        if action == "unflag":
            return lambda r: _set(r, flagged=0, flag_reason=None)
        if action == "reset":
            return lambda r: _set(r, state=NEW, step=None, stability=None, fsrs_difficulty=None, due=0,
                                  last_review=None, reps=0, lapses=0, leech=0, buried_until=0)
        if action == "reschedule":
            if day is None:
                raise ValueError("reschedule needs the day the cards should come due")
            if day < study_day(now, self._hour()):
                raise ValueError("a card can be rescheduled to today or a later day, not to the past")
            return self._rescheduler(self.due_at(day), now)
        raise ValueError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")

    def _rescheduler(self, due: int, now: datetime) -> Callable[[Row], Row]:
        # A card never answered has no memory state yet: it gets the one FSRS gives a first "Good" answer,
        # as if learned now, so that a review on the chosen day is scheduled like any other.
        first = self.service.srs().review(CardState(), Rating.Good, now)

        def change(r: Row) -> Row:
            if r[_AT["stability"]] is None:
                return _set(r, state=REVIEW, step=None, stability=first.stability, fsrs_difficulty=first.difficulty,
                            due=due, last_review=int(now.timestamp()))
            return _set(r, state=REVIEW, step=None, due=due)

        return change

    def apply(self, action: str, ids: Sequence[str], *, day: date | None = None, reason: str = "flagged") -> Edit:
        """Do `action` to the cards of `ids` in one transaction; the Edit says what changed (undo() reverts)."""
        change = self._change(action, reason, day)
        with self.store.transaction() as conn:
            before = _read(conn, ids)
            after = {qid: new for qid, row in before.items() if (new := change(row)) != row}
            _write(conn, after)
            _record(conn, action, before, after, int(self._now().timestamp()))
        edit = Edit(action, len(ids), {qid: before[qid] for qid in after}, after)
        if edit.changed:
            self._done = [*self._done[-(UNDO_DEPTH - 1):], edit]
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def last(self) -> Edit | None:
        return self._done[-1] if self._done else None

    def undo(self) -> Undone | None:
        """Take back the newest edit; None when there is nothing to undo."""
        if not self._done:
            return None
        edit = self._done.pop()
        with self.store.transaction() as conn:
            now = _read(conn, list(edit.after))
            untouched = {qid: edit.before[qid] for qid, row in now.items() if row == edit.after[qid]}
            _write(conn, untouched)
            _record(conn, "undo", {qid: edit.after[qid] for qid in untouched}, untouched,
                    int(self._now().timestamp()))
        return Undone(edit.action, len(untouched), edit.changed - len(untouched))

