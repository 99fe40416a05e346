"""The window's answer to a bug: one sentence, the crash log's path and "Copy details"; the app goes on.

Errors written for the student (a StoreError's message) have their own boxes; everything else that
escapes a worker, a slot or a callback ends here. The traceback goes to a crash log in the data folder
(quizapp/crash.py), never to the terminal, and the window stays usable where it can.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QThread
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quizapp import crash
from quizapp.ui.i18n import tr

_open: list[CrashDialog] = []  # shown now (and kept alive when they have no parent)


class CrashDialog(QDialog):
    """One sentence, where the log is, and a button that copies everything for a bug report."""

    def __init__(self, log: Path | None, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Something went wrong"))
        self.log = log
        self.details = details
        layout = QVBoxLayout(self)
        self.sentence = QLabel(tr("{}. You can go on; the last thing you asked for may not have been done.")
                               .format(tr(crash.SENTENCE)), self)
        self.sentence.setWordWrap(True)
        layout.addWidget(self.sentence)
        where = tr("The details for a bug report are in:\n{}").format(log) if log else \
            tr("No crash log could be written; “Copy details” still has everything.")
        self.where = QLabel(where, self)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(tr("Copy details"), self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        head = f"{crash.SENTENCE}\n{self.log or 'no crash log written'}\n\n"
        QApplication.clipboard().setText(head + self.details)
        self.copy_button.setText(tr("Copied"))


def report(parent: QWidget | None, exc: BaseException, data_dir: Path | None, context: str = "",
           modal: bool = False) -> CrashDialog | None:
    """Log `exc` and show the dialog (None while another crash dialog is still open: the first error
    is the one worth reading, and a fault that repeats must not stack windows)."""
    if _showing():
        return None
    log = crash.write_log(exc, data_dir, context)
    dialog = CrashDialog(log, crash.details(exc, context), parent)
    _open.append(dialog)
    if modal:
        dialog.exec()
    else:
        dialog.open()
    return dialog


def _showing() -> bool:
    """Whether a crash dialog is on screen (forgetting closed ones, and ones whose window is gone)."""
    alive = []
    for dialog in _open:
        try:
            if dialog.isVisible():
                alive.append(dialog)
        except RuntimeError:  # deleted with its parent window
            continue
    _open[:] = alive
    return bool(alive)


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def install(data_dir: Path) -> None:
    """Route exceptions nobody caught (a slot, a virtual method, another thread) to a crash log and, on
    the GUI thread, the dialog, instead of the traceback Python would print. The app's start calls it;
    tests leave pytest-qt's own hook in place so a bug in a slot still fails them."""
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        exc = exc.with_traceback(tb)
        if _on_gui_thread():
            report(QApplication.activeWindow(), exc, data_dir, "a window action")
        else:
            print(f"error: {crash.message(crash.write_log(exc, data_dir, 'a worker thread'))}", file=sys.stderr)

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)
