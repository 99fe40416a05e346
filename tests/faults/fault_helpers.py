"""Shared by the fault tests: progress folders to break, children to kill, tmpfs mounts, fingerprints."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from quizapp.store.connection import connect
from quizapp.store.lock import LOCK_NAME
from quizapp.store.migrate import upgrade
from quizapp.store.store import Store, database_path

CHILD = Path(__file__).with_name("store_child.py")


def fingerprint(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under `folder`: (mtime_ns, sha256). Equal means nothing was touched.

    Left out: the lock (every start takes it) and the bank cache (`stats` parses banks before it
    opens the store; the cache is derived from the banks, not progress)."""
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != LOCK_NAME and p.relative_to(folder).parts[0] != "cache"}


def fill_progress(conn: sqlite3.Connection, cards: int, reviews_per_card: int = 2) -> None:
    """`cards` studied cards with two tags each and their review rows (any schema revision)."""
    conn.executemany(
        "INSERT INTO cards (question_id, topic, state, due, reps, stability, fsrs_difficulty, last_review) "
        "VALUES (?, ?, 2, ?, ?, 12.5, 4.0, ?)",
        [(f"q{i:06d}", f"t{i % 9}", 1_800_000_000 + i, reviews_per_card, 1_740_000_000 + i) for i in range(cards)])
    conn.executemany("INSERT INTO card_tags (question_id, tag) VALUES (?, ?)",
                     [(f"q{i:06d}", tag) for i in range(cards) for tag in (f"tag{i % 13}", "all")])
    conn.executemany(
        "INSERT INTO review_log (question_id, reviewed_at, rating, score, response, duration_ms, state_before, "
        "card_before) VALUES (?, ?, 3, 1.0, '[\"an answer\"]', 4000, 1, '{}')",
        [(f"q{i:06d}", 1_740_000_000 + i * 10 + r) for i in range(cards) for r in range(reviews_per_card)])


def old_database(folder: Path, revision: str, cards: int) -> None:
    """A closed progress database at an older schema `revision`, holding `cards` studied cards."""
    folder.mkdir(parents=True, exist_ok=True)
    store = Store(folder, connect(database_path(folder)), verified=True)
    upgrade(store.engine, revision)
    with store.transaction() as conn:
        fill_progress(conn, cards)
    store.close()


@dataclass(frozen=True, slots=True)
class Summary:
    """What a database holds, read through a plain connection."""

    integrity: str
    revision: str | None
    cards: int
    reviews: int
    tags_consistent: bool  # at 0003+: the tags column agrees with card_tags


def summarise(db: Path) -> Summary:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        cards = conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
        reviews = conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]
        columns = {row[1] for row in conn.execute("PRAGMA table_info(cards)")}
        consistent = True
        if "tags" in columns:
            consistent = not conn.execute(
                "SELECT 1 FROM cards c WHERE c.tags != COALESCE((SELECT group_concat(tag, char(10)) FROM "
                "(SELECT tag FROM card_tags t WHERE t.question_id = c.question_id ORDER BY tag)), '') "
                "LIMIT 1").fetchone()
        return Summary(integrity, revision[0] if revision else None, cards, reviews, consistent)
    finally:
        conn.close()


def spawn(mode: str, data: Path, marks: Path, day: int = 0) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), mode, str(data), str(marks), str(day)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def read_marks(marks: Path) -> list[tuple[str, float]]:
    """(phase, monotonic time) lines a child wrote; a line cut by the kill is left out."""
    if not marks.exists():
        return []
    out = []
    for line in marks.read_text().split("\n")[:-1]:
        phase, _, stamp = line.rpartition(" ")
        out.append((phase, float(stamp)))
    return out


def wait_for(child: subprocess.Popen, marks: Path, phase: str, seconds: float = 30.0) -> float:
    """Block until the child marks `phase`; returns when it did (monotonic)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, stamp in read_marks(marks):
            if name == phase or name.startswith(phase + " "):
                return stamp
        if child.poll() is not None:
            raise AssertionError(f"child ended before '{phase}': {child.stderr.read().decode()}")
        time.sleep(0.002)
    raise AssertionError(f"child never reached '{phase}'")


def kill(child: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        child.send_signal(signal.SIGKILL)
    child.wait()
    child.stderr.close()


def can_mount() -> bool:
    return sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("mount") is not None


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at `where` (root on Linux only; the test is skipped elsewhere)."""
    if not can_mount():
        pytest.skip("mounting a small filesystem needs root on Linux")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def remount(where: Path, mode: str) -> None:
    """Make a tmpfs from `tmpfs` read-only ("ro") or writable again ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def fill_disk(folder: Path, leave: int = 0) -> Path:
    """Fill the filesystem holding `folder` until at most `leave` bytes are free; returns the filler."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as f:
        block = b"\0" * 65536
        while os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize > leave + len(block):
            try:
                f.write(block)
                f.flush()
            except OSError:
                break
        while True:
            try:
                f.write(b"\0" * 4096)
                f.flush()
            except OSError:
                break
            if os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize <= leave:
                break
    return filler
