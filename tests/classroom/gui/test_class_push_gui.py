"""A student's app and the class server: the Class setting, pushes after each session and on quit, the
server down or silent (study goes on, answers wait), and the password asked for when there is no keyring."""

from __future__ import annotations

import json
import socket
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from class_settings import set_class
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from quizapp.ui.classroom import sync as sync_module
from quizapp.ui.classroom.settings_page import PasswordRow
from quizapp.ui.main_window import MainWindow
from quizapp.ui.settings_dialog import SettingsDialog


def review_log(data_dir: Path) -> list[str]:
    """The uids of the answers stored on this computer, read as another program would."""
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        return [r[0] for r in conn.execute("SELECT uid FROM review_log ORDER BY id")]


def stored_settings(data_dir: Path) -> dict:
    with sqlite3.connect(data_dir / "progress.sqlite3") as conn:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}


def server_uids(classdb, login: str) -> list[str]:
    from sqlalchemy import text

    engine = classdb.engine()
    try:
        with engine.connect() as conn:
            return [r[0] for r in conn.execute(text("SELECT uid FROM quizclass.answers WHERE student = :s"),
                                               {"s": login})]
    finally:
        engine.dispose()


def menu_action(window: MainWindow, menu: str, text: str):
    entries = next(a for a in window.menuBar().actions() if a.text() == menu).menu()
    return next(a for a in entries.actions() if a.text() == text)


def focused():
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has keyboard focus"  # a key sent to None would abort Qt
    return widget


