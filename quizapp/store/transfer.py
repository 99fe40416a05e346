"""Moving a student's whole progress to another computer as one JSON file, never losing newer data.

Export writes every card state, the review log, exam history, settings and id aliases, and the bank
folders the student had open (see transfer_banks). Import is two steps so the caller can ask the
student: `plan_import` (read-only) says what would change and which local data is newer than the
file's; `apply_import` makes a backup first, then writes in one transaction, replacing newer local
data only when told to.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import uuid4

from quizapp import __version__
from quizapp.files import NotARegularFile, require_regular, write_atomic
from quizapp.store import backups, transfer_banks, transfer_check
from quizapp.store.schema import REVISIONS
from quizapp.store.store import Store
from quizapp.store.transfer_banks import BankFolder

FORMAT = "quizapp-progress"
VERSION = 1
# ≈1.2 million reviews (≈210 bytes each as exported); reading takes ≈4x the file in memory, ≈1 s per 50 MB.
MAX_PROGRESS_BYTES = 256 * 2**20
MAX_PROBLEMS_SHOWN = 20
IMPORT_BACKUP_PREFIX = "before-import-"
# Rows of these tables are the same event on two computers when these columns agree
# (their integer ids are local and differ between computers).
_EVENT_KEYS = {
    "review_log": ("question_id", "reviewed_at", "rating", "state_before"),
    "exam_attempts": ("started_at", "question_ids"),
    "practice_log": ("question_id", "reviewed_at", "rating"),
}


# The lists of records a progress file holds, one per table; every progress dict has each (possibly empty).
PARTS = ("cards", "card_tags", "review_log", "exam_attempts", "practice_log", "id_aliases")

# Card columns that describe the loaded banks, not the student: `sync` sets them on each computer.
BANK_FACTS = frozenset({"topic", "difficulty", "position", "content_hash", "active"})


class TransferError(Exception):
    """A progress file that cannot be imported; `message` is written for the student."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _rows(conn: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    cur = conn.execute(f'SELECT * FROM "{table}"')  # table names come from this module, not the file
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')]


def export_progress(store: Store, out: Path, now: datetime, folders: Sequence[BankFolder] = ()) -> dict[str, int]:
    """Write the whole progress as JSON to `out` (through a temporary file), with the bank folders the
    student has open (`folders`); returns rows per part."""
    conn = store.conn
    data: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "app_version": __version__, "schema": store.revision(),
        "exported_at": now.isoformat(),
        "cards": _rows(conn, "cards"),
        "card_tags": _rows(conn, "card_tags"),
        "review_log": _rows(conn, "review_log"),
        "exam_attempts": _rows(conn, "exam_attempts"),
        "practice_log": _rows(conn, "practice_log"),  # custom study that left the schedules alone
        "id_aliases": _rows(conn, "id_aliases"),
        # Keys starting with "_" are the app's own records about this database (study/sync.py), not settings.
        "settings": {r["key"]: r["value"] for r in _rows(conn, "settings") if not r["key"].startswith("_")},
        "bank_folders": [f.as_json() for f in folders],
    }
    write_atomic(out, json.dumps(data, ensure_ascii=False, indent=1))  # never a device renamed over
    return {k: len(v) for k, v in data.items() if isinstance(v, list | dict)}


def read_progress(path: Path, now: datetime | None = None) -> dict[str, Any]:
    """The parsed file, checked for shape and record by record (see transfer_check); TransferError
    says what is wrong in plain words, each bad record with its line. `now` bounds past dates."""
    try:
        require_regular(path)  # a FIFO or /dev/zero would be read forever
        size = path.stat().st_size
        if size > MAX_PROGRESS_BYTES:
            raise TransferError(f"The progress file is {size // 2**20} MB; the limit is "
                                f"{MAX_PROGRESS_BYTES // 2**20} MB. Nothing was imported.")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, NotARegularFile) as exc:
        raise TransferError(f"The progress file cannot be read: {exc}") from None
    try:
        data = _shaped(json.loads(text))
    except json.JSONDecodeError as exc:
        raise TransferError(f"The progress file is damaged (line {exc.lineno}: {exc.msg}).") from None
    except (ValueError, RecursionError):  # digits beyond Python's limit, nesting beyond its stack
        raise TransferError("The progress file is damaged (a number too long or nesting too deep).") from None
    now = now or datetime.now(UTC)
    found = transfer_check.problems(data, now, lambda _record: None)
    if found:
        located, line_of = transfer_check.locate(text)
        found = transfer_check.problems(_shaped(located), now, line_of) or found
        shown = "\n".join(f"{path}:{line}: {what}" if line else f"{path}: {what}"
                          for line, what in found[:MAX_PROBLEMS_SHOWN])
        more = f"\n... and {len(found) - MAX_PROBLEMS_SHOWN} more" if len(found) > MAX_PROBLEMS_SHOWN else ""
        raise TransferError(f"The progress file has {len(found)} problem(s); nothing was imported.\n{shown}{more}")
    return data


