"""Start-up markers for benchmarks: when $QUIZAPP_STARTUP_MARKER is set, print when the window first
paints, when the home screen is filled, and the longest the GUI thread went without serving events
since the first paint (before it, the window is being built and nothing is on screen yet)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer

ENV = "QUIZAPP_STARTUP_MARKER"
TICK_MS = 10


def enabled() -> bool:
    return bool(os.environ.get(ENV))


class StartupProbe(QObject):
    """Prints `quizapp-marker <name> <seconds since the probe started>` lines on stdout."""

    def __init__(self, window: QObject, started: float) -> None:
        super().__init__(window)
        self.started = started
        self.painted = False
        self.max_stall = 0.0
        self._last = time.perf_counter()
        window.installEventFilter(self)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_stall = max(self.max_stall, now - self._last - TICK_MS / 1000)
        self._last = now

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            QTimer.singleShot(0, self._first_paint)
        return False

    def _first_paint(self) -> None:
        self.mark("first-paint")
        self.max_stall = 0.0
        self._last = time.perf_counter()

    def mark(self, name: str) -> None:
        print(f"quizapp-marker {name} {time.perf_counter() - self.started:.4f} "
              f"max-stall-ms {self.max_stall * 1000:.1f}", flush=True)
        sys.stdout.flush()
