"""kill -9 in the middle of a sync loses nothing and leaves nothing half-done (a real child, SIGKILL)."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sync_helpers import bulk_answers

from quizapp.store.store import DB_NAME
from quizapp.study.devicesync.folder import ROOT, list_segments
from quizapp.study.devicesync.segments import decode

CHILD = Path(__file__).with_name("sync_child.py")


def _spawn(data: Path, folder: Path, marks: Path, stop: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), str(data), str(folder), str(marks), stop],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for(child: subprocess.Popen, marks: Path, stage: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if marks.exists() and any(line.split(" ")[0] == stage for line in marks.read_text().splitlines()):
            return
        if child.poll() is not None:
            raise AssertionError(f"child ended before {stage}: {child.stderr.read().decode()}")
        time.sleep(0.005)
    raise AssertionError(f"child never reached {stage}")


def _kill(child: subprocess.Popen) -> None:
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stderr.close()


def _integrity(data: Path) -> str:
    conn = sqlite3.connect(data / DB_NAME)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def _every_segment_is_whole(folder: Path) -> None:
    for file in list_segments(folder):
        decode(file.path.read_bytes())  # raises for a half-written file under a final name


@pytest.fixture
def closed(computers):
    """A computer made and closed again, so a child process can open its folder."""
    def make(name: str, answers: int = 0, **kw):
        device = computers(name, **kw)
        if answers:
            bulk_answers(device, answers, questions=50)
        device.close()
        return device

    return make


def _reopen(device):
    from sync_helpers import Device

    return Device(device.data, device.questions, device.clock)


def test_killed_after_writing_a_segment_but_before_noting_it(closed, sync_dir, tmp_path):
    laptop = closed("laptop", answers=300)
    marks = tmp_path / "marks"
    child = _spawn(laptop.data, sync_dir, marks, "written")
    _wait_for(child, marks, "written")
    _kill(child)
    assert _integrity(laptop.data) == "ok"
    _every_segment_is_whole(sync_dir)
    [written] = list_segments(sync_dir)
    laptop = _reopen(laptop)
    try:
        result = laptop.sync(sync_dir)
        assert result.wrote == 0  # the segment on disk was recognised as this computer's, not written twice
        assert [f.name for f in list_segments(sync_dir)] == [written.name]
        waiting = laptop.service.store.conn.execute("SELECT COUNT(*) FROM review_log WHERE device IS NULL").fetchone()
        assert waiting == (0,)
    finally:
        laptop.close()


def test_killed_inside_the_merge_keeps_nothing_of_it_and_the_next_sync_merges_all(closed, computers, sync_dir,
                                                                                  tmp_path):
    laptop = computers("laptop")
    bulk_answers(laptop, 2000, questions=100)
    laptop.sync(sync_dir)
    uids = sorted(laptop.uids())
    desktop = closed("desktop")
    marks = tmp_path / "marks"
    child = _spawn(desktop.data, sync_dir, marks, "merging")
    _wait_for(child, marks, "merging")
    _kill(child)
    assert _integrity(desktop.data) == "ok"
    conn = sqlite3.connect(desktop.data / DB_NAME)
    assert conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (0,)
    assert conn.execute("SELECT COUNT(*) FROM sync_files WHERE state = 'read'").fetchone() == (0,)
    conn.close()
    desktop = _reopen(desktop)
    try:
        result = desktop.sync(sync_dir)
        assert sum(result.merged.values()) == 2000 and sorted(desktop.uids()) == uids
        assert desktop.state()["cards"] == [c for c in laptop.state()["cards"] if c[0] in
                                            {r[0] for r in desktop.state()["cards"]}]
    finally:
        desktop.close()


@pytest.mark.slow
def test_killed_at_random_moments_again_and_again_loses_and_doubles_nothing(closed, computers, sync_dir, tmp_path):
    rng = random.Random(7)
    laptop = closed("laptop", answers=6000)
    other = computers("desktop")
    bulk_answers(other, 3000, questions=80)
    other.sync(sync_dir)
    kills = 0
    for attempt in range(12):
        marks = tmp_path / f"marks{attempt}"
        child = _spawn(laptop.data, sync_dir, marks, "none")
        time.sleep(rng.uniform(0.05, 1.2))
        if child.poll() is None:
            _kill(child)
            kills += 1
        else:
            child.stderr.close()
        assert _integrity(laptop.data) == "ok"
        _every_segment_is_whole(sync_dir)
        tmp_files = [p for p in (sync_dir / ROOT).rglob("*.tmp")]
        assert len(tmp_files) <= 1  # at most the one being written when the kill came; the next sync removes it
    assert kills >= 3
    laptop = _reopen(laptop)
    try:
        laptop.sync(sync_dir)
        other.sync(sync_dir)
        assert not list((sync_dir / ROOT).rglob("*.tmp"))
        for d in (laptop, other):
            uids = d.uids()
            assert len(uids) == len(set(uids)) == 9000
        assert sorted(laptop.uids()) == sorted(other.uids())
        assert laptop.state() == other.state()
    finally:
        laptop.close()
