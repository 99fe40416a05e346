"""The Statistics window: filters, then tabs of charts and tables drawn from one `compute_stats` result.

The numbers are computed on the database worker (quizapp.ui.background, serial) and the window only
draws them, so the GUI thread never waits on the review log. Drills started here run in the main
window's review screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from quizapp.bank.model import Question
from quizapp.study.stats import StatsFilter, compute_stats
from quizapp.study.stats.exams import set_exam_date
from quizapp.study.stats.model import DEFAULT_RANGE_DAYS, RANGES, Stats
from quizapp.ui import theme
from quizapp.ui.background import run_in_background
from quizapp.ui.bridge import Bridge
from quizapp.ui.host import DrillRequest, Host
from quizapp.ui.i18n import tr
from quizapp.ui.stats.pages import Actions, Pages, build_pages


class StatsWindow(QWidget):
    """A top-level window over the bridge's progress database; `computed` fires once the numbers are drawn."""

    computed = Signal(object)  # Stats
    drill_requested = Signal(object)  # DrillRequest

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(tr("Statistics — quizapp"))
        self.bridge = bridge
        self.stats: Stats | None = None
        self.pages = Pages()
        self._generation = 0
        self.range_box = QComboBox()
        for name, days in RANGES.items():
            self.range_box.addItem(tr(name), days)
        self.range_box.setCurrentIndex(list(RANGES.values()).index(DEFAULT_RANGE_DAYS))
        self.range_box.setToolTip(tr("Time range of retention, accuracy, misconceptions and exams; "
                                     "the calendar always shows the past year"))
        self.topic_box = QComboBox()
        self.topic_box.addItem(tr("All topics"), "")
        self.status = QLabel()
        self.status.setProperty("role", "muted")
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for text, widget in ((tr("Time range:"), self.range_box), (tr("Topic:"), self.topic_box)):
            bar.addWidget(QLabel(text))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(refresh)
        self.tabs = QTabWidget()
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.tabs, 1)
        self.range_box.currentIndexChanged.connect(self.refresh)
        self.topic_box.currentIndexChanged.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        for keys, step in (((QKeySequence.StandardKey.NextChild, "Ctrl+PgDown"), 1),
                           ((QKeySequence.StandardKey.PreviousChild, "Ctrl+PgUp", "Ctrl+Shift+Tab"), -1)):
            for key in keys:  # Ctrl+Tab and Ctrl+Shift+Tab wherever the focus is, as in a browser
                QShortcut(QKeySequence(key), self, lambda step=step: self.step_tab(step))
        self.resize(1120, 800)

    def step_tab(self, step: int) -> None:
        if self.tabs.count():
            self.tabs.setCurrentIndex((self.tabs.currentIndex() + step) % self.tabs.count())

    def _titles(self) -> dict[str, str]:
        return self.bridge.loaded.titles if self.bridge.loaded else {}

    # ----- computing
    def current_filter(self) -> StatsFilter:
        topic = self.topic_box.currentData()
        return StatsFilter(days=self.range_box.currentData(), topics=(topic,) if topic else ())

    def _questions(self) -> Mapping[str, Question]:
        return self.bridge.loaded.result.questions if self.bridge.loaded else {}

    def refresh(self) -> None:
        """Recompute for the current filters on the database worker; older results still in flight are dropped."""
        self._generation += 1
        generation, flt, questions = self._generation, self.current_filter(), self._questions()
        self.status.setText(tr("Computing…"))
        run_in_background(lambda: compute_stats(self.bridge.service, questions, flt),
                          lambda stats: self._computed(generation, stats), self._failed, serial=True)

    def _computed(self, generation: int, stats: Stats) -> None:
        if generation != self._generation:
            return
        self.stats = stats
        self.status.setText("")  # (how long it took is for `quizapp stats`, not for a student)
        self._fill_topics(stats.topics)
        self.redraw()
        self.computed.emit(stats)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(tr("Could not compute the statistics: {}").format(exc))
        self.bridge.failed.emit(exc)

    def _fill_topics(self, topics: tuple[str, ...]) -> None:
        current = self.topic_box.currentData()
        if sorted(self.topic_box.itemData(i) for i in range(1, self.topic_box.count())) == sorted(topics):
            return
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        self.topic_box.addItem(tr("All topics"), "")
        titles = self._titles()
        for topic in sorted(topics, key=lambda t: titles.get(t, t).casefold()):
            self.topic_box.addItem(titles.get(topic, topic), topic)
        self.topic_box.setCurrentIndex(max(0, self.topic_box.findData(current)))
        self.topic_box.blockSignals(False)

    # ----- drawing
    def redraw(self) -> None:
        """Draw the last numbers again (also after a theme change), keeping the open tab."""
        if self.stats is None:
            return
        current = self.tabs.currentIndex()
        actions = Actions(drill_ids=lambda ids: self.drill_requested.emit(DrillRequest(question_ids=tuple(ids))),
                          drill_topics=lambda ts: self.drill_requested.emit(DrillRequest(topics=tuple(ts))),
                          set_exam_date=self.set_exam_date)
        self.pages = build_pages(self.stats, theme.current(), actions, self._titles())
        self.tabs.clear()
        for title, page in self.pages.tabs:
            self.tabs.addTab(page, title)
        self.tabs.setCurrentIndex(max(0, current))

    def set_exam_date(self, when: date | None) -> None:
        run_in_background(lambda: set_exam_date(self.bridge.service.store, when), lambda _: self.refresh(),
                          self._failed, serial=True)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._generation += 1  # a result arriving after closing is not drawn
        super().closeEvent(event)


def show_stats(window: Host) -> StatsWindow:
    """Open (or bring forward) the statistics window of `window`, computing fresh numbers."""
    stats = window.findChild(StatsWindow)
    if stats is None:
        stats = StatsWindow(window.bridge, window)
        stats.drill_requested.connect(window.start_drill)
        window.settings_applied.connect(lambda _stored: stats.redraw())
        window.review.home_requested.connect(lambda: stats.isVisible() and stats.refresh())
    stats.show()
    stats.raise_()
    stats.activateWindow()
    stats.refresh()
    return stats
