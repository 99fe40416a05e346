"""The one way the UI runs work off the GUI thread: a function on a QThreadPool, its result posted back.

The background function never touches widgets; `done`/`failed` run on the GUI thread. Work that writes
to the progress store goes to `serial=True`, a one-thread pool, so writes never race each other.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThread, QThreadPool, Signal, Slot

T = TypeVar("T")

_serial_pool: QThreadPool | None = None
_in_flight: set[_Task] = set()


class _Relay(QObject):
    """Lives on the GUI thread: a signal emitted from the worker reaches its slot there, queued."""

    finished = Signal(object, bool)

    def __init__(self, done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        super().__init__()
        self.done, self.failed = done, failed
        self.finished.connect(self._deliver)

    @Slot(object, bool)
    def _deliver(self, value: Any, ok: bool) -> None:
        _in_flight.discard(self.task)
        self.task = None  # no task <-> relay cycle: the task and what its function holds go at once
        (self.done if ok else self.failed)(value)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.relay = fn, relay
        relay.task = self

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # handed to the caller's `failed`, never swallowed
            exc.formatted = traceback.format_exc()  # type: ignore[attr-defined]
            self.relay.finished.emit(exc, False)
        else:
            self.relay.finished.emit(result, True)


# What becomes of a failure nobody asked to hear about (the app sets it to its crash dialog).
_unhandled: Callable[[BaseException], None] | None = None


def set_unhandled(handler: Callable[[BaseException], None] | None) -> None:
    """Who hears of failures of work started without a `failed` callback."""
    global _unhandled
    _unhandled = handler


def _default_failed(exc: BaseException) -> None:
    if _unhandled is not None:
        _unhandled(exc)
        return
    from quizapp import crash  # no app to show it: a log and one line, never the traceback

    print(f"error: {crash.message(crash.write_log(exc, None, 'background work'))}", file=sys.stderr, flush=True)


def run_in_background(fn: Callable[[], Any], done: Callable[[Any], None],
                      failed: Callable[[BaseException], None] | None = None, *, serial: bool = False) -> None:
    """Run `fn()` on a worker; then `done(result)` or `failed(exception)` on the GUI thread."""
    task = _Task(fn, _Relay(done, failed or _default_failed))
    _in_flight.add(task)
    pool(serial).start(task)


class _Call(QRunnable):
    """One call on the database worker for a thread that waits for its result (call_on_worker)."""

    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.value = self.fn()
        except BaseException as exc:  # raised again on the waiting thread
            self.error = exc
        finally:
            self.done.set()
            _calls.discard(self)


_calls: set[_Call] = set()


def call_on_worker(fn: Callable[[], T]) -> T:
    """Run `fn()` on the database worker and wait for its result (or its exception), from another worker.

    For work that waits on something slow, a server, between short reads and writes of the progress
    store: the database worker is held only while `fn` runs, and answers are saved in between. Never
    from the GUI thread, which must not wait.
    """
    app = QCoreApplication.instance()
    if app is not None and QThread.currentThread() is app.thread():
        raise RuntimeError("call_on_worker waits for the database worker: not on the GUI thread")
    call = _Call(fn)
    _calls.add(call)  # held until it has run: the pool does not keep a Python object alive
    pool(serial=True).start(call)
    call.done.wait()
    if call.error is not None:
        raise call.error
    return call.value


def release(obj: object) -> None:
    """Drop a reference on a worker: when it is the last one to a big structure (100,000 loaded
    questions), freeing it takes long enough to stall the window if done on the GUI thread."""
    holder = [obj]
    del obj
    run_in_background(holder.clear, lambda _: None)


def pool(serial: bool = False) -> QThreadPool:
    global _serial_pool
    if not serial:
        return QThreadPool.globalInstance()
    if _serial_pool is None:
        _serial_pool = QThreadPool()
        _serial_pool.setMaxThreadCount(1)
    return _serial_pool


def busy() -> bool:
    """True while some background work has not reported back yet (tests wait on this)."""
    return bool(_in_flight)


def wait_all(msecs: int = 30_000) -> None:
    """Block until every worker has finished (used when the app quits)."""
    QThreadPool.globalInstance().waitForDone(msecs)
    if _serial_pool is not None:
        _serial_pool.waitForDone(msecs)
