"""Which class the Class window reads: the server address and instructor login, and the password once.

The address and login are remembered in ui.ini; the password only in the system keyring, and only when
asked to ("Keep the password in the system keyring"), never in a file of quizapp's. The report job (on
a worker) takes the password from the dialog, $QUIZAPP_CLASS_PASSWORD or the keyring.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from quizapp.ui.background import run_in_background
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

STATE_URL, STATE_LOGIN = "class_report/url", "class_report/login"  # in ui.ini, never a password


@dataclass(frozen=True)
class Connection:
    """What the instructor typed: `password` is None when it should come from the environment or keyring."""

    url: str
    login: str | None = None
    password: str | None = None
    keep: bool = False  # keep the typed password in the system keyring once the report has worked


def split_password(url: str) -> tuple[str, str | None]:
    """(the address without a password, the password it held); ClassError if it is not a class address."""
    from quizapp.store.classdb.server import parse_url

    parsed = parse_url(url)
    if parsed.password is None:
        return url.strip(), None
    # URL.set(password=None) would keep it (None there means "unchanged"): replace the field itself.
    return parsed._replace(password=None, drivername="postgresql").render_as_string(), parsed.password


@dataclass(frozen=True)
class ReportOutcome:
    """A finished report job: the report, or the one-line reason it failed."""

    report: Any  # ClassReport | None
    url: str = ""  # the address without a password in it (what ui.ini remembers)
    again: Connection | None = None  # what the next refresh uses: that address, a typed password in memory
    error: str = ""
    refused: bool = False  # the server refused the login (no password, or a wrong one)
    password_from: str = ""
    kept_in_keyring: bool = False
    seconds: float = 0.0
    bad_address: bool = False  # the address itself is not one (nothing was contacted)


def report_job(connection: Connection, questions: Any, min_responses: int) -> ReportOutcome:
    """Connect as the instructor and compute the report (on a general worker: it waits on the network)."""
    from quizapp.store.classdb.errors import ClassError, ClassLoginError
    from quizapp.store.classdb.server import address, parse_url
    from quizapp.study.classroom.credentials import save_password, stored_password
    from quizapp.study.classroom.report import class_report

    started = time.perf_counter()
    source, url, typed = "", connection.url, connection.password
    try:  # parsing imports SQLAlchemy (≈0.4 s the first time): here on the worker, not in the dialog
        url, in_address = split_password(connection.url)
        where = address(parse_url(url, connection.login))
        typed = connection.password or in_address
        if typed:
            password, source = typed, "typed"
        else:
            password, source = stored_password(where)
        report = class_report(url, questions, login=connection.login, password=password,
                              min_responses=min_responses)
    except ClassError as exc:
        refused = isinstance(exc, ClassLoginError)
        again = Connection(url, connection.login, None if refused else typed, connection.keep)
        return ReportOutcome(None, url, again, exc.message, refused, source,
                             bad_address=type(exc) is ClassError)  # the subclasses are the server's answers
    kept = source == "typed" and connection.keep and save_password(where, password or "")
    return ReportOutcome(report, url, Connection(url, connection.login, typed, connection.keep), "", False, source,
                         kept, time.perf_counter() - started)


class ConnectDialog(QDialog):
    """Asks for the server address, the instructor login and (when needed) the password."""

    submitted = Signal(object)  # Connection

    def __init__(self, url: str = "", login: str = "", message: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("class-connect")
        self.setWindowTitle(tr("Open a class report"))
        self.url = QLineEdit(url)
        self.url.setPlaceholderText("postgresql://teacher@dbhost:5432/ketclass")
        self.url.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        self.login = QLineEdit(login)
        self.login.setPlaceholderText(tr("the login in the address"))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(tr("from the keyring or $QUIZAPP_CLASS_PASSWORD if empty"))
        self.keep = QCheckBox(tr("Keep the password in the system keyring"))
        self.keep.setEnabled(False)
        self.about = muted_label(tr("Looking for a system keyring…"))
        self.about.setWordWrap(True)
        self.message = QLabel(message)
        self.message.setProperty("state", "wrong")
        self.message.setWordWrap(True)
        self.message.setVisible(bool(message))
        form = QFormLayout()
        form.addRow(tr("Server address:"), self.url)
        form.addRow(tr("Instructor login:"), self.login)
        form.addRow(tr("Password:"), self.password)
        form.addRow("", self.keep)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Open report"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(muted_label(tr("The class's PostgreSQL server and a login that may read it (the one "
                                     "`quizapp class init` was run with, or one in the class's instructor "
                                     "role). docs/class.md explains the figures.")))
        box.addLayout(form)
        box.addWidget(self.about)
        box.addWidget(self.message)
        box.addWidget(buttons)
        from quizapp.study.classroom.credentials import keyring_available

        run_in_background(keyring_available, self._keyring_known, lambda _exc: self._keyring_known(False))
        (self.password if url else self.url).setFocus()

    def _keyring_known(self, available: bool) -> None:
        if not isValid(self):
            return
        self.keep.setEnabled(available)
        self.keep.setChecked(available)
        self.about.setText(tr("The address and login are remembered in ui.ini; the password only in the system "
                              "keyring, if you tick the box.") if available else
                           tr("This computer has no system keyring: the password is never saved, and is asked "
                              "for again after quizapp quits (or set $QUIZAPP_CLASS_PASSWORD)."))

    def accept(self) -> None:
        if not self.url.text().strip():
            self.message.setText(tr("Type the class server's address."))
            self.message.show()
            return
        self.submitted.emit(Connection(self.url.text().strip(), self.login.text().strip() or None,
                                       self.password.text() or None, self.keep.isChecked() and self.keep.isEnabled()))
        super().accept()
