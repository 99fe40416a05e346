"""Follow-up work after a load waits for the home screen's paint, and never waits forever for one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from quizapp.ui.after_paint import AfterPaint


class _Paints(QObject):
    """Notes a widget's paint events in `order`; with swallow=True eats them, as a minimised window gets none."""

    def __init__(self, order: list[str], swallow: bool = False) -> None:
        super().__init__()
        self.order, self.swallow = order, swallow

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        self.order.append("paint")
        return self.swallow


def test_the_work_runs_after_the_paint_not_before(qtbot) -> None:
    label = QLabel("home")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    order: list[str] = []
    painted = AfterPaint(label, lambda: order.append("work"))
    recorder = _Paints(order)  # kept: a filter object that is collected stops filtering
    label.installEventFilter(recorder)
    painted.request()
    assert order == []  # nothing at once: the paint comes first
    qtbot.waitUntil(lambda: "work" in order)
    assert order.index("paint") < order.index("work") and order.count("work") == 1


def test_a_hidden_widget_does_not_hold_the_work_back(qtbot) -> None:
    label = QLabel("home")
    qtbot.addWidget(label)
    done: list[int] = []
    AfterPaint(label, lambda: done.append(1)).request()
    qtbot.waitUntil(lambda: done == [1], timeout=500)


def test_a_shown_widget_that_never_paints_gets_the_work_anyway(qtbot) -> None:
    label = QLabel("home")
    qtbot.addWidget(label)
    label.show()
    qtbot.waitExposed(label)
    done: list[int] = []
    painted = AfterPaint(label, lambda: done.append(1))
    blocker = _Paints([], swallow=True)
    label.installEventFilter(blocker)  # installed last, so it sees each paint first
    painted.LATEST_MS = 200
    painted.request()
    qtbot.wait(100)
    assert done == []
    qtbot.waitUntil(lambda: done == [1], timeout=2000)
    qtbot.wait(300)
    assert done == [1]  # once, not again when the timer and a late paint both come
