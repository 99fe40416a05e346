"""The first start of a day: the home screen fills before the integrity check and the daily backup,
which then run off the GUI thread with a note beside the title; a damaged file is refused as at open."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtWidgets import QMessageBox

from quizapp.store import backups, database_path
from quizapp.study import FakeClock, StudyService
from quizapp.ui import background
from tests.store.test_refuse import _damage

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def _yesterday(data_dir) -> None:
    with StudyService.open(data_dir, FakeClock(NOW - timedelta(days=1))) as svc, svc.store.transaction() as conn:
        conn.executemany("INSERT INTO cards (question_id, topic) VALUES (?, 'pk')",
                         [(f"x{i:05d}",) for i in range(3000)])


def test_the_home_screen_comes_first_then_the_check_and_the_backup(qtbot, launch, bank_dir, data_dir):
    _yesterday(data_dir)
    seen = []
    window = launch([bank_dir], clock=FakeClock(NOW))
    window.bridge.opening_progress.connect(lambda stage: seen.append(window.home.loading_label.text()))
    assert window.home.study_now.isEnabled()  # filled and usable before the day's backup exists
    qtbot.waitUntil(lambda: backups.has_daily_backup(data_dir, NOW) and not background.busy(), timeout=10_000)
    assert not window.home.loading_label.isVisible()
    assert not seen or seen[-1] == "Making today's backup…"


def test_a_damaged_file_found_by_the_check_is_refused_with_the_backup_offered(qtbot, monkeypatch, bank_dir,
                                                                               data_dir):
    _yesterday(data_dir)
    StudyService.open(data_dir, FakeClock(NOW - timedelta(hours=12))).close()  # a backup of yesterday
    db = database_path(data_dir)
    _damage(db, page=5)
    before = db.read_bytes()
    offered = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: offered.append(box.text()) or 0)
    from quizapp.ui.app import start

    window = start(data_dir, [bank_dir], clock=FakeClock(NOW))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(offered), timeout=10_000)
    background.wait_all()
    assert "damaged" in offered[0]
    assert db.read_bytes() == before
    assert not backups.has_daily_backup(data_dir, NOW)
