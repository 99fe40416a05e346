"""The folder fails (read-only, full, gone) or the clocks disagree: reported, nothing lost, study goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sync_helpers import can_mount, folder_files, mount_tmpfs, remount, unmount

from quizapp.study import Rating
from quizapp.study.devicesync import sync_folder
from quizapp.study.devicesync.folder import ROOT


def _waiting(device) -> int:
    return device.service.store.conn.execute("SELECT COUNT(*) FROM review_log WHERE device IS NULL").fetchone()[0]


@pytest.fixture
def small_disk(tmp_path: Path):
    where = tmp_path / "stick"
    if not mount_tmpfs(where, "256k"):
        pytest.skip("mounting a small filesystem needs root on Linux")
    try:
        yield where
    finally:
        unmount(where)


def test_a_read_only_folder_is_reported_merges_still_and_writes_once_it_is_writable(computers, tmp_path):
    laptop, desktop = computers("laptop"), computers("desktop")
    if can_mount():
        folder = tmp_path / "ro"
        assert mount_tmpfs(folder, "4m")
        make_ro, make_rw = (lambda: remount(folder, "ro")), (lambda: remount(folder, "rw"))
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        make_ro, make_rw = (lambda: os.chmod(folder / ROOT, 0o555)), (lambda: os.chmod(folder / ROOT, 0o755))
    try:
        desktop.answer("q00")
        desktop.sync(folder)
        make_ro()
        laptop.answer("q01")
        result = sync_folder(laptop.service, folder)
        assert result.error is not None and "read-only" in result.error and "\n" not in result.error
        assert "safe" in result.error
        assert sum(result.merged.values()) == 1  # reading still works
        assert _waiting(laptop) == 1
        laptop.answer("q02", Rating.Again)  # studying goes on
        make_rw()
        result = laptop.sync(folder)
        assert result.wrote == 2 and _waiting(laptop) == 0
        desktop.sync(folder)
        assert laptop.state() == desktop.state()
    finally:
        if can_mount():
            unmount(folder)


def test_a_full_disk_leaves_no_partial_file_and_the_answers_wait(computers, small_disk):
    laptop, desktop = computers("laptop"), computers("desktop")
    filler = small_disk / "filler.bin"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    for i in range(6):
        laptop.answer(f"q0{i}")
    result = sync_folder(laptop.service, small_disk)
    assert result.error is not None and "full" in result.error
    leftovers = [p.name for p in (small_disk / ROOT).rglob("*") if p.is_file()]
    assert leftovers == []  # no half-written segment, no temporary file
    assert _waiting(laptop) == 6
    assert laptop.service.store.conn.execute("SELECT COUNT(*) FROM sync_files").fetchone() == (0,)
    filler.unlink()
    result = laptop.sync(small_disk)
    assert result.wrote == 6 and _waiting(laptop) == 0
    desktop.sync(small_disk)
    assert sorted(desktop.uids()) == sorted(laptop.uids())


def test_a_folder_that_is_not_there_is_reported_and_nothing_changes(computers, tmp_path):
    laptop = computers("laptop")
    laptop.answer("q00")
    before = laptop.state()
    result = sync_folder(laptop.service, tmp_path / "unplugged-stick")
    assert result.error is not None and "cannot be found" in result.error and not result.changed
    assert laptop.state() == before and _waiting(laptop) == 1
    assert not (tmp_path / "unplugged-stick").exists()


@pytest.mark.parametrize("skew", [-9, 9])
def test_clocks_minutes_apart_neither_lose_nor_double_an_answer(computers, sync_dir, skew):
    laptop, desktop = computers("laptop"), computers("desktop", skew_minutes=skew)
    # The same question, answered on both within a few real minutes; one clock is `skew` minutes off.
    a1 = laptop.answer("q00", Rating.Good, seconds=60)
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    b1 = desktop.answer("q00", Rating.Again, seconds=60)  # after seeing the laptop's, by the desktop's clock
    a2 = laptop.answer("q00", Rating.Hard, seconds=60)
    for d in (desktop, laptop, desktop):
        d.sync(sync_dir)
    for d in (laptop, desktop):
        assert sorted(d.uids()) == sorted([a1, a2, b1])
        assert d.service.card("q00").srs.reps == 3
    assert laptop.state() == desktop.state()
    assert folder_files(sync_dir)  # the answers went through the folder, not around it


def test_a_file_where_the_quizapp_folder_should_be_is_reported(computers, sync_dir):
    laptop = computers("laptop")
    laptop.answer("q00")
    (sync_dir / ROOT).write_text("not a folder")
    result = sync_folder(laptop.service, sync_dir)
    assert result.error is not None and "a file stands where" in result.error and "\n" not in result.error
    assert _waiting(laptop) == 1
