"""The Browse window: search, a sortable table of every match, the selected question's preview and card
info, and actions on the selection (suspend, bury, flag, reset, reschedule, undo, open in the editor)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quizapp.ui import shortcuts
from quizapp.ui.browse.bridge import BrowseBridge, Found
from quizapp.ui.browse.card_info import CardInfoPanel
from quizapp.ui.browse.editor import open_at_line
from quizapp.ui.browse.model import COLUMNS, CardTableModel
from quizapp.ui.browse.preview import PreviewPanel
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import set_state

if TYPE_CHECKING:
    from quizapp.study.bulk import Edit, Undone
    from quizapp.study.card_info import CardInfo
    from quizapp.study.search import Moment

DONE_TEXT = {"suspend": "Suspended", "unsuspend": "Unsuspended", "bury": "Buried until tomorrow",
             "unbury": "Unburied", "flag": "Flagged", "unflag": "Unflagged", "reset": "Progress reset on",
             "reschedule": "Rescheduled"}
# Widths as the text a column usually holds (the question column takes what is left)
SAMPLES = {"prompt": "Which receptor does ketamine block to", "topic": "anaesthesia",
           "type": "single choice", "due": "2026-12-31", "interval": "10.5mo", "stability": "10.5mo",
           "difficulty": "10.0", "lapses": "10", "flags": "suspended"}
SHOW_DELAY_MS = 60


class RescheduleDialog(QDialog):
    """Pick the study day the selected cards come due (today or later)."""

    def __init__(self, count: int, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Reschedule"))
        self.calendar = QCalendarWidget(self)
        first = QDate(today.year, today.month, today.day)
        self.calendar.setMinimumDate(first)
        self.calendar.setSelectedDate(first.addDays(1))
        text = QLabel(tr("Make {} question(s) due on the chosen day. A question never studied gets FSRS's "
                         "first memory state.").format(count), self)
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def day(self) -> date:
        return self.calendar.selectedDate().toPython()


class BrowseWindow(QMainWindow):
    """One Browse window over the main window's bridge; `hub` starts custom study and reports edits."""

    searched = Signal()  # a search's results are in the table
    info_shown = Signal(str)  # card info of this question id is shown
    edited = Signal(object)  # an Edit or Undone was applied and the table refreshed

    def __init__(self, browse: BrowseBridge, custom_study: Callable[[str], None], parent: QWidget | None = None,
                 query: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Browse · quizapp"))
        self.setWindowFlag(Qt.WindowType.Window)
        self.browse = browse
        self.bridge = browse.bridge
        self.custom_study = custom_study
        self.reader = browse.reader()
        self.order, self.descending = "bank", False
        self.moment: Moment | None = None
        self._asked = 0
        self.query_shown = ""
        self._build(query)
        self._actions()
        self.resize(QSize(1360, 780).boundedTo(self.screen().availableSize() * 0.92))
        self.show_timer = QTimer(self)
        self.show_timer.setSingleShot(True)
        self.show_timer.setInterval(SHOW_DELAY_MS)
        self.show_timer.timeout.connect(self._show_current)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_timer.start())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._sync_actions())

    # ----- layout
    def _build(self, query: str) -> None:
        central = QWidget(self)
        central.setObjectName("page")
        self.search = QLineEdit(query, central)
        self.search.setAccessibleName(tr("Search"))
        self.search.setPlaceholderText(tr('Search: words, "a phrase", tag:nmda, topic:pain, is:due, rated:7:1, '
                                          "prop:lapses>3, -is:new, or, ( )"))
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.run_search)
        go = QPushButton(tr("Search"), central)
        go.clicked.connect(self.run_search)
        self.study = QPushButton(tr("Study these…"), central)
        self.study.setToolTip(tr("Custom study over this search (Ctrl+Shift+S)"))
        self.study.clicked.connect(lambda: self.custom_study(self.search.text()))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(go)
        row.addWidget(self.study)
        self.status = QLabel(central)
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Search status"))

        self.model = CardTableModel(self.reader_lines, self)
        self.table = QTableView(central)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Questions found"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = self.table.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never asks 100,000 rows for their size.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(36)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        cells, heads = self.table.fontMetrics(), header.fontMetrics()
        for i, (key, title) in enumerate(COLUMNS):  # room for the usual text, the header and its sort arrow
            header.resizeSection(i, max(cells.horizontalAdvance(SAMPLES[key]) + 12,
                                        heads.horizontalAdvance(tr(title)) + 26))
        self.table.setSortingEnabled(True)  # sort() asks for the search again, ordered in SQL
        self.model.sort_requested.connect(self.sort)  # after: enabling sorting sorts once, by nothing
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)  # right-click: show or hide columns
        for i, (_, title) in enumerate(COLUMNS[1:], start=1):
            toggle = QAction(tr(title), header)
            toggle.setCheckable(True)
            toggle.setChecked(True)
            toggle.toggled.connect(lambda on, column=i: self.table.setColumnHidden(column, not on))
            header.addAction(toggle)

        self.preview = PreviewPanel(lambda: self.bridge.sources, self.bridge.root_of, central)
        self.info = CardInfoPanel(central)
        self.tabs = QTabWidget(central)
        self.tabs.addTab(self.preview, tr("Preview"))
        self.tabs.addTab(self.info, tr("Card info"))
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.addWidget(self.table)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([780, 580])
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _actions(self) -> None:
        cards = self.menuBar().addMenu(tr("&Cards"))
        toolbar = self.addToolBar(tr("Actions"))
        toolbar.setMovable(False)
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str | None, text: str, slot: Callable[[], None], on_toolbar: bool = False,
                selection: bool = True) -> QAction:
            action = QAction(tr(text), self)
            if name is not None:
                action.setShortcuts([QKeySequence(k) for k in shortcuts.keys(name)])
                action.setToolTip(f"{tr(text)} ({shortcuts.keys(name)[0]})")
            action.triggered.connect(slot)
            action.setData(selection)
            cards.addAction(action)
            if on_toolbar:
                toolbar.addAction(action)
            self.actions_by_name[name or text] = action
            return action

        add("browse_suspend", "Suspend", lambda: self.act("suspend"), True)
        add("browse_unsuspend", "Unsuspend", lambda: self.act("unsuspend"))
        add("browse_bury", "Bury", lambda: self.act("bury"), True)
        add(None, "Unbury", lambda: self.act("unbury"))
        add("browse_flag", "Flag", lambda: self.act("flag"), True)
        add("browse_unflag", "Unflag", lambda: self.act("unflag"))
        cards.addSeparator()
        toolbar.addSeparator()
        add("browse_reset", "Reset progress…", lambda: self.act("reset"), True)
        add("browse_reschedule", "Reschedule…", lambda: self.act("reschedule"), True)
        cards.addSeparator()
        toolbar.addSeparator()
        self.undo_action = add("browse_undo", "Undo", self.undo, True, selection=False)
        self.undo_action.setEnabled(False)
        cards.addSeparator()
        toolbar.addSeparator()
        add("browse_edit", "Open bank file", self.open_file, True)
        add("browse_info", "Card info", lambda: self.tabs.setCurrentWidget(self.info))
        add("browse_preview", "Preview", lambda: self.tabs.setCurrentWidget(self.preview))
        find = QAction(self)
        find.setShortcuts([QKeySequence(k) for k in shortcuts.keys("browse_find")])
        find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.addAction(find)
        self._sync_actions()

    def _sync_actions(self) -> None:
        chosen = self.table.selectionModel().hasSelection()
        for action in self.actions_by_name.values():
            if action.data():
                action.setEnabled(chosen)

    # ----- searching
    def reader_lines(self, ids: list[str]) -> dict:
        """The table's page reader: the window's own connection, on the GUI thread."""
        if self.moment is None:
            return {}
        return self.reader.lines(ids, self.moment)

    def run_search(self) -> None:
        self._asked += 1
        asked = self._asked
        query = self.search.text()
        self.status.setText(tr("Searching…") if self.browse.ready else tr("Indexing the question text…"))
        set_state(self.status, "")
        self.browse.find(query, self.order, self.descending, lambda found: self._found(asked, found),
                         lambda exc: self._failed(asked, exc))

    def sort(self, key: str, descending: bool) -> None:
        self.order, self.descending = key, descending
        self.run_search()

    def _found(self, asked: int, found: Found) -> None:
        if asked != self._asked:
            return  # an older search finished after a newer one was asked for
        current = self.current_id()
        self.moment = found.moment
        self.query_shown = found.query
        self.model.set_ids(found.ids, found.moment)
        n = len(found.ids)
        self.status.setText(tr("{:,} question(s)").format(n) if found.query.strip()
                            else tr("{:,} question(s): all of them").format(n))
        row = found.ids.index(current) if current in found.ids else 0
        if found.ids:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.preview.show_question(None)
            self.info.show_info(None, datetime.now(UTC).astimezone())
        self._sync_actions()
        self.searched.emit()

    def _failed(self, asked: int, exc: BaseException) -> None:
        from quizapp.study.search import SearchError

        if not isinstance(exc, SearchError):
            self.bridge.failed.emit(exc)
            return
        if asked == self._asked:
            self.status.setText(exc.message)
            set_state(self.status, "wrong")
            self.search.setCursorPosition(min(exc.position, len(self.search.text())))
            self.searched.emit()

    # ----- the selection
    def current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.question_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[str]:
        """The selected rows' ids, from the selection's ranges (no index object per row: 100k stay quick)."""
        rows: set[int] = set()
        for part in self.table.selectionModel().selection():
            rows.update(range(part.top(), part.bottom() + 1))
        return [self.model.ids[r] for r in sorted(rows) if r < len(self.model.ids)]

    def _show_current(self) -> None:
        qid = self.current_id()
        questions = self.bridge.loaded.result.questions if self.bridge.loaded else {}
        question = questions.get(qid) if qid else None
        if question is None:
            self.preview.show_question(None)
            return
        head = questions.heads().get(qid) if hasattr(questions, "heads") else question
        where = f"{qid} · {head.file}:{head.line}" if head is not None else qid
        self.preview.show_question(question, where)
        self.browse.card_info(qid, lambda info: self._info(qid, info))

    def _info(self, qid: str, info: CardInfo | None) -> None:
        if qid != self.current_id():
            return
        now = datetime.fromtimestamp(self.moment.now, UTC).astimezone() if self.moment else datetime.now(UTC)
        line = self.model.line(self.table.currentIndex().row())
        self.info.show_info(info, now, line.shown if line else qid)
        self.info_shown.emit(qid)

    # ----- actions
    def act(self, action: str) -> None:
        ids = self.selected_ids()
        if not ids:
            self.status.setText(tr("Select one or more questions first."))
            return
        if action == "reset":
            box = QMessageBox(QMessageBox.Icon.Question, tr("Reset progress"),
                              tr("Forget your progress on {} question(s)? They become new again; their review "
                                 "history is kept. Undo (Ctrl+Z) brings the progress back.").format(len(ids)),
                              QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            box.accepted.connect(lambda: self._apply("reset", ids))
            box.open()
            self.confirm = box
            return
        if action == "reschedule":
            today = datetime.fromtimestamp(self.moment.day_start, UTC).astimezone().date() if self.moment \
                else date.today()
            dialog = RescheduleDialog(len(ids), today, self)
            dialog.accepted.connect(lambda: self._apply("reschedule", ids, dialog.day()))
            dialog.open()
            self.confirm = dialog
            return
        self._apply(action, ids)

    def _apply(self, action: str, ids: list[str], day: date | None = None) -> None:
        self.status.setText(tr("Working…"))
        self.browse.apply(action, ids, self._edited, day=day, failed=self._edit_failed)

    def _edit_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValueError):
            self.status.setText(str(exc))
            set_state(self.status, "wrong")
        else:
            self.bridge.failed.emit(exc)

    def _edited(self, edit: Edit) -> None:
        same = edit.asked - edit.changed
        text = tr("{} {} question(s).").format(tr(DONE_TEXT[edit.action]), edit.changed)
        if same:
            text += " " + tr("{} already were.").format(same) if edit.action != "reset" else \
                " " + tr("{} had no progress to reset.").format(same)
        if edit.changed:
            text += " " + tr("Ctrl+Z undoes it.")
        self.status.setText(text)
        set_state(self.status, "")
        self.undo_action.setEnabled(self.browse.can_undo)
        self._refresh(edit)

    def undo(self) -> None:
        self.browse.undo(self._undone)

    def _undone(self, undone: Undone | None) -> None:
        if undone is None:
            self.status.setText(tr("Nothing to undo."))
        else:
            text = tr("Undone: {} on {} question(s).").format(tr(DONE_TEXT[undone.action]).lower(), undone.restored)
            if undone.skipped:
                text += " " + tr("{} changed again since and were left as they are.").format(undone.skipped)
            self.status.setText(text)
        self.undo_action.setEnabled(self.browse.can_undo)
        self._refresh(undone)

    def _refresh(self, what: object) -> None:
        def fresh(moment: Moment) -> None:
            self.moment = moment
            self.model.refresh(moment)
            self._show_current()
            self.edited.emit(what)

        self.browse.moment(fresh)

    def open_file(self) -> None:
        qid = self.current_id()
        questions = self.bridge.loaded.result.questions if self.bridge.loaded else {}
        heads = questions.heads() if hasattr(questions, "heads") else questions
        head = heads.get(qid) if qid else None
        if head is None:
            return
        path = self._bank_file(head.file)
        try:
            how = open_at_line(path, head.line)
        except OSError as exc:
            self.status.setText(tr("Cannot open {}: {}").format(path, exc.strerror or exc))
            set_state(self.status, "wrong")
            return
        self.status.setText(tr("Opened {} at line {} ({}).").format(path.name, head.line, tr(
            "in your editor" if how == "editor" else "with the desktop's application for it")))

    def _bank_file(self, shown: str) -> Path:
        """The bank file a question names (a path relative to where the app started, or absolute)."""
        path = Path(shown)
        if path.is_file():
            return path.resolve()
        for folder in self.bridge.loaded.paths if self.bridge.loaded else []:
            folder = folder if folder.is_dir() else folder.parent
            if (folder / path.name).is_file():
                return folder / path.name
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        self.show_timer.stop()
        self.reader.close()
        super().closeEvent(event)
