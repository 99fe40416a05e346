"""Merging other computers' events into the local store: each once (by its id), tombstones first.

An answer is inserted unless this computer has it already or holds an undo for it; an undo removes the
answer wherever it is and stays as a tombstone, so reading the answer's segment again never brings it back.
Card actions, resets and drills are kept as events for the replay; a finished exam is inserted once, under
its uid. A setting takes the newest change of its key (time, then id): take_newest_setting, which the sync
runs for every key with a new event. Runs inside the caller's transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from quizapp.study.devicesync import events as ev
from quizapp.study.devicesync.timeline import Key
from quizapp.study.settings import SPECS, coerce


@dataclass
class Merged:
    """What merging added. `starts`: per question, the earliest point its card must be recomputed from."""

    starts: dict[str, Key] = field(default_factory=dict)
    answers: Counter[str] = field(default_factory=Counter)  # device -> answers new here
    other: Counter[str] = field(default_factory=Counter)  # kind -> other events new here
    removed: int = 0  # answers taken back by an undo from another computer
    fresh: set[str] = field(default_factory=set)  # ids of the answers, card actions and resets added
    taken_back: set[str] = field(default_factory=set)  # questions that lost an answer to an undo

    def earliest(self, question_id: str, key: Key) -> None:
        old = self.starts.get(question_id)
        if old is None or key < old:
            self.starts[question_id] = key

    @property
    def anything(self) -> bool:
        return bool(self.answers or self.other or self.removed)


def _in(conn: sqlite3.Connection, sql: str, values: Iterable[str]) -> set[Any]:
    """Rows of `sql` whose `?` is a JSON list of `values` (one query for any number of them)."""
    return {r[0] for r in conn.execute(sql, (json.dumps(list(values)),))}


def merge(conn: sqlite3.Connection, incoming: Iterable[dict[str, Any]]) -> Merged:
    out = Merged()
    unique: dict[str, dict[str, Any]] = {}
    for e in incoming:
        unique.setdefault(e["id"], e)
    if not unique:
        return out
    aliases = dict(conn.execute("SELECT old_id, new_id FROM id_aliases").fetchall())
    hashes: dict[str, str] = {}
    for e in unique.values():
        if "question" in e:
            e["question"] = _current_id(e["question"], aliases)
            if e.get("hash"):
                hashes[e["question"]] = e["hash"]
    answers = [e for e in unique.values() if e["kind"] == ev.ANSWER]
    rest = [e for e in unique.values() if e["kind"] != ev.ANSWER]
    known = _in(conn, "SELECT id FROM sync_events WHERE id IN (SELECT value FROM json_each(?))",
                (e["id"] for e in rest))
    fresh = [e for e in rest if e["id"] not in known]
    undos = [e for e in fresh if e["kind"] == ev.UNDO]

    # Answers: not the ones here already, nor the ones an undo (known or arriving) takes back.
    ids = [a["id"] for a in answers]
    have = _in(conn, "SELECT uid FROM review_log WHERE uid IN (SELECT value FROM json_each(?))", ids)
    buried = _in(conn, "SELECT ref FROM sync_events WHERE kind = 'undo' AND ref IN (SELECT value FROM json_each(?))",
                 ids) | {u["answer"] for u in undos}
    new = [a for a in answers if a["id"] not in have and a["id"] not in buried]
    conn.executemany(
        "INSERT INTO review_log (uid, question_id, reviewed_at, rating, score, response, duration_ms, confident, "
        "state_before, card_before, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '{}', ?)",
        [(a["id"], a["question"], a["at"], a["rating"], a.get("score"), a.get("response"), a.get("ms"),
          None if a.get("sure") is None else int(a["sure"]), a["device"]) for a in new])
    for a in new:
        out.answers[a["device"]] += 1
        out.earliest(a["question"], (a["at"], a["id"]))
        out.fresh.add(a["id"])

    # Tombstones: the answer goes (its card is recomputed from where it was), the undo stays.
    targets = [u["answer"] for u in undos]
    gone = conn.execute("SELECT uid, question_id, reviewed_at FROM review_log WHERE uid IN "
                        "(SELECT value FROM json_each(?))", (json.dumps(targets),)).fetchall()
    conn.execute("DELETE FROM review_log WHERE uid IN (SELECT value FROM json_each(?))", (json.dumps(targets),))
    for uid, qid, at in gone:
        out.earliest(qid, (at, uid))
        out.taken_back.add(qid)
    out.removed = len(gone)
    answered_at = {uid: at for uid, _qid, at in gone}

    rows = []
    for e in fresh:
        kind = e["kind"]
        qid, ref, body = e.get("question"), None, {}
        if kind == ev.UNDO:
            ref, body = e["answer"], ({"answered_at": answered_at[e["answer"]]} if e["answer"] in answered_at else {})
        elif kind == ev.CARD:
            body = e["set"]
            out.earliest(qid, (e["at"], e["id"]))
            out.fresh.add(e["id"])
        elif kind == ev.RESET:
            out.earliest(qid, (e["at"], e["id"]))
            out.fresh.add(e["id"])
        elif kind == ev.SETTING:
            ref, body = e["key"], {"value": e["value"]}
        elif kind == ev.EXAM:
            ref = e["id"]
            _insert_exam(conn, e["id"], e["attempt"])
        elif kind == ev.DRILL:
            ref, body = e["exam"], {"answer": e["answer"]}
        rows.append((e["id"], kind, e["device"], e["at"], qid, ref, json.dumps(body, sort_keys=True)))
        out.other[kind] += 1
    conn.executemany("INSERT OR IGNORE INTO sync_events (id, kind, device, at, question_id, ref, body) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    for e in fresh:
        if e["kind"] == ev.DRILL:
            _note_drill(conn, e["exam"], e["question"], e["answer"])
    # A card for every question the replay will touch, even one this computer's banks do not have
    # (kept inactive, with the question's hash, until a bank brings it).
    conn.executemany("INSERT OR IGNORE INTO cards (question_id, content_hash, active) VALUES (?, ?, 0)",
                     [(qid, hashes.get(qid, "")) for qid in out.starts])
    return out


def _current_id(question_id: str, aliases: dict[str, str]) -> str:
    """The id this computer's banks use now for a question another computer knew under an older id."""
    for _ in range(16):  # a chain of renames, never a loop
        if question_id not in aliases:
            break
        question_id = aliases[question_id]
    return question_id


