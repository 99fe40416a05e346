"""Rolling daily backups: one per day, the newest N kept, each a complete database."""

from __future__ import annotations

import sqlite3

from quizapp.store.backups import DAILY_PREFIX, list_backups
from quizapp.study import FakeClock, StudyService


def test_one_backup_a_day_and_only_the_newest_are_kept(tmp_path, now):
    clock = FakeClock(now)
    with StudyService.open(tmp_path, clock) as svc:
        svc.settings.set("backup_keep", 3)
    for day in range(6):
        clock.advance(days=1)
        for _ in range(2):  # a second start the same day makes no second copy
            with StudyService.open(tmp_path, clock) as svc:
                svc.settings.set("font_size", 10 + day)
    daily = sorted(p.name for p in list_backups(tmp_path) if p.name.startswith(DAILY_PREFIX))
    assert daily == ["daily-2025-03-14.sqlite3", "daily-2025-03-15.sqlite3", "daily-2025-03-16.sqlite3"]
    # Each copy holds the progress as it was when that day's first start happened.
    newest = sqlite3.connect(tmp_path / "backups" / daily[-1])
    assert newest.execute("SELECT value FROM settings WHERE key = 'font_size'").fetchone() == ("14",)
    newest.close()


def test_backup_now_copies_what_is_committed(tmp_path, now):
    with StudyService.open(tmp_path, FakeClock(now)) as svc:
        svc.settings.set("theme", "light")
        path = svc.backup_now()
        assert path in svc.backups()
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT value FROM settings WHERE key = 'theme'").fetchone() == ('"light"',)
    copy.close()
