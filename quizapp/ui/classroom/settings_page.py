"""The class password row of the settings dialog's Class tab: typed here, kept only in the system keyring.

The settings themselves (server, login) are declared in quizapp.study.settings and saved with the others;
the password is never one of them. Whether a keyring exists, and whether it holds the password, is
asked on a worker: a keyring may be slow or ask to be unlocked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget
from shiboken6 import isValid

from quizapp.ui.background import run_in_background
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label


def keyring_state(url: str, student: str) -> tuple[bool, str]:
    """(a keyring exists, where the password for this class comes from: "environment" | "keyring" | "")."""
    from quizapp.store.classdb.errors import ClassError
    from quizapp.store.classdb.server import address, parse_url
    from quizapp.study.classroom.credentials import ENV_PASSWORD, keyring_available, stored_password, student_login

    available = keyring_available()
    if not url:
        import os

        return available, "environment" if os.environ.get(ENV_PASSWORD) else ""
    try:
        return available, stored_password(address(parse_url(url, student_login(url, student))))[1]
    except ClassError:
        return available, ""


def describe(available: bool, source: str) -> str:
    from quizapp.study.classroom.credentials import ENV_PASSWORD

    if source == "environment":
        return tr("The password comes from ${} here; anything typed in this field is used until quizapp "
                  "quits.").format(ENV_PASSWORD)
    if source == "keyring":
        return tr("Kept in the system keyring, never in quizapp's files. Type a new one to replace it.")
    if available:
        return tr("Kept in the system keyring once a push has worked; never in quizapp's files.")
    return tr("This computer has no system keyring, so the password is never saved: quizapp asks for it "
              "at the first push after it starts and forgets it when it quits (or set ${}).").format(ENV_PASSWORD)


class PasswordRow(QWidget):
    """A password field and a line on where it is kept; `password()` is what was typed (may be empty)."""

    def __init__(self, target: tuple[str, str] | None, width: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("class-password-row")
        label = QLabel(tr("Class password"), self)
        label.setProperty("role", "heading")
        label.setContentsMargins(0, 10, 0, 0)
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(tr("Class password"))
        self.field.setFixedWidth(width or self.fontMetrics().averageCharWidth() * 35)  # as the address field
        label.setBuddy(self.field)
        self.about = muted_label(tr("Looking for a system keyring…"), self)
        self.about.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(18)
        grid.setColumnStretch(0, 1)
        grid.addWidget(label, 0, 0)
        grid.addWidget(self.field, 0, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.about, 1, 0)
        self.source = ""
        url, student = target if target is not None else ("", "")
        run_in_background(lambda: keyring_state(url, student), self._known, lambda _exc: self._known((False, "")))

    def _known(self, state: tuple[bool, str]) -> None:
        if not isValid(self):  # the dialog closed before the keyring answered
            return
        available, self.source = state
        self.about.setText(describe(available, self.source))
        self.field.setPlaceholderText(tr("kept in the keyring") if self.source == "keyring" else "")

    def password(self) -> str:
        return self.field.text()


def extend(dialog: object, target: tuple[str, str] | None, set_password: Callable[[str, bool], None]) -> None:
    """Add the password row to a SettingsDialog's Class tab; on OK, `set_password(typed, class settings changed)`."""
    row = PasswordRow(target, dialog.editors["class_server"].widget.maximumWidth())  # type: ignore[attr-defined]
    dialog.add_to_page("class", row)  # type: ignore[attr-defined]
    changed: list[bool] = [False]

    def submitted(changes: dict) -> None:
        changed[0] = any(key.startswith("class_") for key in changes)

    def accepted() -> None:
        if row.password():
            set_password(row.password(), changed[0])

    dialog.submitted.connect(submitted)  # type: ignore[attr-defined]
    dialog.accepted.connect(accepted)  # type: ignore[attr-defined]