def _shaped(data: Any) -> dict[str, Any]:
    """The top level checked: format, version, schema, and each part of the right kind."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError("This is not a quizapp progress file.")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise TransferError("This progress file was written by a newer quizapp; update quizapp to import it.")
    if data.get("schema") not in (*REVISIONS, None):
        raise TransferError("This progress file comes from a newer quizapp database; update quizapp first.")
    for part in PARTS:
        rows = data.setdefault(part, [])
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise TransferError(f"The progress file is damaged ('{part}' is not a list of records).")
    if not isinstance(data.setdefault("settings", {}), dict):
        raise TransferError("The progress file is damaged ('settings' is not a mapping).")
    problem = transfer_banks.shape_problem(data.setdefault("bank_folders", []))  # absent in older files
    if problem:
        raise TransferError(f"The progress file is damaged ({problem}).")
    if any(not isinstance(c.get("question_id"), str) for c in data["cards"]):
        raise TransferError("The progress file is damaged (a card has no question id).")
    return data


@dataclass(slots=True)
class ImportPlan:
    """What importing would do. `newer_here` lists what would be lost if the file replaced it."""

    data: dict[str, Any]
    new_cards: list[str] = field(default_factory=list)
    updated_cards: list[str] = field(default_factory=list)  # the file's card is more recent
    newer_cards_here: list[str] = field(default_factory=list)  # this computer's card is more recent
    new_events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    new_settings: list[str] = field(default_factory=list)
    differing_settings: list[str] = field(default_factory=list)
    new_aliases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def bank_folders(self) -> list[BankFolder]:
        """The folders of banks the student had open on the computer the file comes from."""
        return [BankFolder.from_json(row) for row in self.data.get("bank_folders", [])]

    @property
    def needs_permission(self) -> bool:
        """True when some local data would only be replaced if the student agrees."""
        return bool(self.newer_cards_here or self.differing_settings)

    def summary(self) -> str:
        events = self.new_events
        text = (f"{len(self.new_cards)} new and {len(self.updated_cards)} more recent card(s), "
                f"{len(events.get('review_log', []))} review(s), {len(events.get('exam_attempts', []))} "
                f"exam(s), {len(events.get('practice_log', []))} practice answer(s), {len(self.new_settings)} "
                "setting(s) to add")
        if self.needs_permission:
            text += (f"; {len(self.newer_cards_here)} card(s) and {len(self.differing_settings)} setting(s) "
                     "here differ and are not older than the file's: kept unless you choose to replace them")
        return text


def _reviewed(card: dict[str, Any]) -> int:
    value = card.get("last_review")
    return value if isinstance(value, int) else -1


def plan_import(store: Store, data: dict[str, Any]) -> ImportPlan:
    """Compare the file with this database without changing anything."""
    conn = store.conn
    plan = ImportPlan(data)
    local = {c["question_id"]: c for c in _rows(conn, "cards")}
    for card in data["cards"]:
        qid = card["question_id"]
        mine = local.get(qid)
        if mine is None:
            plan.new_cards.append(qid)
        elif _reviewed(card) > _reviewed(mine):
            plan.updated_cards.append(qid)
        elif any(mine.get(k) != v for k, v in card.items() if k in mine and k not in BANK_FACTS):
            plan.newer_cards_here.append(qid)
    for table, key in _EVENT_KEYS.items():
        rows = _rows(conn, table)
        seen = {tuple(r.get(k) for k in key) for r in rows}
        # An answer's uid names it everywhere: one already here (under a renamed id, say) is not new,
        # and the unique index would refuse it anyway.
        uids = {r["uid"] for r in rows if r.get("uid")}
        new = []
        for r in data[table]:
            uid = r.get("uid")
            if tuple(r.get(k) for k in key) in seen or (uid and uid in uids):
                continue
            if uid:
                uids.add(uid)
            new.append(r)
        plan.new_events[table] = new
    settings = {r["key"]: r["value"] for r in _rows(conn, "settings")}
    for key, value in data["settings"].items():
        if key not in settings:
            plan.new_settings.append(key)
        elif settings[key] != value:
            plan.differing_settings.append(key)
    aliases = {r["old_id"] for r in _rows(conn, "id_aliases")}
    plan.new_aliases = [a for a in data["id_aliases"] if a.get("old_id") not in aliases]
    return plan


def backup_before_import(store: Store, now: datetime) -> Path:
    """A copy of the database as it is now; two imports in one second keep both copies."""
    folder = backups.backup_dir(store.data_dir)
    stem = f"{IMPORT_BACKUP_PREFIX}{now:%Y%m%dT%H%M%S}"
    target, n = folder / f"{stem}{backups.SUFFIX}", 1
    while target.exists():
        n += 1
        target = folder / f"{stem}-{n}{backups.SUFFIX}"
    return backups.copy_database(store.path, target)


def apply_import(store: Store, plan: ImportPlan, now: datetime, replace_newer: bool = False) -> Path:
    """Back up, then import in one transaction; returns the backup's path.

    Newer local data is kept unless `replace_newer` (the student said so). An open StudyService
    reads settings when it opens, so reopen it (and `sync` the banks) after an import.
    """
    backup = backup_before_import(store, now)
    try:
        _write_import(store, plan, replace_newer)
    except BaseException as exc:
        # rolled back, so the backup is the database as it still is: a refused import leaves none
        backup.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.IntegrityError):  # something the record checks did not foresee
            raise TransferError(f"The progress file cannot be imported ({exc}); nothing was imported.") from exc
        raise
    return backup


def _write_import(store: Store, plan: ImportPlan, replace_newer: bool) -> None:
    conn = store.conn
    data = plan.data
    take = set(plan.new_cards) | set(plan.updated_cards)
    if replace_newer:
        take |= set(plan.newer_cards_here)
    card_cols = set(_columns(conn, "cards"))
    with store.transaction():
        for card in data["cards"]:
            if card["question_id"] not in take:
                continue
            row = {k: v for k, v in card.items() if k in card_cols}
            if card["question_id"] in plan.new_cards:
                _insert(conn, "cards", row)
            else:  # UPDATE, not REPLACE (a delete would cascade to tags); this computer's bank facts stay
                row = {k: v for k, v in row.items() if k not in BANK_FACTS}
                sets = ", ".join(f'"{k}" = ?' for k in row if k != "question_id")
                conn.execute(f'UPDATE cards SET {sets} WHERE question_id = ?',
                             [v for k, v in row.items() if k != "question_id"] + [card["question_id"]])
        for tag in data["card_tags"]:
            if tag.get("question_id") in take:
                conn.execute('INSERT OR IGNORE INTO card_tags (question_id, tag) VALUES (?, ?)',
                             (tag.get("question_id"), tag.get("tag")))
        for table, rows in plan.new_events.items():
            cols = set(_columns(conn, table))
            for r in rows:  # a fresh local id: the file's id may be taken here
                row = {k: v for k, v in r.items() if k in cols and k != "id"}
                if "uid" in cols and not row.get("uid"):  # a file from before answers had uids
                    row["uid"] = uuid4().hex
                _insert(conn, table, row)
        alias_cols = set(_columns(conn, "id_aliases"))
        for alias in plan.new_aliases:
            _insert(conn, "id_aliases", {k: v for k, v in alias.items() if k in alias_cols})
        keys = set(plan.new_settings) | (set(plan.differing_settings) if replace_newer else set())
        for key in keys:
            conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                         (key, data["settings"][key]))
        # Cards came in or changed: the next bank sync must compare them all (study/sync.py's stamp).
        conn.execute("DELETE FROM settings WHERE key LIKE '\\_%' ESCAPE '\\'")


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> None:
    names = ", ".join(f'"{k}"' for k in row)
    marks = ", ".join("?" for _ in row)
    conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(row.values()))
