"""A process answering questions is killed with SIGKILL at random moments: no confirmed answer is lost.

Each round starts a child (tests/study/crash_child.py) on its own data folder, kills it after a
random delay (sometimes while it is still opening the database), then checks that every answer the
child confirmed is in the review log, that each card's state matches its log, and that the folder
opens again. QUIZAPP_CRASH_ROUNDS raises the number of rounds for a longer soak.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from quizapp.store import database_path
from quizapp.store.schema import HEAD
from quizapp.study import StudyService

CHILD = Path(__file__).with_name("crash_child.py")
ROUNDS = int(os.environ.get("QUIZAPP_CRASH_ROUNDS", "16"))


def _wait(child: subprocess.Popen, until: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not until():
        if child.poll() is not None:
            raise AssertionError(f"child exited by itself: {child.stderr.read().decode()}")
        time.sleep(0.005)


def _round(folder: Path, seed: int) -> tuple[int, bool]:
    """Run and kill one child; returns (answers confirmed, whether it got past opening)."""
    rng = random.Random(seed)
    folder.mkdir()
    confirmations = folder / "confirmed.txt"
    child = subprocess.Popen([sys.executable, str(CHILD), str(folder / "data"), str(confirmations), str(seed)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # One round in four is killed at a random moment of start-up (opening, migrating, backing up);
    # the others a random moment after the child started answering.
    if rng.random() < 0.25:
        _wait(child, lambda: False, rng.uniform(0.0, 1.5))
    else:
        _wait(child, lambda: confirmations.exists() and confirmations.stat().st_size > 0, 30.0)
        _wait(child, lambda: False, rng.uniform(0.0, 0.6))
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stderr.close()

    data = folder / "data"
    # What the kill left behind, for the failure messages.
    left = {p.name: p.stat().st_size for p in data.iterdir()} if data.exists() else {}
    lines = confirmations.read_text().split("\n")[:-1] if confirmations.exists() else []
    ready = bool(lines) and lines[0] == "ready"
    promised: dict[int, str] = {}
    for line in lines[1:]:
        first, rest = line.split(" ", 1)
        if first == "undo":
            promised.pop(int(rest), None)
        else:
            promised[int(first)] = rest
    db = database_path(folder / "data")
    if db.exists():
        conn = sqlite3.connect(db)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            if ready:
                logged = dict(conn.execute("SELECT id, question_id FROM review_log"))
                lost = {k: v for k, v in promised.items() if logged.get(k) != v}
                assert not lost, f"confirmed answers missing after SIGKILL: {lost} (left: {left})"
                # Card and log row are written in one transaction: a card's reps always equals its log rows.
                mismatched = conn.execute(
                    "SELECT c.question_id, c.reps, COUNT(r.id) FROM cards c LEFT JOIN review_log r "
                    "ON r.question_id = c.question_id GROUP BY c.question_id HAVING c.reps != COUNT(r.id)"
                ).fetchall()
                assert not mismatched
        finally:
            conn.close()
    try:
        StudyService.open(data).close()  # and it opens again
    except Exception as exc:
        raise AssertionError(f"does not open after SIGKILL (left: {left}, ready: {ready})") from exc
    return len(promised), ready


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_confirmed_answer(tmp_path):
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: _round(tmp_path / f"round{i}", 1000 + i), range(ROUNDS)))
    confirmed = sum(n for n, _ in results)
    killed_while_answering = sum(1 for n, ready in results if ready and n)
    print(f"{ROUNDS} rounds, {killed_while_answering} killed mid-study, {confirmed} confirmed answers all kept")
    assert killed_while_answering >= ROUNDS // 2, results  # most kills must land mid-study to mean anything
    assert confirmed > 0


def test_opening_several_folders_at_once_from_threads(tmp_path):
    """Migrations from two threads at once must not mix (Alembic's proxies are process-wide)."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        revisions = list(pool.map(lambda i: _open_and_revision(tmp_path / f"d{i}"), range(4)))
    assert revisions == [HEAD] * 4


def _open_and_revision(folder: Path) -> str | None:
    with StudyService.open(folder) as svc:
        return svc.store.revision()
