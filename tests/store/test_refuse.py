"""Databases this version must not touch: newer schema, damaged file — and starting from a backup."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from quizapp.store import CorruptDatabaseError, NewerDatabaseError, StorageError, StoreError, database_path
from quizapp.study import FakeClock, StudyService


@pytest.fixture
def used(tmp_path, now):
    """A data folder with some progress, in yesterday's backup too, closed."""
    clock = FakeClock(now - timedelta(days=2))
    with StudyService.open(tmp_path, clock) as svc:
        svc.settings.set("theme", "dark")
        with svc.store.transaction() as conn:
            conn.executemany("INSERT INTO cards (question_id, topic) VALUES (?, 'pk')",
                             [(f"q{i:05d}",) for i in range(3000)])
    clock.advance(days=1)
    StudyService.open(tmp_path, clock).close()
    return tmp_path


def test_a_database_from_a_newer_version_is_refused_untouched(used, now, snapshot):
    conn = sqlite3.connect(database_path(used))
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    before = snapshot(used)
    with pytest.raises(NewerDatabaseError) as err:
        StudyService.open(used, FakeClock(now))
    assert snapshot(used) == before
    assert "newer version" in err.value.message
    assert err.value.newest_backup is not None and err.value.newest_backup.exists()


def _damage(path, page: int) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page * page_size + 8: page * page_size + 200] = b"\xa5" * 192
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("check_day", [0, 1], ids=["same-day", "first-start-of-the-day"])
def test_a_damaged_database_is_refused_untouched_and_a_backup_restores_it(used, now, snapshot, check_day):
    db = database_path(used)
    _damage(db, page=5)
    before = snapshot(used)
    clock = FakeClock(now - timedelta(days=1 - check_day))
    with pytest.raises(CorruptDatabaseError) as err:
        StudyService.open(used, clock)
    assert snapshot(used) == before
    backup = err.value.newest_backup
    assert backup is not None
    aside = StudyService.restore_backup(used, backup, clock)
    assert snapshot(aside.parent)[aside.name][1] == before[db.name][1]  # kept aside, byte for byte
    with StudyService.open(used, clock) as svc:
        assert svc.settings.get("theme") == "dark"


def test_a_file_that_is_not_a_database_is_refused(tmp_path, now, snapshot):
    database_path(tmp_path).write_bytes(b"this is not sqlite" * 100)
    before = snapshot(tmp_path)
    with pytest.raises(CorruptDatabaseError) as err:
        StudyService.open(tmp_path, FakeClock(now))
    assert err.value.newest_backup is None
    assert snapshot(tmp_path) == before


def test_a_read_only_open_reads_without_the_lock_and_cannot_write(used, now):
    with StudyService.open(used, FakeClock(now)) as app, StudyService.open_readonly(used, FakeClock(now)) as reader:
        assert reader.counts()["pk"].total == 3000 and reader.settings.get("theme") == "dark"
        with pytest.raises(StorageError, match="cannot write"):
            reader.settings.set("theme", "light")
        assert app.settings.get("theme") == "dark" and reader.settings.get("theme") == "dark"


def test_a_read_only_open_refuses_what_it_cannot_read(used, tmp_path, now):
    with pytest.raises(StoreError, match="no progress"):
        StudyService.open_readonly(tmp_path / "empty")
    conn = sqlite3.connect(database_path(used))
    conn.execute("UPDATE alembic_version SET version_num = '0002'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="older version"):
        StudyService.open_readonly(used)
    conn = sqlite3.connect(database_path(used))
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(NewerDatabaseError, match="newer version"):
        StudyService.open_readonly(used)
