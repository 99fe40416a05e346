"""Start-up markers for benchmarks: when $QUIZAPP_STARTUP_MARKER is set, print when the window first
paints (still empty), when the home screen was filled (`home-ready`), when that filled screen has been
painted (`home-painted`), and the longest the GUI thread went without serving events since the first
paint (before it, the window is being built and nothing is on screen yet)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

ENV = "QUIZAPP_STARTUP_MARKER"
TICK_MS = 10


def enabled() -> bool:
    return bool(os.environ.get(ENV))


class StartupProbe(QObject):
    """Prints `quizapp-marker <name> <seconds since the probe started>` lines on stdout.

    `first-paint`: the window's first paint (the home screen still loading). `home-painted`: the first
    paint of the home screen after it was filled with the loaded banks and their counts (`filled()`);
    both are printed from a zero-timer posted by the paint event, so after that paint has been done.
    """

    def __init__(self, home: QWidget, started: float, watched: tuple[QWidget, ...] = ()) -> None:
        super().__init__(home)
        self.home = home
        self.started = started
        self.painted = False
        self.waiting_for_filled = False
        self.max_stall = 0.0
        self._last = time.perf_counter()
        for widget in (home, *watched):
            widget.installEventFilter(self)
        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(self._tick)
        self._ticker.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_stall = max(self.max_stall, now - self._last - TICK_MS / 1000)
        self._last = now

    def filled(self) -> None:
        """The home screen holds the loaded banks now: mark its next paint (and make sure there is one)."""
        if not self.waiting_for_filled:
            self.waiting_for_filled = True
            self.mark("home-ready")
            self.home.update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            if not self.painted:
                self.painted = True
                QTimer.singleShot(0, self._first_paint)
            elif self.waiting_for_filled:
                self.waiting_for_filled = False
                self.filled = lambda: None  # type: ignore[method-assign]  # a reload is no start-up
                QTimer.singleShot(0, lambda: self.mark("home-painted"))
        return False

    def _first_paint(self) -> None:
        self.mark("first-paint")
        self.max_stall = 0.0
        self._last = time.perf_counter()

    def mark(self, name: str) -> None:
        print(f"quizapp-marker {name} {time.perf_counter() - self.started:.4f} "
              f"max-stall-ms {self.max_stall * 1000:.1f}", flush=True)
        sys.stdout.flush()
