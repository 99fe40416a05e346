"""A data folder copied to a second computer (or restored from an old backup) must not hide answers."""

from __future__ import annotations

import shutil

from sync_helpers import Device

from quizapp.store.store import DB_NAME
from quizapp.study.devicesync import bookkeeping


def _device_id(device) -> str:
    return bookkeeping.device_id(device.service.store.conn)


def test_two_computers_that_share_one_device_id_keep_all_answers_and_one_takes_a_new_id(
        computers, sync_dir, tmp_path, questions):
    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.answer("q00")
    laptop.sync(sync_dir)
    laptop.service.store.checkpoint()
    (tmp_path / "clone").mkdir()
    shutil.copy(laptop.data / DB_NAME, tmp_path / "clone" / DB_NAME)  # the whole progress, device id and all
    clone = Device(tmp_path / "clone", questions, laptop.clock)
    try:
        assert _device_id(clone) == _device_id(laptop)
        laptop.answer("q01")
        clone.answer("q02")
        laptop.sync(sync_dir)
        result = clone.sync(sync_dir)  # finds a file in "its" folder that it never wrote
        assert result.device != _device_id(laptop)
        for d in (laptop, desktop, clone, laptop, desktop):
            d.sync(sync_dir)
        expected = sorted(laptop.given + clone.given)
        for d in (laptop, desktop, clone):
            assert sorted(d.uids()) == expected
        assert laptop.state() == desktop.state() == clone.state()
    finally:
        clone.close()


def test_progress_restored_from_an_older_backup_gets_its_later_answers_back_from_the_folder(
        computers, sync_dir, tmp_path, questions):
    laptop = computers("laptop")
    laptop.answer("q00")
    laptop.sync(sync_dir)
    laptop.service.store.checkpoint()
    old = tmp_path / "old.sqlite3"
    shutil.copy(laptop.data / DB_NAME, old)
    laptop.answer("q01")
    laptop.answer("q02")
    laptop.sync(sync_dir)
    everything = sorted(laptop.uids())
    laptop.close()
    shutil.copy(old, laptop.data / DB_NAME)  # the student starts from yesterday's backup
    for side in ("-wal", "-shm"):
        (laptop.data / (DB_NAME + side)).unlink(missing_ok=True)
    restored = Device(laptop.data, questions, laptop.clock)
    try:
        assert len(restored.uids()) == 1
        restored.sync(sync_dir)
        assert sorted(restored.uids()) == everything
        assert restored.service.card("q02").srs.reps == 1
    finally:
        restored.close()
