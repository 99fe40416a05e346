"""The instructor's Class window: per item and content hash, per topic, per student, and the flagged items.

The report is read from the server and computed on a general worker (connect.report_job) and the window
only draws it: a sortable table of items with the selected item's picks per option, its flags with a
button that opens the bank file at the question's line, mastery per topic, students' totals, and how
the items spread over facility and discrimination. The topic filter works on the report in hand.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from quizapp.study.classroom.report import MIN_RESPONSES
from quizapp.ui import theme
from quizapp.ui.background import run_in_background
from quizapp.ui.charts import BarChart, Series, ValueAxis
from quizapp.ui.classroom import editor
from quizapp.ui.classroom.connect import STATE_LOGIN, STATE_URL, ConnectDialog, Connection, ReportOutcome, report_job
from quizapp.ui.classroom.detail import FlagRow, ItemDetail, label, where
from quizapp.ui.classroom.tables import (
    ITEM_COLUMNS,
    ROW_ROLE,
    STUDENT_COLUMNS,
    TOPIC_COLUMNS,
    ReportTable,
)
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.bank.model import Question
    from quizapp.study.classroom.report import ClassReport, ItemStats

FACILITY_BANDS = ((0.0, 0.2, "under 0.2"), (0.2, 0.4, "0.2–0.4"), (0.4, 0.6, "0.4–0.6"), (0.6, 0.8, "0.6–0.8"),
                  (0.8, 0.95, "0.8–0.95"), (0.95, 1.01, "over 0.95"))
DISCRIMINATION_BANDS = ((-1.01, 0.0, "negative"), (0.0, 0.1, "0–0.1"), (0.1, 0.2, "0.1–0.2"), (0.2, 0.3, "0.2–0.3"),
                        (0.3, 1.01, "0.3 and over"))


def band_counts(values: Sequence[float | None], bands: Sequence[tuple[float, float, str]]) -> list[int]:
    counts = [0] * len(bands)
    for v in values:
        if v is None:
            continue
        for k, (low, high, _name) in enumerate(bands):
            if low <= v < high or (k == len(bands) - 1 and v >= high):
                counts[k] += 1
                break
    return counts


def _table(model: ReportTable, stretch_last: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's indicator starts descending
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(stretch_last)
    if stretch_last:  # the distractors: as wide as the window allows, cut short with "…" beyond
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.horizontalHeader().setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Interactive)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    return view


class ClassWindow(QWidget):
    """A top-level window over one class server; `computed` fires once a report is drawn."""

    computed = Signal(object)  # ClassReport
    problem = Signal(str)  # a one-line message shown in the status (a refused login, the server down, ...)

    def __init__(self, questions: Callable[[], Mapping[str, Question]], state: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("class-window")
        self.setWindowTitle(tr("Class report — quizapp"))
        self.questions = questions
        self.state = state
        self.connection: Connection | None = None
        self.report: ClassReport | None = None
        self.dialog: ConnectDialog | None = None
        self._generation = 0
        self.colors = theme.current()
        self.server = label(tr("No class open"), "heading")
        self.topic_box = QComboBox()
        self.topic_box.addItem(tr("All topics"), "")
        self.topic_box.currentIndexChanged.connect(self.redraw)
        self.min_box = QSpinBox()
        self.min_box.setRange(0, 10_000)
        self.min_box.setValue(MIN_RESPONSES)
        self.min_box.setToolTip(tr("Figures on a handful of responses are noise: items with fewer raise no flag"))
        self.min_box.valueChanged.connect(self.refresh)
        refresh = QPushButton(tr("Refresh"))
        refresh.clicked.connect(self.refresh)
        other = QPushButton(tr("Open another class…"))
        other.clicked.connect(lambda: self.ask_connection())
        self.status = label(role="muted")
        self.summary = label(wrap=True)
        bar = QHBoxLayout()
        bar.addWidget(self.server)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(refresh)
        bar.addWidget(other)
        filters = QHBoxLayout()
        filters.addWidget(label(tr("Topic:")))
        filters.addWidget(self.topic_box)
        filters.addSpacing(12)
        filters.addWidget(label(tr("Flag items with at least")))
        filters.addWidget(self.min_box)
        filters.addWidget(label(tr("responses")))
        filters.addSpacing(12)
        filters.addWidget(self.summary, 1)

        self.items = ReportTable(ITEM_COLUMNS, flag_color=self.colors.bad)
        self.items_view = _table(self.items, stretch_last=True)
        self.items_view.setObjectName("items")
        self.items_view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.items_view.doubleClicked.connect(self._double_clicked)
        self.detail = ItemDetail(self.open_item)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.items_view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.flag_page = QWidget()
        self.flag_list = QVBoxLayout(self.flag_page)
        self.flag_rows: list[FlagRow] = []
        flags_scroll = QScrollArea()
        flags_scroll.setWidgetResizable(True)
        flags_scroll.setWidget(self.flag_page)
        self.topics = ReportTable(TOPIC_COLUMNS)
        self.topics_view = _table(self.topics)
        self.topic_chart_box = QVBoxLayout()
        topics_page = QWidget()
        topics_box = QVBoxLayout(topics_page)
        topics_box.addLayout(self.topic_chart_box, 3)
        topics_box.addWidget(self.topics_view, 2)
        self.students = ReportTable(STUDENT_COLUMNS)
        self.students_view = _table(self.students)
        self.spread_box = QHBoxLayout()
        spread_page = QWidget()
        spread_page.setLayout(self.spread_box)
        self.charts: dict[str, BarChart] = {}  # the report's own; the selected item's is self.detail.chart
        self.tabs = QTabWidget()
        self.tabs.addTab(split, tr("Items"))
        self.tabs.addTab(flags_scroll, tr("Flags"))
        self.tabs.addTab(topics_page, tr("Topics"))
        self.tabs.addTab(self.students_view, tr("Students"))
        self.tabs.addTab(spread_page, tr("Spread"))
        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addLayout(filters)
        box.addWidget(self.tabs, 1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(1180, 820)

    # ----- which class
    def ask_connection(self, message: str = "") -> ConnectDialog:
        """The dialog for the server, login and password (filled with the last ones)."""
        if self.dialog is not None and isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.close()
        if self.connection is not None:
            url, login = self.connection.url, self.connection.login or ""
        elif self.state is not None:
            url, login = str(self.state.value(STATE_URL, "") or ""), str(self.state.value(STATE_LOGIN, "") or "")
        else:
            url = login = ""
        dialog = ConnectDialog(url, login, message, self)
        dialog.submitted.connect(self.open_class)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_class(self, connection: Connection) -> None:
        self.connection = connection
        self.refresh()

    # ----- computing
    def refresh(self) -> None:
        """Read the class again on a worker; a result that arrives after a newer request is dropped."""
        if self.connection is None:
            return
        self._generation += 1
        generation, connection, questions = self._generation, self.connection, self.questions()
        minimum = self.min_box.value()
        self.status.setText(tr("Reading the class…"))
        run_in_background(lambda: report_job(connection, questions, minimum),
                          lambda outcome: self._computed(generation, connection, outcome), self._failed)

    def _computed(self, generation: int, connection: Connection, outcome: ReportOutcome) -> None:
        if generation != self._generation:
            return
        self.connection = outcome.again or connection  # no password in its address from now on
        if outcome.report is None:
            self.status.setText(tr("Could not read the class"))
            self.status.setToolTip(outcome.error)
            self.summary.setText(outcome.error)
            if outcome.bad_address or (outcome.refused and outcome.password_from != "environment"):
                self.ask_connection(outcome.error)  # a refused password is not sent again
            self.problem.emit(outcome.error)
            return
        if self.state is not None:
            self.state.setValue(STATE_URL, outcome.url)
            self.state.setValue(STATE_LOGIN, connection.login or "")
        self.report = outcome.report
        self.status.setText(tr("read at {} in {:.2f} s").format(outcome.report.generated_at.astimezone()
                                                               .strftime("%H:%M"), outcome.seconds))
        self.status.setToolTip("")
        self._fill_topics([t.topic for t in outcome.report.topics])
        self.redraw()
        self.computed.emit(outcome.report)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(tr("Could not compute the report: {}").format(type(exc).__name__))
        print(getattr(exc, "formatted", repr(exc)), end="", flush=True)

    def _fill_topics(self, topics: list[str]) -> None:
        current = self.topic_box.currentData()
        self.topic_box.blockSignals(True)
        self.topic_box.clear()
        self.topic_box.addItem(tr("All topics"), "")
        for topic in topics:
            self.topic_box.addItem(topic, topic)
        self.topic_box.setCurrentIndex(max(0, self.topic_box.findData(current)))
        self.topic_box.blockSignals(False)

    # ----- what is shown
    def shown_items(self) -> list[ItemStats]:
        if self.report is None:
            return []
        topic = self.topic_box.currentData()
        return [i for i in self.report.items if not topic or i.topic == topic]

    def redraw(self) -> None:
        """Draw the report in hand for the chosen topic (also after a theme change)."""
        report = self.report
        if report is None:
            return
        self.colors = theme.current()
        self.items.flag_color = QColor(self.colors.bad)
        topic = self.topic_box.currentData()
        items = self.shown_items()
        flagged = [i for i in items if i.flags]
        self.server.setText(tr("Class on {}").format(report.server))
        self.summary.setText(tr("{} students · {} answers · {} items shown · {} flagged (items with {}+ responses "
                                "are judged)").format(len(report.students), report.answers, len(items),
                                                      len(flagged), report.min_responses))
        selected = self.detail.item
        self.items.set_rows(items)
        self.topics.set_rows([t for t in report.topics if not topic or t.topic == topic])
        self.students.set_rows(report.students)
        self.tabs.setTabText(1, tr("Flags ({})").format(sum(len(i.flags) for i in items)))
        self._draw_flags(flagged)
        self._draw_charts(items, [t for t in report.topics if not topic or t.topic == topic])
        keep = next((k for k, i in enumerate(self.items.rows) if selected is not None
                     and (i.question_id, i.content_hash) == (selected.question_id, selected.content_hash)), 0)
        if self.items.rows:
            self.items_view.selectionModel().setCurrentIndex(
                self.items.index(keep, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.detail.show_item(None, self.colors)

    def _draw_flags(self, flagged: list[ItemStats]) -> None:
        for row in self.flag_rows:
            row.setParent(None)
            row.deleteLater()
        self.flag_rows = []
        while self.flag_list.count():
            self.flag_list.takeAt(0)
        if not flagged:
            note = label(tr("No flags: no item with enough responses is too easy, too hard, answered right more "
                             "often by weaker students, or has a distractor nobody picks."), "muted", True)
            self.flag_list.addWidget(note)
            self.flag_rows.append(note)  # type: ignore[arg-type]  (removed with the rows)
        for item in flagged:
            for flag in item.flags:
                row = FlagRow(item, flag.message, self.open_item)
                self.flag_list.addWidget(row)
                self.flag_rows.append(row)
        self.flag_list.addStretch(1)

    def _draw_charts(self, items: list[ItemStats], topics: list) -> None:
        for chart in self.charts.values():
            chart.setParent(None)
            chart.deleteLater()
        c = self.colors
        names = [t.topic for t in topics]
        mastery = [100 * (t.mastery or 0.0) for t in topics]
        self.charts["mastery"] = BarChart(
            tr("Class mastery per topic"), names,
            [Series(tr("mastery"), mastery, c.accent, highlight=frozenset(k for k, m in enumerate(mastery) if m < 50),
                    highlight_color=c.bad, highlight_name=tr("under 50 %"))],
            c, value_axis=ValueAxis(tr("latest answers right"), percent=True), horizontal=True)
        self.topic_chart_box.addWidget(self.charts["mastery"])
        facility = band_counts([i.p_correct for i in items], FACILITY_BANDS)
        self.charts["facility"] = BarChart(
            tr("Items by facility"), [tr(b[2]) for b in FACILITY_BANDS],
            [Series(tr("items"), facility, c.accent, highlight=frozenset({0, len(FACILITY_BANDS) - 1}),
                    highlight_color=c.bad, highlight_name=tr("flagged when enough responses"))],
            c, value_axis=ValueAxis(tr("items"), integer=True), category_title=tr("facility (share right)"))
        discrimination = band_counts([i.discrimination for i in items], DISCRIMINATION_BANDS)
        self.charts["discrimination"] = BarChart(
            tr("Items by discrimination"), [tr(b[2]) for b in DISCRIMINATION_BANDS],
            [Series(tr("items"), discrimination, c.accent, highlight=frozenset({0}), highlight_color=c.bad,
                    highlight_name=tr("weaker students do better"))],
            c, value_axis=ValueAxis(tr("items"), integer=True), category_title=tr("point-biserial r"))
        self.spread_box.addWidget(self.charts["facility"])
        self.spread_box.addWidget(self.charts["discrimination"])

    # ----- the selected item, and opening its file
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        item = self.items.data(current, ROW_ROLE) if current.isValid() else None
        self.detail.show_item(item, self.colors)

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.items.data(index, ROW_ROLE)
        if item is not None:
            self.open_item(item)

    def open_item(self, item: ItemStats) -> None:
        problem = editor.open_at(item.file, item.line)
        self.status.setText(problem or tr("opened {}").format(where(item)))
        self.status.setToolTip(problem)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._generation += 1  # a report arriving after closing is not drawn
        super().closeEvent(event)


def show_class_report(window: Any, state: QSettings | None) -> ClassWindow:
    """Open (or bring forward) the Class window of the main window; reads the last class, or asks which."""
    found = window.findChild(ClassWindow)
    if found is None:
        bridge = window.bridge
        found = ClassWindow(lambda: bridge.loaded.result.questions if bridge.loaded else {}, state, window)
        window.settings_applied.connect(lambda _stored: found.redraw())
    found.show()
    found.raise_()
    found.activateWindow()
    if found.connection is not None:
        found.refresh()
    elif state is not None and state.value(STATE_URL):
        found.open_class(Connection(str(state.value(STATE_URL)), str(state.value(STATE_LOGIN, "") or "") or None))
    else:
        found.ask_connection()
    return found
