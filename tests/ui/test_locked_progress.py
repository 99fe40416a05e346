"""Another program holding the progress file at start: the message says so and "Try again" opens it once closed.

Not damage, so no backup is offered (restoring would set a healthy file aside); the student closes the
other program (a database browser, a sync tool) and carries on without restarting quizapp.
"""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp.store import connection
from quizapp.study import StudyService
from quizapp.ui import background
from quizapp.ui.app import start

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE settings SET value = value")
conn.execute("COMMIT")
print("held", flush=True)
sys.stdin.read()
"""


def test_a_held_database_offers_try_again_and_opens_once_released(qtbot, data_dir, bank_dir, monkeypatch):
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    with StudyService.open(data_dir) as svc:
        svc.settings.set("theme", "dark")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(data_dir / "progress.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    shown: list[tuple[str, list[str]]] = []

    def answer() -> None:  # what the student does while the message is on screen
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, answer)
            return
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        holder.stdin.close()  # closes the other program
        holder.wait(10)
        next(b for b in box.buttons() if b.text() == "Try again").click()

    QTimer.singleShot(50, answer)
    try:
        window = start(data_dir, [bank_dir])
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.banks_shown, timeout=15_000):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
    (text, buttons), = shown
    assert "Another program is using your progress file" in text
    assert sorted(buttons) == ["Quit", "Try again"]  # no backup offered: the file is not damaged
    assert window.isVisible() and window.bridge.settings["theme"] == "dark"
    window.close()
    background.wait_all()