def activate(qtbot, window: MainWindow) -> None:
    """The window active again after a dialog of its own closed (the offscreen platform does not do it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def start_session(qtbot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.review.question_shown, timeout=5000):
        qtbot.mouseClick(window.home.study_now, Qt.MouseButton.LeftButton)


def answer(qtbot, window: MainWindow, n: int = 1) -> None:
    """Answer n questions with the keyboard (option 1, or a word in a gap), taking the suggested rating."""
    review = window.review
    for _ in range(n):
        focus = focused()
        if isinstance(focus, QLineEdit):  # the cloze: its gap has the focus
            qtbot.keyClicks(focus, "NMDA")
        else:
            qtbot.keyClick(focus, "1")
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        with qtbot.waitSignal(review.answered, timeout=5000):
            qtbot.keyClick(focused(), Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not review.busy and review.widget is not None)


def end_session(qtbot, window: MainWindow):
    """Back home with Escape, as a student ends a session; returns the outcome of the push that follows."""
    with qtbot.waitSignal(window.classroom.sync.finished, timeout=20_000) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert window.stack.currentWidget() is window.home
    return blocker.args[0]


def status(window: MainWindow) -> str:
    label = window.classroom.sync.label
    assert label is not None and label.isVisible()
    return label.text()


@pytest.fixture
def ada(classdb) -> tuple[str, str]:
    return classdb.add_student("Ada Lovelace")


def public_url(classdb, login: str) -> str:
    """The address the instructor hands out (no login, no password in it)."""
    return classdb.student_url(login).replace(f"{login}@", "")


def test_the_class_setting_is_saved_and_the_password_goes_only_to_the_keyring(qtbot, classdb, ada, launch, data_dir,
                                                                               memory_keyring):
    login, password = ada
    window = launch()
    assert window.classroom.sync.label is None  # no class set: no status line at all
    menu_action(window, "&Edit", "&Settings…").trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    server = dialog.editor("class_server")
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Class"
    url = public_url(classdb, login)
    qtbot.keyClicks(server, url)
    qtbot.keyClicks(dialog.editor("class_student"), "Ada Lovelace")  # the name as the instructor typed it
    row = dialog.findChild(PasswordRow)
    qtbot.waitUntil(lambda: "Looking" not in row.about.text())
    assert row.about.text().startswith("Kept in the system keyring once a push has worked")
    qtbot.keyClicks(row.field, password)
    assert row.field.echoMode() == QLineEdit.EchoMode.Password
    with qtbot.waitSignal(window.classroom.sync.finished, timeout=20_000) as pushed:
        qtbot.keyClick(server, Qt.Key.Key_Return)  # OK
    assert not dialog.isVisible()
    assert pushed.args[0].ok and pushed.args[0].kept_in_keyring
    assert status(window) == "all answers are with the class"
    settings = stored_settings(data_dir)
    assert settings["class_server"] == url and settings["class_student"] == "Ada Lovelace"
    assert memory_keyring.entries == {
        ("quizapp-class", f"{login}@127.0.0.1:{classdb.pg.port}/{classdb.database}"): password}

    # The next time the dialog opens it says where the password is, and shows none of it.
    dialog = window.open_settings()
    row = dialog.findChild(PasswordRow)
    qtbot.waitUntil(lambda: "Looking" not in row.about.text())
    assert row.about.text().startswith("Kept in the system keyring, never in quizapp's files")
    assert row.field.text() == "" and row.field.placeholderText() == "kept in the keyring"
    dialog.reject()
    window.close()
    files = [f for f in data_dir.rglob("*") if f.is_file()]  # progress.sqlite3 (and WAL), ui.ini, backups
    assert {"progress.sqlite3", "ui.ini"} <= {f.name for f in files}
    for file in files:
        assert password.encode() not in file.read_bytes(), file


def test_a_password_in_the_address_is_refused(qtbot, launch, data_dir):
    window = launch()
    dialog = window.open_settings()
    dialog.editor("class_server").setText("postgresql://ada:secret@dbhost:5432/ketclass")
    dialog.accept()
    assert dialog.isVisible() and "leave the password out of the address" in dialog.error.text()
    dialog.reject()
    assert "class_server" not in stored_settings(data_dir)


def test_a_sessions_answers_are_pushed_when_it_ends(qtbot, classdb, ada, launch, data_dir, monkeypatch):
    login, password = ada
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", password)
    set_class(data_dir, public_url(classdb, login), login)
    window = launch()
    start_session(qtbot, window)
    answer(qtbot, window, 3)
    assert server_uids(classdb, login) == []  # nothing leaves during the session
    outcome = end_session(qtbot, window)
    assert outcome.ok and outcome.result.added == 3
    assert status(window) == "3 answers sent to the class"
    assert sorted(server_uids(classdb, login)) == sorted(review_log(data_dir))
    # A session with nothing answered sends nothing and does not even ask the server.
    start_session(qtbot, window)
    assert end_session(qtbot, window).skipped
    assert status(window) == "all answers are with the class"
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    assert end_session(qtbot, window).result.added == 1
    assert status(window) == "1 answer sent to the class"
    assert len(server_uids(classdb, login)) == 4


def test_answers_given_before_quitting_go_with_a_short_push_on_quit(qtbot, classdb, ada, launch, data_dir,
                                                                     monkeypatch):
    login, password = ada
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", password)
    set_class(data_dir, public_url(classdb, login), login)
    window = launch()
    start_session(qtbot, window)
    answer(qtbot, window, 2)  # and quit in the middle of the session
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < sync_module.QUIT_WAIT_S + 1
    assert sorted(server_uids(classdb, login)) == sorted(review_log(data_dir)) and len(review_log(data_dir)) == 2


def test_the_server_down_the_status_says_so_and_study_goes_on(qtbot, classdb, ada, launch, data_dir, monkeypatch):
    login, password = ada
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", password)
    set_class(data_dir, public_url(classdb, login), login)
    window = launch()
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    assert end_session(qtbot, window).ok
    classdb.pg.stop()
    try:
        start_session(qtbot, window)
        answer(qtbot, window, 2)
        outcome = end_session(qtbot, window)
        assert outcome.unreachable and outcome.waiting == 2
        assert status(window) == "class server unreachable: 2 answers wait"
        assert "connection refused" in window.classroom.sync.label.toolTip()
        assert window.classroom.sync.retry.isActive()  # tried again later by itself
        start_session(qtbot, window)  # studying needs no server
        answer(qtbot, window, 1)
        end_session(qtbot, window)
        assert status(window) == "class server unreachable: 3 answers wait"
        assert len(review_log(data_dir)) == 4
    finally:
        classdb.pg.restart()
    with qtbot.waitSignal(window.classroom.sync.finished, timeout=20_000) as pushed:
        menu_action(window, "&Tools", "&Send answers to the class now").trigger()
    assert pushed.args[0].result.added == 3
    assert status(window) == "3 answers sent to the class"
    assert sorted(server_uids(classdb, login)) == sorted(review_log(data_dir))


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that takes connections and never answers: a server that hangs, or a network that drops packets."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        yield s.getsockname()[1]


def test_a_silent_server_holds_neither_the_window_nor_the_answers(qtbot, launch, data_dir, silent_server,
                                                                   monkeypatch):
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", "unused")
    monkeypatch.setattr(sync_module, "CONNECT_S", 3)
    set_class(data_dir, f"postgresql://127.0.0.1:{silent_server}/ketclass", "ketclass_ada")
    window = launch()
    sync = window.classroom.sync
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    with qtbot.waitSignal(sync.finished, timeout=20_000) as blocker:
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: sync.job is not None and sync.text.startswith("sending"))
        # While the push waits on the server, the window responds and answers are saved at once.
        started = time.monotonic()
        start_session(qtbot, window)
        answer(qtbot, window, 2)
        assert sync.job is not None, "the push ended before the answers were saved: nothing was shown"
        assert time.monotonic() - started < sync_module.CONNECT_S
        assert len(review_log(data_dir)) == 3
    assert blocker.args[0].unreachable
    assert status(window) == "class server unreachable: 3 answers wait"  # counted when it gave up
    assert "no answer in time" in sync.label.toolTip()
    with qtbot.waitSignal(sync.finished, timeout=20_000):
        qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert status(window) == "class server unreachable: 3 answers wait"


def test_without_a_keyring_the_password_is_asked_once_per_run_and_never_saved(qtbot, classdb, ada, launch,
                                                                             data_dir):
    login, password = ada
    set_class(data_dir, public_url(classdb, login), login)
    window = launch()
    sync = window.classroom.sync
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    outcome = end_session(qtbot, window)
    assert outcome.refused and outcome.password_from == ""  # no keyring, no $QUIZAPP_CLASS_PASSWORD
    assert status(window) == "the class server refused the login: 1 answer wait"
    ask = window.findChild(QInputDialog, "class-password")
    assert ask is not None and ask.isVisible() and ask.textEchoMode() == QLineEdit.EchoMode.Password
    assert not ask.isModal() or ask.windowModality() == Qt.WindowModality.WindowModal
    with qtbot.waitSignal(sync.finished, timeout=20_000) as pushed:
        ask.setTextValue(password)
        ask.accept()
    assert pushed.args[0].ok and not pushed.args[0].kept_in_keyring
    assert status(window) == "1 answer sent to the class"
    activate(qtbot, window)
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    assert end_session(qtbot, window).result.added == 1  # held for this run: not asked again
    assert window.findChild(QInputDialog, "class-password") is None
    window.close()
    for file in (f for f in data_dir.rglob("*") if f.is_file()):
        assert password.encode() not in file.read_bytes(), file
    # The next run asks again; cancelling leaves the answers waiting and study going on.
    window = launch()
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    assert end_session(qtbot, window).refused
    ask = window.findChild(QInputDialog, "class-password")
    assert ask is not None
    ask.reject()
    assert status(window) == "class: no password given; answers wait"
    activate(qtbot, window)
    start_session(qtbot, window)
    answer(qtbot, window, 1)
    assert end_session(qtbot, window).refused
    assert window.findChild(QInputDialog, "class-password") is None  # cancelled once: not asked again by itself
    assert len(server_uids(classdb, login)) == 2 and len(review_log(data_dir)) == 4
