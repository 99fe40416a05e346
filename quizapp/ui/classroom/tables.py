"""The Class window's tables: one sortable QAbstractTableModel over report rows, and its columns per table.

A column says how to read a value from a row, how to show it and how it sorts (numbers as numbers; an
empty figure sorts last whichever way). The model never reformats the report: it shows what was computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from quizapp.study.classroom.report import ItemStats, StudentTotal, TopicStats
from quizapp.ui.i18n import tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1  # the raw value a column sorts by
ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the row object itself (an ItemStats, ...)
Index = QModelIndex | QPersistentModelIndex


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.0f} %"


def signed(x: float | None) -> str:
    return "–" if x is None else f"{x:+.2f}".replace("-", "−")


def seconds(ms: float | None) -> str:
    return "–" if ms is None else tr("{:.1f} s").format(ms / 1000)


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], Any]  # the figure (sorts by it; None sorts last)
    text: Callable[[Any], str] = str  # how the figure is shown
    tip: str = ""
    number: bool = False  # a figure: right-aligned


def _distractors(item: ItemStats) -> str:
    return ", ".join(f"{k} ({v})" for k, v in item.distractors.items())


def _where(item: ItemStats) -> str:
    if not item.file:
        return tr("(not in the open banks)")
    from pathlib import Path

    return f"{Path(item.file).name}:{item.line}"


ITEM_COLUMNS = (
    Column(tr("Question"), lambda i: i.question_id + ("" if i.current is not False else " " + tr("(older)")),
           tip=tr("The question's id; “(older)”: answers to an earlier wording")),
    Column(tr("Version"), lambda i: i.content_hash[:8], tip=tr("The content hash: a reworded question starts fresh")),
    Column(tr("Topic"), lambda i: i.topic),
    Column(tr("Responses"), lambda i: i.responses, number=True,
           tip=tr("Students who answered it (each student's first answer)")),
    Column(tr("Facility"), lambda i: i.p_correct, pct, tr("Share of responses that were right (p)"), True),
    Column(tr("Point-biserial"), lambda i: i.discrimination, signed,
           tr("Discrimination r: correlation of being right with the student's total; negative: check the key"),
           True),
    Column(tr("Upper–lower"), lambda i: i.upper_lower, signed,
           tr("Discrimination D: share right in the top 27 % of students minus the bottom 27 %"), True),
    Column(tr("Median time"), lambda i: i.median_time_ms, seconds, tr("Median time of the responses"), True),
    Column(tr("Flags"), lambda i: len(i.flags), lambda n: "⚑ " * n if n else "",
           tr("Negative discrimination, facility under 0.2 or over 0.95, or a distractor nobody picks")),
    Column(tr("File"), _where, tip=tr("Where the question is written; double-click a row to open it")),
    Column(tr("Distractors (picks)"), _distractors, tip=tr("Each wrong option and how many responses picked it")),
)
TOPIC_COLUMNS = (
    Column(tr("Topic"), lambda t: t.topic),
    Column(tr("Mastery"), lambda t: t.mastery, pct, tr("Share of (student, question) pairs whose latest answer "
                                                       "was right"), True),
    Column(tr("Students"), lambda t: t.students, number=True),
    Column(tr("Questions"), lambda t: t.questions, number=True),
    Column(tr("Answers"), lambda t: t.answers, number=True, tip=tr("Every answer, reviews included")),
)
STUDENT_COLUMNS = (
    Column(tr("Name"), lambda s: s.name),
    Column(tr("Login"), lambda s: s.login),
    Column(tr("Items"), lambda s: s.items, number=True, tip=tr("Items answered")),
    Column(tr("Total"), lambda s: s.total, pct, tr("Share of items answered right the first time"), True),
)


class ReportTable(QAbstractTableModel):
    """Rows of one kind (items, topics or students) under `columns`; sort() orders the rows themselves."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Any] = (), flag_color: str = "") -> None:
        super().__init__()
        self.columns = tuple(columns)
        self.rows: list[Any] = list(rows)
        self.flag_color = QColor(flag_color) if flag_color else None
        self._order: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()
        if self._order is not None:
            self.sort(*self._order)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(row)
            return column.text(value) if value is not None else "–"
        if role == SORT_ROLE:
            return column.value(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if isinstance(row, ItemStats):
                lines = [row.prompt or row.question_id, *(f"⚑ {f.message}" for f in row.flags)]
                return "\n".join(lines)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and self.flag_color is not None and getattr(row, "flags", ()):
            return self.flag_color
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._order = (column, order)
        read = self.columns[column].value
        present = [r for r in self.rows if read(r) is not None]
        missing = [r for r in self.rows if read(r) is None]  # empty figures last, both ways
        present.sort(key=lambda r: _key(read(r)), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()  # the selection follows its rows
        held = [(index, self.rows[index.row()]) for index in kept]
        self.rows = present + missing
        where = {id(r): i for i, r in enumerate(self.rows)}
        self.changePersistentIndexList(kept, [self.index(where[id(r)], index.column()) for index, r in held])
        self.layoutChanged.emit()


def _key(value: Any) -> tuple[int, Any]:
    if isinstance(value, bool | int | float):
        return (0, float(value))
    return (1, str(value).casefold())


__all__ = ["ITEM_COLUMNS", "ROW_ROLE", "SORT_ROLE", "STUDENT_COLUMNS", "TOPIC_COLUMNS", "Column", "ItemStats",
           "ReportTable", "StudentTotal", "TopicStats"]
