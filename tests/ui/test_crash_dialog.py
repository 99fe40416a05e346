"""A bug in the window: a crash log, one dialog (the sentence, the log's path, "Copy details"), and the app goes on.

Failures are injected where they happen in use: in the database worker (a query that raises), in a
slot on the GUI thread (a screen that cannot show what it got), in work started without its own
failure callback, and while the progress folder opens. No traceback may reach the terminal.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from quizapp.crash import LOG_FOLDER, SENTENCE
from quizapp.study.service import StudyService
from quizapp.ui import background, crash_dialog
from quizapp.ui.app import start
from quizapp.ui.crash_dialog import CrashDialog
from quizapp.ui.home import HomeScreen
from quizapp.ui.main_window import MainWindow


def _broken(*_args, **_kwargs):
    raise RuntimeError("injected failure")


def _visible_dialogs() -> list[CrashDialog]:
    """Crash dialogs on screen, parented to a window or not (each once)."""
    found: dict[int, CrashDialog] = {}
    for top in QApplication.topLevelWidgets():
        for widget in (top, *top.findChildren(CrashDialog)):
            if isinstance(widget, CrashDialog) and widget.isVisible():
                found[id(widget)] = widget
    return list(found.values())


def _dialog(qtbot) -> CrashDialog:
    qtbot.waitUntil(lambda: bool(_visible_dialogs()), timeout=10_000)
    dialogs = _visible_dialogs()
    assert len(dialogs) == 1, "one dialog, however often it failed"
    return dialogs[0]


def _check_dialog(dialog: CrashDialog, data_dir: Path, student) -> None:
    assert SENTENCE in dialog.sentence.text()
    assert dialog.log is not None and dialog.log.parent == data_dir / LOG_FOLDER
    assert str(dialog.log) in dialog.where.text()
    log = dialog.log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in log and "RuntimeError: injected failure" in log
    student.click(dialog.copy_button)
    copied = QApplication.clipboard().text()
    assert str(dialog.log) in copied and "RuntimeError: injected failure" in copied
    student.click(dialog.close_button)
    assert not dialog.isVisible()


def _still_usable(qtbot, window: MainWindow, student) -> None:
    """Counts refresh, and a study session starts and shows a question."""
    with qtbot.waitSignal(window.banks_shown, timeout=10_000):
        window.reload()
    assert "New: 9" in window.home.totals.text()
    with qtbot.waitSignal(window.review.question_shown, timeout=10_000):
        student.click(window.home.study_now)
    assert window.review.widget is not None


def test_a_failure_in_the_database_worker_is_logged_and_the_app_goes_on(qtbot, window, student, data_dir,
                                                                         monkeypatch, capfd):
    capfd.readouterr()
    with monkeypatch.context() as patch:
        patch.setattr(StudyService, "home", _broken)  # what the home screen asks the worker for
        window.reload()
        window.refresh_counts()  # fails twice; one dialog
        dialog = _dialog(qtbot)
        assert not window.loading and not window.review.busy
    _check_dialog(dialog, data_dir, student)
    _still_usable(qtbot, window, student)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "injected failure" not in out + err


def test_an_exception_in_a_slot_on_the_gui_thread_gets_the_same_dialog(qtbot, window, student, data_dir,
                                                                       monkeypatch, capfd):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # put back after the test (pytest-qt's own)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    crash_dialog.install(data_dir)  # as the app's run() does
    capfd.readouterr()
    with monkeypatch.context() as patch:
        patch.setattr(HomeScreen, "show_counts", _broken)
        window.refresh_counts()
        dialog = _dialog(qtbot)
    _check_dialog(dialog, data_dir, student)
    _still_usable(qtbot, window, student)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_background_work_without_its_own_failure_callback_reports_too(qtbot, window, student, data_dir, capfd):
    capfd.readouterr()
    background.run_in_background(_broken, lambda _result: None)
    _check_dialog(_dialog(qtbot), data_dir, student)
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_a_bug_while_the_progress_opens_is_logged_and_the_window_closes(qtbot, data_dir, bank_dir, monkeypatch,
                                                                        capfd):
    monkeypatch.setattr(StudyService, "open", classmethod(_broken))
    seen: list[CrashDialog] = []

    other: list[str] = []

    def close_it() -> None:  # the dialog is modal: a person reads it and presses Close
        dialogs = _visible_dialogs()
        modal = QApplication.activeModalWidget()
        if not dialogs and modal is not None:  # any other box: noted and closed, so the test cannot hang
            other.append(type(modal).__name__)
            modal.close()
        if not dialogs:
            QTimer.singleShot(50, close_it)
            return
        seen.extend(dialogs)
        dialogs[0].close_button.click()

    QTimer.singleShot(50, close_it)
    capfd.readouterr()
    window = start(data_dir, [bank_dir])
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: bool(seen or other) and not window.isVisible(), timeout=10_000)
    assert other == [], "the crash dialog, not another box"
    assert seen[0].log is not None and "RuntimeError: injected failure" in seen[0].log.read_text(encoding="utf-8")
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err
    background.wait_all()


@pytest.fixture(autouse=True)
def _no_dialog_left():
    yield
    for dialog in _visible_dialogs():
        dialog.reject()
