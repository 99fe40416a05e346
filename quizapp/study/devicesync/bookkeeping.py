"""What this computer remembers about syncing (tables sync_state and sync_files of the local store).

sync_state holds its device id (and every id it wrote under before, should it have had to take a new one),
the folder of the last sync, and the marks the replay keeps; sync_files lists each segment it wrote or
merged, per folder, with size and modification time, so a file already merged is not opened again.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from quizapp.study.devicesync.folder import new_device_id

WRITING, WROTE, READ = "writing", "wrote", "read"


def get(conn: sqlite3.Connection, key: str, default: Any = None) -> Any:
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    return json.loads(row[0]) if row else default


def put(conn: sqlite3.Connection, key: str, value: Any) -> None:
    """Store `value` under `key`, writing nothing when it is already so (a sync with nothing new writes nothing)."""
    text = json.dumps(value)
    row = conn.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    if row is None or row[0] != text:
        conn.execute("INSERT OR REPLACE INTO sync_state (key, value) VALUES (?, ?)", (key, text))


def device_id(conn: sqlite3.Connection) -> str | None:
    return get(conn, "device")


def own_ids(conn: sqlite3.Connection) -> list[str]:
    """Every id this computer has written under, the current one last."""
    return list(get(conn, "device_history", []))


def take_new_device_id(conn: sqlite3.Connection) -> str:
    """A fresh id for this computer (on first sync, or when another computer turned out to use the old one)."""
    device = new_device_id()
    put(conn, "device", device)
    put(conn, "device_history", [*own_ids(conn), device])
    return device


@dataclass(frozen=True, slots=True)
class FileRecord:
    state: str
    device: str | None
    size: int | None
    mtime_ns: int | None


def files(conn: sqlite3.Connection, folder_key: str) -> dict[str, FileRecord]:
    rows = conn.execute("SELECT path, state, device, size, mtime_ns FROM sync_files WHERE folder = ?", (folder_key,))
    return {r[0]: FileRecord(*r[1:]) for r in rows}


def record_file(conn: sqlite3.Connection, folder_key: str, path: str, state: str, device: str | None,
                size: int | None, mtime_ns: int | None, events: int | None, at: int) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_files (folder, path, state, device, size, mtime_ns, events, done_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (folder_key, path, state, device, size, mtime_ns, events, at))


def forget_file(conn: sqlite3.Connection, folder_key: str, path: str) -> None:
    conn.execute("DELETE FROM sync_files WHERE folder = ? AND path = ?", (folder_key, path))
