"""The desktop app's open (defer_checks): the integrity check and the daily backup wait for
finish_opening(), reads work meanwhile, and no write reaches the file before the check has passed."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest

from quizapp.store import CorruptDatabaseError, backups, database_path
from quizapp.study import FakeClock, StudyService
from tests.store.test_refuse import _damage


@pytest.fixture
def used(tmp_path, now):
    """A data folder with progress and yesterday's backup, closed; today's backup not made yet."""
    clock = FakeClock(now - timedelta(days=1))
    with StudyService.open(tmp_path, clock) as svc:
        svc.settings.set("theme", "dark")
        with svc.store.transaction() as conn:
            conn.executemany("INSERT INTO cards (question_id, topic) VALUES (?, 'pk')",
                             [(f"q{i:05d}",) for i in range(3000)])
    return tmp_path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_check_and_backup_wait_for_finish_opening_and_reads_work_meanwhile(used, now):
    with StudyService.open(used, FakeClock(now), defer_checks=True) as svc:
        assert svc.opening_work and not backups.has_daily_backup(used, now)
        assert sum(c.total for c in svc.counts().values()) == 3000  # the home screen can be filled
        heard = []
        svc.finish_opening(heard.append)
        assert heard == ["check", "backup"] and not svc.opening_work
        assert backups.has_daily_backup(used, now) and svc.store.verified
        svc.settings.set("theme", "light")
    with StudyService.open(used, FakeClock(now)) as svc:
        assert svc.settings.get("theme") == "light"


def test_a_write_before_the_check_runs_it_first(used, now):
    with StudyService.open(used, FakeClock(now), defer_checks=True) as svc:
        svc.settings.set("theme", "light")  # nothing started the check: the write runs it, then writes
        assert svc.store.verified and not svc.store.check_pending
        assert svc.opening_work  # today's backup is still to be made
        svc.finish_opening()
        assert backups.has_daily_backup(used, now)


def test_a_write_waits_while_the_check_runs_on_another_thread(used, now):
    with StudyService.open(used, FakeClock(now), defer_checks=True) as svc:
        order = []
        checking = threading.Event()
        real = svc.store.run_check

        def slow_check() -> None:
            with svc.store._check_lock:  # hold the check as a long integrity_check would
                checking.set()
                threading.Event().wait(0.3)
                order.append("checked")
            real()

        worker = threading.Thread(target=slow_check)
        worker.start()
        checking.wait()
        svc.settings.set("theme", "light")
        order.append("written")
        worker.join()
        assert order == ["checked", "written"]


def test_a_damaged_file_is_never_written_to(used, now):
    db = database_path(used)
    _damage(db, page=5)
    before = _digest(db)
    try:
        svc = StudyService.open(used, FakeClock(now), defer_checks=True)
    except CorruptDatabaseError:  # damaged where opening reads: refused at once, as without deferral
        assert _digest(db) == before
        return
    try:
        with pytest.raises(CorruptDatabaseError) as err:
            svc.finish_opening()
        assert err.value.newest_backup is not None
        with pytest.raises(CorruptDatabaseError):
            svc.settings.set("theme", "light")
        assert not backups.has_daily_backup(used, now)  # a damaged file pushes no good backup out
    finally:
        svc.close()
    assert _digest(db) == before
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_an_exam_saved_through_the_orm_waits_for_the_check_too(used, now):
    from quizapp.store.models import ExamAttempt

    db = database_path(used)
    _damage(db, page=5)
    before = _digest(db)
    try:
        svc = StudyService.open(used, FakeClock(now), defer_checks=True)
    except CorruptDatabaseError:
        return  # damaged where opening reads: refused at once
    try:
        assert svc.store.check_pending
        with pytest.raises(CorruptDatabaseError), svc.store.session() as session:
            session.add(ExamAttempt(started_at=1))
            session.commit()
    finally:
        svc.close()
    assert _digest(db) == before


def test_orm_reads_do_not_wait_for_the_check(used, now):
    from sqlalchemy import select

    from quizapp.store.models import ExamAttempt

    with StudyService.open(used, FakeClock(now), defer_checks=True) as svc, svc.store.session() as session:
        assert session.scalars(select(ExamAttempt)).all() == []
        assert svc.store.check_pending  # the read ran the check neither here nor in the background
