"""GUI test fixtures: the app started on a temporary data folder with a copy of the fixture banks."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget

from quizapp.study.clock import Clock
from quizapp.ui import background
from quizapp.ui.app import start
from quizapp.ui.main_window import MainWindow

FIXTURES = Path(__file__).parent / "fixtures"
# The offscreen platform cannot resize, raise or grab native windows and says so (a combo box popup
# raises and grabs); nothing a user would see.
IGNORED_QT_MESSAGES = (r"^This plugin does not support (propagateSizeHints|raise|grabbing)",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any other Qt warning fails the GUI test that caused it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED_QT_MESSAGES))


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture bank (one question of every type)."""
    target = tmp_path / "bank"
    shutil.copytree(FIXTURES / "bank", target)
    return target


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def launch(qtbot, data_dir: Path) -> Iterator[Callable[..., MainWindow]]:
    """Start the app like `quizapp --data-dir … --banks …`; returns once home shows the banks.
    Every window started this way is closed (and its database worker finished) after the test."""
    started: list[MainWindow] = []

    def start_app(bank_paths: list[Path], data: Path = data_dir, clock: Clock | None = None) -> MainWindow:
        window = start(data, bank_paths, clock=clock)
        qtbot.addWidget(window)
        started.append(window)
        with qtbot.waitSignal(window.banks_painted, timeout=10_000):
            pass
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        return window

    yield start_app
    for window in started:
        window.close()
    background.wait_all()


@pytest.fixture
def window(launch: Callable[..., MainWindow], bank_dir: Path) -> MainWindow:
    """The app on a fresh data folder with the fixture bank (one question of every type)."""
    return launch([bank_dir])


class Student:
    """Drives the window as a person would: keys go where the focus is, clicks land on widgets.
    Also reads what the app stored, through a separate connection to the progress database."""

    def __init__(self, qtbot, data_dir: Path) -> None:
        self.qtbot = qtbot
        self.data_dir = data_dir

    @staticmethod
    def focused() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has keyboard focus"
        return widget

    def press(self, key: str | Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.focused(), key, modifier)

    def type(self, text: str) -> None:
        self.qtbot.keyClicks(self.focused(), text)

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())

    def review_log(self) -> list[tuple]:
        """(question_id, rating, score, response) rows as stored."""
        with sqlite3.connect(self.data_dir / "progress.sqlite3") as conn:
            return conn.execute("SELECT question_id, rating, score, response FROM review_log ORDER BY id").fetchall()

    def card(self, question_id: str) -> dict:
        with sqlite3.connect(self.data_dir / "progress.sqlite3") as conn:
            conn.row_factory = sqlite3.Row
            row = conn.execute("SELECT * FROM cards WHERE question_id = ?", (question_id,)).fetchone()
            return dict(row) if row else {}

    def setting(self, key: str) -> object:
        with sqlite3.connect(self.data_dir / "progress.sqlite3") as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None


@pytest.fixture
def student(qtbot, data_dir: Path) -> Student:
    return Student(qtbot, data_dir)
