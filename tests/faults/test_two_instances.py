"""Two quizapps on one data folder: the second is refused with a clear message; a dead first never blocks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from fault_helpers import kill, spawn, wait_for

from quizapp.bank.loader import load_banks
from quizapp.store.backups import list_backups
from quizapp.store.lock import LOCK_NAME
from quizapp.store.store import database_path
from quizapp.study import AlreadyOpenError, Rating, StudyService

BANK = Path(__file__).parent.parent / "ui" / "fixtures" / "bank"


def _reviews(data: Path) -> int:
    with sqlite3.connect(database_path(data)) as conn:
        return conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]


def _hold(root: Path):
    data, marks = root / "data", root / "marks"
    child = spawn("hold", data, marks)
    wait_for(child, marks, "opened")
    return data, child


@pytest.fixture(scope="module")
def held(tmp_path_factory):
    """A data folder held open by another process (store_child.py hold); yields (folder, child)."""
    data, child = _hold(tmp_path_factory.mktemp("held"))
    yield data, child
    kill(child)


def test_a_second_process_is_refused_and_changes_nothing(held):
    data, first = held
    backups_before = list_backups(data)
    with pytest.raises(AlreadyOpenError) as err:
        StudyService.open(data)
    message = err.value.message
    assert "already open" in message and str(data) in message and f"process {first.pid}" in message
    assert err.value.pid == first.pid and err.value.newest_backup is None  # no "restore" offered
    assert list_backups(data) == backups_before and _reviews(data) == 0


def test_a_lock_left_by_a_killed_first_does_not_block(tmp_path: Path):
    data, first = _hold(tmp_path)
    kill(first)
    assert (data / LOCK_NAME).read_text().strip() == str(first.pid)  # the stale file is still there
    with StudyService.open(data) as service:
        assert service.store.revision() is not None
        assert (data / LOCK_NAME).read_text().strip() == str(os.getpid())


def test_restoring_a_backup_under_a_running_app_is_refused(held):
    data, _first = held
    before = database_path(data).read_bytes()
    [backup] = list_backups(data)
    with pytest.raises(AlreadyOpenError):
        StudyService.restore_backup(data, backup)
    assert database_path(data).read_bytes() == before and not (data / "set-aside").exists()


def test_the_cli_says_so_in_one_line_while_the_app_runs(tmp_path: Path):
    data = tmp_path / "data"
    with StudyService.open(data):
        done = subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(data), "progress-export",
                               "-o", str(tmp_path / "p.json")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("error: quizapp is already open") and f"process {os.getpid()}" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "p.json").exists()


def _progress_files(data: Path) -> dict[str, bytes]:
    """The database, its write-ahead log and the backups (not the -shm index every reader marks, nor
    the bank cache), by content."""
    files = [database_path(data), database_path(data).with_name(database_path(data).name + "-wal"),
             *list_backups(data)]
    return {p.name: p.read_bytes() for p in files if p.exists()}


def test_statistics_are_read_while_the_app_runs_and_change_nothing(tmp_path: Path):
    data = tmp_path / "data"
    questions = load_banks([BANK]).questions
    with StudyService.open(data) as app:
        app.sync(questions)
        session = app.start_session(questions, seed=1)
        item = session.next()
        session.answer(item.question_id, None, None, Rating.Good, 2000, True)
        before = _progress_files(data)
        done = subprocess.run([sys.executable, "-m", "quizapp", "--data-dir", str(data), "stats",
                               "--no-shipped-banks", "--banks", str(BANK), "--json"],
                              capture_output=True, text=True, timeout=60)
        assert _progress_files(data) == before
        assert app.counts()  # the app goes on as before
    assert done.returncode == 0, done.stderr
    assert done.stderr == "note: quizapp is open on this folder, so its progress is read as the app last saved it\n"
    today = json.loads(done.stdout)["today"]
    assert (today["reviewed"], today["new"]) == (1, 1)  # the answer the app had just saved


def test_holds_in_one_process_are_counted_and_the_last_close_frees_the_folder(tmp_path: Path):
    data = tmp_path / "data"
    first, second = StudyService.open(data), StudyService.open(data)  # one app: window and a command
    first.close()
    refused = spawn("open", data, tmp_path / "m1")
    assert refused.wait(timeout=60) != 0 and b"AlreadyOpenError" in refused.stderr.read()
    refused.stderr.close()
    second.close()
    allowed = spawn("open", data, tmp_path / "m2")
    assert allowed.wait(timeout=60) == 0
    allowed.stderr.close()


def test_the_window_of_a_second_app_shows_the_message_and_closes(qtbot, held, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from quizapp.ui import background
    from quizapp.ui.app import start

    data, first = held
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = start(data, [BANK])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(shown) and not window.isVisible(), timeout=10_000)
    background.wait_all()
    assert len(shown) == 1 and "already open" in shown[0] and f"process {first.pid}" in shown[0]
    assert _reviews(data) == 0
