"""The student's automatic pushes: after each session, at start and on quit, with a line in the status bar.

Offline first: answers are saved locally the moment they are given; a push only copies them to the class
server, on a general worker (pushing.PushJob), and never blocks the window or the study. A server that
cannot be reached leaves the answers waiting and the status line says so; the push is tried again after
the next session, or RETRY_MS later. The password is taken from $QUIZAPP_CLASS_PASSWORD or the system
keyring on the worker; without either it is asked for once and held in memory until the app quits.
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLabel, QLineEdit

from quizapp.ui import statusline
from quizapp.ui.background import run_in_background
from quizapp.ui.classroom.pushing import Outcome, PushJob
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.ui.host import Host

CLASS_KEYS = ("class_server", "class_student")
RETRY_MS = 5 * 60_000  # a server that was unreachable is tried again this much later, if answers wait
CONNECT_S = 5  # a push after a session: libpq gives up connecting after this
QUIT_CONNECT_S = 2  # on quit: libpq's shortest timeout
QUIT_WAIT_S = 3.0  # the longest the window waits for a push on quit; the rest goes next time


def answers(n: int) -> str:
    return tr("1 answer") if n == 1 else tr("{} answers").format(n)


class ClassSync(QObject):
    """Runs at most one push at a time (a request during a push runs once it ends) and shows how it went."""

    status_changed = Signal(str)
    finished = Signal(object)  # Outcome, after the status line shows it
    _progress = Signal(int, int)  # from the worker: answers sent, of how many

    def __init__(self, window: Host) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.bridge = window.bridge
        self.password: str | None = None  # typed this run; never written anywhere
        self.declined = False  # asked for the password this run and cancelled: do not ask again by itself
        self.asking: QInputDialog | None = None
        self.job: PushJob | None = None
        self.again: str | None = None  # a push asked for while one ran
        self.closing = False
        self.started = False
        self.text = ""
        self.label: QLabel | None = None
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(RETRY_MS)
        self.retry.timeout.connect(lambda: self.push("retry"))
        self._progress.connect(self._show_progress)
        window.review.home_requested.connect(lambda: self.push("session"))
        window.banks_painted.connect(self._banks_shown)
        window.settings_applied.connect(self._settings_applied)
        window.installEventFilter(self)  # type: ignore[attr-defined]

    # ----- what the student set
    def target(self) -> tuple[str, str] | None:
        """(server address, login or name) as set in the Class settings, or None when no class is set.

        Not parsed here: that imports SQLAlchemy, which the push does on its worker."""
        url = str(self.bridge.settings.get("class_server") or "")
        return (url, str(self.bridge.settings.get("class_student") or "")) if url else None

    def _store(self) -> Any:
        try:
            return self.bridge.service.store
        except RuntimeError:  # the progress is not open (yet, or it failed to open)
            return None

    # ----- pushing
    def push(self, reason: str = "manual") -> bool:
        """Start a push (reason: "session", "manual", "settings", "start", "retry", "quit"); False if none ran."""
        target, store = self.target(), self._store()
        if target is None or store is None:
            if target is None:
                self._show("")
            return False
        if self.job is not None:
            self.again = self.again or reason
            return False
        if reason == "manual":
            self.declined = False
        quitting = reason == "quit"
        url, student = target
        job = PushJob(store, url, student, self.password, QUIT_CONNECT_S if quitting else CONNECT_S,
                      time.monotonic() + QUIT_WAIT_S if quitting else None,
                      skip_if_nothing_waits=reason in ("session", "start", "retry", "quit"),
                      progress=self._progress.emit, finished=threading.Event())
        self.job = job
        self.retry.stop()
        self._show(tr("sending answers to the class…"))
        run_in_background(job.run, lambda outcome: self._done(outcome, reason), self._failed)
        return True

    def _show_progress(self, sent: int, total: int) -> None:
        if self.job is not None and total:
            self._show(tr("sending answers to the class… {} of {}").format(sent, total))

    def _failed(self, exc: BaseException) -> None:
        self.job = None
        if not self.closing:
            self._show(tr("class: the push failed ({})").format(type(exc).__name__))
            self.bridge.failed.emit(exc)

    def _done(self, outcome: Outcome, reason: str) -> None:
        self.job = None
        if self.closing:
            return
        wait = outcome.waiting
        waits = "" if wait is None else tr("{} wait").format(answers(wait))
        result = outcome.result
        if outcome.skipped:  # nothing new since the last push: the server was not even asked
            self._show(tr("all answers are with the class"))
        elif result is not None and result.ok:
            if result.added:
                self._show(tr("{} sent to the class").format(answers(result.added)), result.message)
            else:
                self._show(tr("all answers are with the class"), result.message)
        elif outcome.unreachable:
            self._show(tr("class server unreachable: {}").format(waits or tr("answers wait")), result.message)
            self.retry.start()
        elif outcome.refused:
            if outcome.password_from == "typed":
                self.password = None  # wrong: ask again rather than send it each time
            self._show(tr("the class server refused the login: {}").format(waits or tr("answers wait")),
                       result.message)
            if outcome.password_from != "environment" and not self.declined and reason != "quit":
                self.ask_password(wrong=outcome.password_from in ("typed", "keyring"))
        elif result is not None:
            self._show(tr("class: {}").format(result.message), result.message)
        else:
            self._show(tr("class: {}").format(outcome.error) + (f"; {waits}" if waits else ""), outcome.error)
        self.finished.emit(outcome)
        if self.again is not None:
            again, self.again = self.again, None
            self.push(again)

    def ask_password(self, wrong: bool = False) -> QInputDialog:
        """Ask for the class password without blocking (the study goes on behind the question)."""
        from quizapp.study.classroom.credentials import ENV_PASSWORD

        if self.asking is not None:
            return self.asking
        target = self.target()
        login = target[1] if target and target[1] else tr("your login")  # the name as typed in the settings
        dialog = QInputDialog(self.window)  # type: ignore[arg-type]
        dialog.setObjectName("class-password")
        dialog.setWindowTitle(tr("Class password"))
        text = tr("The class server did not accept that password. ") if wrong else ""
        text += tr("Password of {} for the class server:").format(login)
        dialog.setLabelText(text)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
        dialog.setToolTip(tr("Kept in the system keyring once a push has worked, where there is one; otherwise "
                             "only until quizapp quits. ${} gives it without asking.").format(ENV_PASSWORD))
        dialog.textValueSelected.connect(self._typed)
        dialog.rejected.connect(self._declined)
        dialog.finished.connect(lambda _code: setattr(self, "asking", None))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.asking = dialog
        dialog.open()
        return dialog

    def _typed(self, password: str) -> None:
        if not password:
            self._declined()
            return
        self.password = password
        self.declined = False
        self.push("typed")

    def _declined(self) -> None:
        self.declined = True
        if self.text.startswith(tr("the class server refused")):
            self._show(tr("class: no password given; answers wait"))

    def set_password(self, password: str) -> None:
        """The password typed in the settings: used by the next push (kept in the keyring once it works)."""
        self.password = password or None
        self.declined = False

    # ----- the status line
    def _show(self, text: str, detail: str = "") -> None:
        self.text = text
        if not text and self.label is None:
            return  # no class: the status bar is not even made
        if self.label is None:
            self.label = QLabel()
            self.label.setObjectName("class-status")
            self.label.setProperty("role", "muted")
            self.window.statusBar().addPermanentWidget(self.label)  # type: ignore[attr-defined]
        self.label.setText(text)
        self.label.setToolTip(detail or text)
        self.label.setAccessibleName(tr("Class status"))
        self.label.setVisible(bool(text))
        statusline.refresh(self.window.statusBar())  # type: ignore[attr-defined]
        self.status_changed.emit(text)

    # ----- when
    def _banks_shown(self) -> None:
        if not self.started:
            self.started = True
            self.push("start")  # answers left over from a session when the server was away

    def _settings_applied(self, stored: dict[str, Any]) -> None:
        if any(key in stored for key in CLASS_KEYS):
            self.declined = False
            self.retry.stop()
            self.push("settings")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The window closes: one short last push (QUIT_WAIT_S at most) before the database closes."""
        if watched is self.window and event.type() == QEvent.Type.Close and not self.closing:
            self.retry.stop()
            if self.asking is not None:
                self.asking.reject()
            job = self.job
            if job is None and self.push("quit"):
                job = self.job
            elif job is not None:
                job.deadline = time.monotonic() + QUIT_WAIT_S
            self.closing = True
            if job is not None and job.finished is not None:
                job.finished.wait(QUIT_WAIT_S + 0.5)
        return False
