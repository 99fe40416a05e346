"""SIGKILL while the store migrates, backs up or restores: the database and every listed backup stay whole.

Each round copies a progress folder at the oldest schema (6,000 studied cards), starts a child that
opens it (integrity check, migration backup, migrations, daily backup) or copies or restores it,
and kills the child at a random moment of that work. Then the folder must hold a database that
passes `PRAGMA integrity_check` with every card and review, at a known schema revision; every file
listed as a backup must be complete; and the folder must open again (migrated, half copies gone).
QUIZAPP_FAULT_ROUNDS multiplies the rounds for a longer soak.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from fault_helpers import kill, old_database, read_marks, spawn, summarise, wait_for

from quizapp.store.backups import DAILY_PREFIX, MIGRATION_PREFIX, PARTIAL, backup_dir, list_backups
from quizapp.store.schema import HEAD, REVISIONS
from quizapp.store.store import database_path
from quizapp.study import FakeClock, StudyService

SCALE = int(os.environ.get("QUIZAPP_FAULT_ROUNDS", "1"))
CARDS = 6_000
EPOCH_DAY = 0


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template") / "data"
    old_database(folder, REVISIONS[0], CARDS)
    return folder


@pytest.fixture(scope="module")
def migrated(template: Path, tmp_path_factory) -> Path:
    """The template opened once: at the current schema, with its migration and daily backups."""
    folder = tmp_path_factory.mktemp("migrated") / "data"
    shutil.copytree(template, folder)
    StudyService.open(folder, FakeClock(_day(EPOCH_DAY))).close()
    return folder


def _check_whole(data: Path, reviews: int = 2 * CARDS) -> str:
    """Asserts the database and every listed backup are complete; returns the database's revision."""
    db = summarise(database_path(data))
    assert db.integrity == "ok" and db.revision in REVISIONS and db.tags_consistent, db
    assert (db.cards, db.reviews) == (CARDS, reviews), db
    for backup in list_backups(data):
        copy = summarise(backup)
        assert copy.integrity == "ok" and copy.revision in REVISIONS, (backup.name, copy)
        assert copy.cards == CARDS and copy.reviews >= 2 * CARDS, (backup.name, copy)
    return db.revision


def _phase(data: Path, revision: str) -> str:
    """Where the kill landed, judged from what it left."""
    names = [p.name for p in backup_dir(data).iterdir()] if backup_dir(data).is_dir() else []
    if any(n.endswith(PARTIAL) for n in names):
        return "while copying a backup"
    if revision != HEAD:
        migrated = any(n.startswith(MIGRATION_PREFIX) for n in names)
        return "while migrating" if migrated else "while checking, before any write"
    return "after migrating" if not any(n.startswith(DAILY_PREFIX) for n in names) else "after the daily backup"


def _reopen(data: Path, day: int, reviews: int = 2 * CARDS) -> None:
    with StudyService.open(data, FakeClock(_day(day))) as svc:
        assert svc.store.revision() == HEAD
    assert not list(backup_dir(data).glob(f"*{PARTIAL}*")), "a half copy survived the next start"
    assert _check_whole(data, reviews) == HEAD


def _day(day: int):
    from store_child import EPOCH

    return EPOCH + timedelta(days=day)


def _open_round(template: Path, root: Path, delay: float) -> str:
    data, marks = root / "data", root / "marks"
    shutil.copytree(template, data)
    child = spawn("open", data, marks, EPOCH_DAY)
    started = wait_for(child, marks, "start")
    time.sleep(max(0.0, started + delay - time.monotonic()))
    kill(child)
    phase = _phase(data, _check_whole(data))
    _reopen(data, EPOCH_DAY)
    return phase


def _duration(template: Path, root: Path) -> float:
    """How long the child's open takes here, start to opened (the kill window)."""
    shutil.copytree(template, root / "data")
    child = spawn("open", root / "data", root / "marks", EPOCH_DAY)
    child.wait()
    child.stderr.close()
    marks = dict(read_marks(root / "marks"))
    assert "done" in marks, "the child could not open the folder"
    return marks["opened"] - marks["start"]


@pytest.mark.slow
def test_kill_during_migration_and_backup_keeps_database_and_backups_whole(template, tmp_path):
    window = _duration(template, tmp_path / "calibrate") * 1.1
    rounds = 8 * SCALE
    rng = random.Random(7000)
    # Stratified: one kill in each slice of the opening's duration, at a random point of the slice.
    delays = [window * (i + rng.random()) / rounds for i in range(rounds)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        phases = list(pool.map(lambda i: _open_round(template, tmp_path / f"r{i}", delays[i]), range(rounds)))
    seen = Counter(phases)
    print(f"\n{rounds} kills while opening a {CARDS}-card folder at schema {REVISIONS[0]}: {dict(seen)}; "
          "database and backups whole every time")
    assert set(seen) - {"after the daily backup"}, seen  # the kills must land in the work, not after it


def _backup_round(migrated: Path, root: Path, seed: int) -> int:
    rng = random.Random(seed)
    data, marks = root / "data", root / "marks"
    shutil.copytree(migrated, data)
    child = spawn("backup", data, marks, EPOCH_DAY)
    opened = wait_for(child, marks, "opened")
    time.sleep(max(0.0, opened + rng.uniform(0.0, 0.15) - time.monotonic()))
    kill(child)
    copies = sum(1 for phase, _ in read_marks(marks) if phase.startswith("backup "))
    _check_whole(data)
    _reopen(data, EPOCH_DAY)
    return copies


@pytest.mark.slow
def test_kill_during_manual_backups_never_lists_a_half_copy(migrated, tmp_path):
    rounds = 4 * SCALE
    with ThreadPoolExecutor(max_workers=2) as pool:
        copies = list(pool.map(lambda i: _backup_round(migrated, tmp_path / f"b{i}", 8000 + i), range(rounds)))
    print(f"\n{rounds} kills amid back-to-back backups ({sum(copies)} copies finished): every listed backup whole")


def _restore_round(migrated: Path, root: Path, seed: int) -> str:
    rng = random.Random(seed)
    data, marks = root / "data", root / "marks"
    shutil.copytree(migrated, data)
    with StudyService.open(data, FakeClock(_day(EPOCH_DAY))) as svc, svc.store.transaction() as conn:
        # One review more than the backups hold, to tell the original from a restored copy.
        conn.execute("INSERT INTO review_log (question_id, reviewed_at, rating, state_before, card_before) "
                     "VALUES ('q000001', 1, 3, 2, '{}')")
    child = spawn("restore", data, marks, EPOCH_DAY)
    started = wait_for(child, marks, "start")
    time.sleep(max(0.0, started + rng.uniform(0.0, 0.03) - time.monotonic()))
    kill(child)
    db = summarise(database_path(data))  # never missing, never half-copied
    assert db.integrity == "ok" and db.cards == CARDS and db.reviews in (2 * CARDS, 2 * CARDS + 1), db
    _reopen(data, EPOCH_DAY, db.reviews)
    return "original" if db.reviews == 2 * CARDS + 1 else "restored"


@pytest.mark.slow
def test_kill_during_a_restore_leaves_the_old_or_the_restored_database(migrated, tmp_path):
    rounds = 4 * SCALE
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(pool.map(lambda i: _restore_round(migrated, tmp_path / f"s{i}", 9000 + i), range(rounds)))
    print(f"\n{rounds} kills during a restore: {dict(Counter(outcomes))}; never missing or half-copied")
