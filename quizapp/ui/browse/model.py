"""The Browse table's model: every found question id, and their rows read a page at a time when shown.

A search hands over ids only (100,000 strings); the row a view paints is read with the rest of its
page of PAGE rows (one indexed statement, well under a millisecond), and at most KEPT pages stay in
memory. So the table opens at once, and scrolling through 100,000 rows reads only what is painted.
Sorting asks the window for the same search in another order (done in SQL, on the worker).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from quizapp.ui import fmt
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.study.search import CardLine, Moment

PAGE = 200
KEPT = 64
# (sort key in quizapp.study.search.ORDERS, header)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("prompt", "Question"), ("topic", "Topic"), ("type", "Type"), ("due", "Due"), ("interval", "Interval"),
    ("stability", "Stability"), ("difficulty", "Difficulty"), ("lapses", "Lapses"), ("flags", "Flags"))
RIGHT = frozenset({"due", "interval", "stability", "difficulty", "lapses"})
ID_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


def flags_text(line: CardLine) -> str:
    parts = []
    if line.suspended:
        parts.append(tr("suspended"))
    if line.buried:
        parts.append(tr("buried"))
    if line.flagged:
        parts.append("⚑")
    if line.leech:
        parts.append(tr("leech"))
    return " · ".join(parts)


def due_text(line: CardLine, now: datetime) -> str:
    if line.due is None:
        return tr("new")
    when = datetime.fromtimestamp(line.due, UTC).astimezone(now.tzinfo)
    text = when.strftime("%H:%M") if when.date() == now.date() and line.state in (1, 3) else when.date().isoformat()
    return f"({text})" if line.suspended or line.buried else text  # as Anki: not coming up while put aside


def cell(key: str, line: CardLine, now: datetime) -> str:
    """What one column shows for one row."""
    if key == "prompt":
        return line.shown
    if key == "topic":
        return line.topic
    if key == "type":
        return line.qtype.replace("_", " ")
    if key == "due":
        return due_text(line, now)
    if key == "interval":
        return "" if line.interval is None else fmt.interval(timedelta(days=line.interval))
    if key == "stability":
        return "" if line.stability is None else fmt.interval(timedelta(days=line.stability))
    if key == "difficulty":
        return "" if line.difficulty is None else f"{line.difficulty:.1f}"
    if key == "lapses":
        return str(line.lapses)
    return flags_text(line)


class CardTableModel(QAbstractTableModel):
    """Rows are found ids; `read(ids)` gives their CardLines (the window's own reader, GUI thread)."""

    sort_requested = Signal(str, bool)  # sort key, descending

    def __init__(self, read: Callable[[Sequence[str]], dict[str, CardLine]], parent: Any = None) -> None:
        super().__init__(parent)
        self.read = read
        self.ids: list[str] = []
        self.moment: Moment | None = None
        self.now = datetime.now(UTC)
        self._pages: OrderedDict[int, dict[str, CardLine]] = OrderedDict()
        self.reads = 0  # pages read so far (tests and the benchmark watch it)

    # ----- contents
    def set_ids(self, ids: list[str], moment: Moment) -> None:
        self.beginResetModel()
        self.ids, self.moment = ids, moment
        self.now = datetime.fromtimestamp(moment.now, UTC).astimezone()
        self._pages.clear()
        self.endResetModel()

    def refresh(self, moment: Moment | None = None) -> None:
        """Read the shown rows again (after an edit); the ids and their order stay."""
        if moment is not None:
            self.moment = moment
            self.now = datetime.fromtimestamp(moment.now, UTC).astimezone()
        self._pages.clear()
        if self.ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.ids) - 1, len(COLUMNS) - 1))

    def line(self, row: int) -> CardLine | None:
        if not 0 <= row < len(self.ids):
            return None
        page = row // PAGE
        lines = self._pages.get(page)
        if lines is None:
            lines = self.read(self.ids[page * PAGE:(page + 1) * PAGE])
            self.reads += 1
            self._pages[page] = lines
            if len(self._pages) > KEPT:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return lines.get(self.ids[row])

    def question_id(self, row: int) -> str | None:
        return self.ids[row] if 0 <= row < len(self.ids) else None

    # ----- QAbstractTableModel
    def rowCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(self.ids)

    def columnCount(self, parent: _Index | None = None) -> int:
        return 0 if parent is not None and parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key = COLUMNS[index.column()][0]
        if role == ID_ROLE:
            return self.question_id(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            align = Qt.AlignmentFlag.AlignRight if key in RIGHT else Qt.AlignmentFlag.AlignLeft
            return align | Qt.AlignmentFlag.AlignVCenter
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        line = self.line(index.row())
        if line is None:
            return tr("(no longer in the banks)") if key == "prompt" else ""
        text = cell(key, line, self.now)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{line.question_id}: {text}" if key == "prompt" else None
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section][1])
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if COLUMNS[section][0] == "difficulty":
                return tr("FSRS difficulty, 1 (easy) to 10 (hard)")
            if COLUMNS[section][0] == "stability":
                return tr("FSRS stability: how long until recall falls to 90%")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMNS[column][0] if 0 <= column < len(COLUMNS) else "bank"
        self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)
