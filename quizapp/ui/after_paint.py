"""Run follow-up work once a widget has painted what it was just given, so that work does not delay it.

The home screen's fill is what a student waits for at start-up; the chores that follow a bank load
(the search index, folder and class sync, the unfinished-exam question, the day's integrity check)
hold the GIL or the database worker, so they start after that paint, not beside it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class AfterPaint(QObject):
    """`request()` asks for `then` after the widget's next paint (at once if the widget is not shown).

    A window that is shown but never painted (minimised at start, covered by a session manager) gets
    `then` after `LATEST_MS` anyway: the follow-up work waits for the paint, it does not depend on it.
    """

    LATEST_MS = 2000

    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.then = then
        # Running while a request waits for its paint: the timer is the request's state and its deadline.
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.timeout.connect(self._fire)
        widget.installEventFilter(self)

    @property
    def pending(self) -> bool:
        return self._latest.isActive()

    def request(self) -> None:
        if self.widget.isVisible():
            self.widget.update()  # make sure there is a paint to wait for
            self._latest.start(self.LATEST_MS)
        else:  # hidden (another screen is shown, or no window yet): nothing will paint, go on
            self._latest.stop()
            QTimer.singleShot(0, self.then)

    def _fire(self) -> None:
        self._latest.stop()
        self.then()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.pending and watched is self.widget and event.type() == QEvent.Type.Paint:
            self._latest.stop()
            QTimer.singleShot(0, self.then)  # posted: runs once this paint has been done
        return False
