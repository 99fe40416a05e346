"""The class in the app against the real test server: the window started on a temporary data folder.

The class fixtures (pg, classdb, student_at, bank) come from tests/classroom/conftest.py. Keyrings: by
default none (as on this machine and in CI); `memory_keyring` is a keyring of the `keyring` package's own
backend kind that keeps passwords in memory, so no test ever touches the developer's real keyring.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from quizapp.ui import background
from quizapp.ui.app import start
from quizapp.ui.main_window import MainWindow

IGNORED_QT_MESSAGES = (r"^This plugin does not support (propagateSizeHints|raise|grabbing)",)
BANK = Path(__file__).parent.parent / "bank"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Any Qt warning fails the GUI test that caused it (as in tests/ui)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.qt_log_level_fail("WARNING"))
            item.add_marker(pytest.mark.qt_log_ignore(*IGNORED_QT_MESSAGES))


class MemoryKeyring:
    """A keyring backend (the interface keyring.set_keyring takes) holding passwords in memory."""

    priority = 1

    def __init__(self) -> None:
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch) -> Iterator[None]:
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    monkeypatch.delenv("QUIZAPP_CLASS_PASSWORD", raising=False)
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(no_keyring) -> MemoryKeyring:
    import keyring
    from keyring.backend import KeyringBackend

    class Backend(MemoryKeyring, KeyringBackend):
        pass

    backend = Backend()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "app"


@pytest.fixture
def launch(qtbot, data_dir: Path) -> Iterator[Callable[..., MainWindow]]:
    """Start the app on the class test bank; returns once home shows it. Closed (quit push included) after."""
    started: list[MainWindow] = []

    def start_app(data: Path = data_dir) -> MainWindow:
        window = start(data, [BANK])
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