def _insert_exam(conn: sqlite3.Connection, uid: str, attempt: dict[str, Any]) -> None:
    names = ", ".join(("uid", *ev.EXAM_COLUMNS))
    values = [uid, *(attempt[c] for c in ev.EXAM_COLUMNS)]
    values[ev.EXAM_COLUMNS.index("passed") + 1] = None if attempt["passed"] is None else int(attempt["passed"])
    conn.execute(f"INSERT OR IGNORE INTO exam_attempts ({names}) VALUES ({', '.join('?' for _ in values)})", values)


def _note_drill(conn: sqlite3.Connection, exam_uid: str, question_id: str, answer_uid: str) -> None:
    """Mark the mistake as drilled in the sitting here too, with this computer's log id of that answer."""
    row = conn.execute("SELECT id, meta FROM exam_attempts WHERE uid = ?", (exam_uid,)).fetchone()
    log = conn.execute("SELECT id FROM review_log WHERE uid = ?", (answer_uid,)).fetchone()
    if row is None or log is None:
        return
    try:
        meta = json.loads(row[1] or "{}")
    except ValueError:
        return
    if not isinstance(meta, dict):
        return
    drilled = meta.get("drilled") if isinstance(meta.get("drilled"), dict) else {}
    meta["drilled"] = {**drilled, question_id: log[0]}
    conn.execute("UPDATE exam_attempts SET meta = ? WHERE id = ?", (json.dumps(meta), row[0]))


def take_newest_setting(conn: sqlite3.Connection, key: str) -> bool:
    """Store the newest change of `key` if it differs from the value here; True when the value changed."""
    spec = SPECS.get(key)
    if spec is None or not spec.synced:
        return False  # a setting of a newer version, or one each computer keeps for itself
    body, = conn.execute("SELECT body FROM sync_events WHERE kind = 'setting' AND ref = ? ORDER BY at DESC, id DESC "
                         "LIMIT 1", (key,)).fetchone()
    try:
        value = coerce(spec, json.loads(body)["value"])
    except (ValueError, TypeError, KeyError):
        return False
    stored = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    try:
        here = coerce(spec, json.loads(stored[0])) if stored else spec.default
    except (ValueError, TypeError):
        here = None
    if here == value:
        return False
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, json.dumps(value)))
    return True
