"""Idle WAL flushes: the log goes into the database file in quiet moments and starts again from its
beginning, so it stays a few pages long, and nothing written is lost or changed by it."""

from __future__ import annotations

import sqlite3
import sys

from quizapp.store.store import FLUSH_EVERY, open_store


def _write(store, k: int) -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                     "excluded.value", (f"k{k % 50}", f'"{"x" * 3000}{k}"'))


def _wal_pages(store) -> int:
    """Frames in the log now: mxFrame of the WAL-index header in the -shm file (SQLite's walformat),
    read without touching the database (a checkpoint pragma would itself checkpoint)."""
    head = (store.path.with_name(store.path.name + "-shm")).read_bytes()[:48]
    return int.from_bytes(head[16:20], sys.byteorder)


def test_flushes_keep_the_log_short_and_lose_nothing(tmp_path, now):
    store = open_store(tmp_path, now)
    try:
        longest = 0
        for k in range(10 * FLUSH_EVERY):
            _write(store, k)
            longest = max(longest, _wal_pages(store))
            store.flush_wal(FLUSH_EVERY)
        per_write = longest / FLUSH_EVERY
        assert _wal_pages(store) <= longest < 2 * FLUSH_EVERY * per_write  # restarted every FLUSH_EVERY writes
    finally:
        store.close()
    conn = sqlite3.connect(tmp_path / "progress.sqlite3")
    values = dict(conn.execute("SELECT key, value FROM settings WHERE key LIKE 'k%'"))
    last_k9 = max(k for k in range(10 * FLUSH_EVERY) if k % 50 == 9)
    assert values["k9"].endswith(f'{last_k9}"') and len(values) == 50


def test_without_flushes_the_log_grows(tmp_path, now):
    store = open_store(tmp_path, now)
    try:
        grown = []
        for k in range(4 * FLUSH_EVERY):
            _write(store, k)
            grown.append(_wal_pages(store))
        assert grown == sorted(grown) and grown[-1] - grown[0] > 3 * (grown[FLUSH_EVERY - 1] - grown[0])
        assert store.flush_wal(FLUSH_EVERY) and _wal_pages(store) <= 2
        assert not store.flush_wal(FLUSH_EVERY)  # nothing new since: no work in the next quiet moment
    finally:
        store.close()
