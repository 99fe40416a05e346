"""The Sync folder in the app: set in Settings, synced on start, after a session, on quit and when the folder
changes, on the database worker, with a line in the status bar."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from quizapp.bank.loader import load_banks
from quizapp.study import FakeClock, Rating, StudyService
from quizapp.study.devicesync import run as sync_run
from quizapp.study.devicesync.folder import ROOT
from quizapp.ui import background
from quizapp.ui.main_window import MainWindow


def _segments(folder: Path) -> list[Path]:
    return sorted((folder / ROOT).rglob("*.qsync")) if (folder / ROOT).exists() else []


def _answers(data: Path) -> int:
    with sqlite3.connect(data / "progress.sqlite3") as conn:
        return conn.execute("SELECT COUNT(*) FROM review_log").fetchone()[0]


@pytest.fixture
def sync_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture
def synced_window(launch, bank_dir: Path, data_dir: Path, sync_dir: Path) -> MainWindow:
    """The app on a data folder whose Sync folder setting is already set."""
    with StudyService.open(data_dir) as service:
        service.settings.set("sync_folder", str(sync_dir))
    return launch([bank_dir])


def _wait_synced(qtbot, window: MainWindow) -> None:
    label = window.folder_sync.label
    qtbot.waitUntil(lambda: not window.folder_sync.running and label.text().startswith("Synced"), timeout=10_000)


def _answer_one(qtbot, window: MainWindow, student) -> None:
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.click(window.home.study_now)
    student.press("1")
    student.press(Qt.Key.Key_Return)
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        student.press("3")


def test_the_sync_folder_is_a_setting_in_its_own_tab_and_a_sync_follows(qtbot, window: MainWindow, sync_dir,
                                                                          student) -> None:
    assert not window.statusBar().isVisible()  # no folder, no sync, no status line
    dialog = window.open_settings()
    edit = dialog.editor("sync_folder")
    assert isinstance(edit, QLineEdit) and edit.text() == ""
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Sync"
    edit.setText(str(sync_dir))
    with qtbot.waitSignal(window.folder_sync.synced, timeout=10_000) as blocker:
        dialog.accept()
    assert student.setting("sync_folder") == str(sync_dir)
    assert blocker.args[0].error is None
    assert window.statusBar().isVisible() and "Synced" in window.folder_sync.label.text()


def test_syncs_on_start_after_a_session_and_on_quit(qtbot, synced_window: MainWindow, sync_dir, student) -> None:
    window = synced_window
    _wait_synced(qtbot, window)  # on start: nothing to send yet, but this computer knows the folder now
    assert window.statusBar().isVisible() and window.folder_sync.label.isVisible()
    assert _segments(sync_dir) == []
    _answer_one(qtbot, window, student)
    with qtbot.waitSignal(window.folder_sync.synced, timeout=10_000) as blocker:
        student.press(Qt.Key.Key_Escape)  # back home: the session is over
    assert blocker.args[0].wrote == 1 and len(_segments(sync_dir)) == 1
    _answer_one(qtbot, window, student)
    window.close()  # quitting in the middle of a session
    background.wait_all()
    assert len(_segments(sync_dir)) == 2


def test_answers_from_another_computer_arrive_when_the_folder_changes(qtbot, synced_window: MainWindow, sync_dir,
                                                                      bank_dir, data_dir, tmp_path) -> None:
    window = synced_window
    _wait_synced(qtbot, window)
    other = StudyService.open(tmp_path / "desktop", FakeClock())
    try:
        questions = load_banks([bank_dir]).questions
        other.sync(questions)
        session = other.start_session(questions)
        session.answer("ui-001", 0, None, Rating.Good, 4000)
        session.answer("ui-002", [0, 1], None, Rating.Good, 4000)
        with qtbot.waitSignal(window.folder_sync.synced, timeout=20_000) as blocker:
            sync_run.sync_folder(other, sync_dir)  # the sync tool brings the desktop's file in
        result = blocker.args[0]
        assert sum(result.merged.values()) == 2 and _answers(data_dir) == 2
        assert "received 2 answer(s)" in window.folder_sync.label.text()
    finally:
        other.close()


def test_syncing_runs_on_the_database_worker_never_the_gui_thread(qtbot, synced_window, monkeypatch, student):
    window = synced_window
    _wait_synced(qtbot, window)
    threads: list[threading.Thread] = []
    real = sync_run.sync_folder

    def watched(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_run, "sync_folder", watched)
    with qtbot.waitSignal(window.folder_sync.synced, timeout=10_000):
        window.folder_sync.sync()
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_a_folder_that_cannot_be_written_shows_in_the_status_line_and_study_goes_on(
        qtbot, launch, bank_dir, data_dir, tmp_path, student) -> None:
    missing = tmp_path / "unplugged"
    with StudyService.open(data_dir) as service:
        service.settings.set("sync_folder", str(missing))
    window = launch([bank_dir])
    label = window.folder_sync.label
    qtbot.waitUntil(lambda: "cannot be found" in label.text(), timeout=10_000)
    _answer_one(qtbot, window, student)  # studying is not held up
    assert student.review_log()
