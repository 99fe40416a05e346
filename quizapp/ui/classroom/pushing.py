"""One push of the student's answers, run on a general worker (no widgets): the network waits there.

The progress store is reached only through `call_on_worker`, so the database worker is held for each
batch's read and mark (milliseconds) and answers keep being saved while the push waits on the server.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from quizapp.store.classdb.errors import ClassError, ClassLoginError, ClassUnavailable
from quizapp.store.store import Store
from quizapp.study.classroom.credentials import save_password, stored_password, student_login
from quizapp.study.classroom.push import PushResult, push_answers, waiting
from quizapp.ui.background import call_on_worker


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a push did, for the status line. `result` is None when it did not reach the push itself."""

    result: PushResult | None
    error: str = ""  # a bad address, no driver, the progress closed, stopped at quit
    waiting: int | None = None  # answers still to send (None: unknown)
    password_from: str = ""  # "typed" | "environment" | "keyring" | "" (none: libpq's own ~/.pgpass)
    kept_in_keyring: bool = False
    skipped: bool = False  # nothing waited, so the server was not contacted (at quit)

    @property
    def ok(self) -> bool:
        return self.result is not None and self.result.ok

    @property
    def unreachable(self) -> bool:
        return self.result is not None and isinstance(self.result.problem, ClassUnavailable)

    @property
    def refused(self) -> bool:
        """The server refused the login: no password, or a wrong one."""
        return self.result is not None and isinstance(self.result.problem, ClassLoginError)


class Stopped(Exception):
    """The push ran past its deadline (the app is quitting); what was not noted is sent next time."""


@dataclass
class PushJob:
    """The push's inputs, taken on the GUI thread; `run()` on a worker. `deadline` may be moved (quit)."""

    store: Store
    url: str
    student: str  # the login, or the name as the instructor typed it (mapped to the login here, on the worker)
    typed_password: str | None  # typed this run, never written anywhere
    connect_timeout: int
    deadline: float | None = None  # time.monotonic() after which no further batch is sent
    skip_if_nothing_waits: bool = False
    progress: Callable[[int, int], None] | None = None
    finished: threading.Event | None = None
    login: str | None = None  # the login `student` maps to, set by run()

    def _on_batch(self, sent: int, total: int) -> None:
        if self.progress is not None:
            self.progress(sent, total)
        if self.deadline is not None and time.monotonic() > self.deadline and sent < total:
            raise Stopped

    def _waiting(self) -> int | None:
        try:
            return call_on_worker(lambda: waiting(self.store, self.url, self.login))
        except (sqlite3.Error, ClassError):
            return None

    def run(self) -> Outcome:
        try:
            return self._run()
        finally:
            if self.finished is not None:
                self.finished.set()

    def _run(self) -> Outcome:
        from quizapp.store.classdb.server import address, parse_url

        try:  # parsing imports SQLAlchemy (≈0.4 s the first time): here, never on the GUI thread
            self.login = student_login(self.url, self.student)
            where = address(parse_url(self.url, self.login))
        except ClassError as exc:
            return Outcome(None, exc.message)
        if self.skip_if_nothing_waits and self._waiting() == 0:
            return Outcome(None, waiting=0, skipped=True)
        if self.typed_password:
            password, source = self.typed_password, "typed"
        else:
            password, source = stored_password(where)  # may ask the system keyring: never on the GUI thread
        try:
            result = push_answers(self.store, self.url, self.login, password, on_batch=self._on_batch,
                                  on_store=call_on_worker, connect_timeout=self.connect_timeout)
        except Stopped:
            return Outcome(None, "stopped while quitting", self._waiting(), source)
        except ClassError as exc:  # no driver
            return Outcome(None, exc.message, self._waiting(), source)
        except sqlite3.ProgrammingError:  # the progress was closed under the push (the app quit)
            return Outcome(None, "stopped while quitting", None, source)
        kept = source == "typed" and result.ok and save_password(where, password or "")
        return Outcome(result, "", result.waiting, source, kept)
