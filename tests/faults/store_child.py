"""Child process for the fault tests: opens, restores or holds a data folder until it is killed.

    store_child.py open DATA MARKS DAY      open (migrating, backing up) on day DAY, close, exit
    store_child.py backup DATA MARKS DAY    open, then take manual backups until killed
    store_child.py restore DATA MARKS DAY   start from the newest backup, exit
    store_child.py hold DATA MARKS DAY      open and wait (a second instance's first)

MARKS gets "<phase> <monotonic seconds>" lines (start, opened, backup <path>, done), so the parent
knows where a kill landed.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from quizapp.store.backups import newest_usable_backup
from quizapp.study import FakeClock, StudyService

EPOCH = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def main(mode: str, data: str, marks: str, day: str) -> None:
    out = os.open(marks, os.O_WRONLY | os.O_APPEND | os.O_CREAT)

    def mark(text: str) -> None:
        os.write(out, f"{text} {time.monotonic():.6f}\n".encode())

    folder = Path(data)
    clock = FakeClock(EPOCH + timedelta(days=int(day)))
    mark("start")
    if mode == "restore":
        StudyService.restore_backup(folder, newest_usable_backup(folder), clock)
        mark("done")
        return
    service = StudyService.open(folder, clock)
    mark("opened")
    if mode == "hold":
        time.sleep(600)
    elif mode == "backup":
        while True:
            clock.advance(seconds=1)
            mark(f"backup {service.backup_now()}")
    service.close()
    mark("done")


if __name__ == "__main__":
    main(*sys.argv[1:])
