"""A full disk: the answer that does not fit is refused with a clear message; nothing confirmed is lost.

On a small tmpfs (root on Linux) the disk really fills up; everywhere, SQLite's own "database or
disk is full" path is driven with `PRAGMA max_page_count`.
"""

from __future__ import annotations

import sqlite3
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fault_helpers import fill_disk, summarise, tmpfs

from quizapp.bank.types.flashcard import Flashcard
from quizapp.store.backups import PARTIAL, backup_dir
from quizapp.store.store import database_path
from quizapp.study import FakeClock, Rating, StorageError, StudyService

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def _questions(n: int) -> dict[str, Flashcard]:
    out = {}
    for i in range(n):
        q = Flashcard(id=f"c{i:04d}", prompt=f"Prompt {i} " + "x" * 200, back=f"Back {i}", topic="t")
        q.content_hash = q.compute_hash()
        out[q.id] = q
    return out


def _answer_until_full(svc: StudyService, clock: FakeClock, questions, limit: int = 20_000):
    """Answer with long responses until the disk refuses one; returns (confirmed log ids, the error)."""
    confirmed: list[int] = []
    session = svc.start_session(questions, seed=1)
    for _ in range(limit):
        item = session.next()
        if item is None:
            clock.advance(days=1)
            session = svc.start_session(questions, seed=len(confirmed))
            continue
        clock.advance(minutes=1)
        try:
            outcome = session.answer(item.question_id, {"typed": "y" * 2000}, None, Rating.Good, 3000)
        except StorageError as exc:
            return confirmed, exc, session, item.question_id
        confirmed.append(outcome.log_id)
    raise AssertionError("the disk never filled up")


def _logged(data: Path) -> set[int]:
    with sqlite3.connect(database_path(data)) as conn:
        return {row[0] for row in conn.execute("SELECT id FROM review_log")}


def test_answers_on_a_disk_that_fills_up(tmp_path):
    with tmpfs(tmp_path / "mnt", "3m") as mount:
        data, clock = mount / "data", FakeClock(NOW)
        questions = _questions(300)
        svc = StudyService.open(data, clock)
        svc.settings.set("new_per_day", 9999)
        svc.sync(questions)
        filler = fill_disk(mount, leave=64 * 1024)
        confirmed, error, session, refused = _answer_until_full(svc, clock, questions)
        assert error.reason == "full" and "is full" in error.message and str(data) in error.message
        assert confirmed and set(confirmed) <= _logged(data)

        filler.unlink()  # the student frees some space: the same session goes on
        outcome = session.answer(refused, {"typed": "again"}, None, Rating.Good, 3000)
        assert outcome.log_id not in confirmed
        svc.close()
        summary = summarise(database_path(data))
        assert summary.integrity == "ok" and summary.reviews == len(confirmed) + 1
        assert _logged(data) == {*confirmed, outcome.log_id}


def test_no_room_for_the_daily_backup_refuses_to_open_and_leaves_no_half_copy(tmp_path):
    with tmpfs(tmp_path / "mnt", "6m") as mount:
        data = mount / "data"
        with StudyService.open(data, FakeClock(NOW)) as svc, svc.store.transaction() as conn:
            conn.executemany("INSERT INTO cards (question_id, topic, tags) VALUES (?, 't', ?)",
                             [(f"q{i:05d}", "z" * 300) for i in range(6000)])
        db = database_path(data)
        before = db.read_bytes()
        filler = fill_disk(mount, leave=256 * 1024)  # less than a copy of the 2+ MB database needs
        tomorrow = FakeClock(NOW + timedelta(days=1))
        with pytest.raises(StorageError) as err:
            StudyService.open(data, tomorrow)
        assert err.value.reason == "full"
        assert "copy_database" in "".join(traceback.format_tb(err.value.__cause__.__traceback__))
        assert db.read_bytes() == before
        assert not list(backup_dir(data).glob(f"*{PARTIAL}*"))
        filler.unlink()
        with StudyService.open(data, tomorrow) as svc:
            assert len(svc.backups()) == 2


def test_sqlite_full_path_rolls_back_and_the_connection_goes_on(tmp_path):
    """No mount needed: SQLite's max_page_count gives the same SQLITE_FULL as a full disk."""
    clock = FakeClock(NOW)
    questions = _questions(300)
    svc = StudyService.open(tmp_path / "data", clock)
    svc.settings.set("new_per_day", 9999)
    svc.sync(questions)
    conn = svc.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages + 20}")
    confirmed, error, session, refused = _answer_until_full(svc, clock, questions)
    assert error.reason == "full" and not conn.in_transaction
    conn.execute(f"PRAGMA max_page_count = {pages + 100_000}")
    outcome = session.answer(refused, True, None, Rating.Good, 3000)
    svc.close()
    assert _logged(tmp_path / "data") == {*confirmed, outcome.log_id}
