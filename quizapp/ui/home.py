"""The home screen: today's numbers, the topic tree with mastery bars, bank problems and reload notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.loader import LoadResult
from quizapp.bank.model import Problem
from quizapp.ui import theme
from quizapp.ui.bridge import Focus, Overview
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

if TYPE_CHECKING:
    from quizapp.study import TopicCounts

FOCUS_ROLE = Qt.ItemDataRole.UserRole
MASTERY_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = ("Topic", "Due", "New", "Learning", "Mastery")
MASTERY_COLUMN = 4
MAX_SHOWN = 500  # problems listed in the banner


class MasteryDelegate(QStyledItemDelegate):
    """Draws a topic's mastery (0..1) as a bar with its percentage."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        value = index.data(MASTERY_ROLE)
        if value is None:
            super().paint(painter, option, index)
            return
        colors = theme.current()
        # The row's own background first (selection, hover), as other columns have it.
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = max(8, option.fontMetrics.height() // 2)
        bar = QRect(option.rect.left() + 6, option.rect.center().y() - height // 2,
                    max(10, option.rect.width() - 60), height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colors.border))
        painter.drawRoundedRect(bar, height / 2, height / 2)
        filled = QRect(bar)
        filled.setWidth(round(bar.width() * max(0.0, min(1.0, float(value)))))
        if filled.width() > 0:
            painter.setBrush(QColor(colors.good))
            painter.drawRoundedRect(filled, height / 2, height / 2)
        selected = option.state & QStyle.StateFlag.State_Selected
        painter.setPen(option.palette.highlightedText().color() if selected else QColor(colors.text))
        text_rect = QRect(bar.right() + 6, option.rect.top(), 50, option.rect.height())
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         f"{round(float(value) * 100)}%")
        painter.restore()


class ProblemsBanner(QFrame):
    """Lists every FILE:LINE problem found while loading banks; hidden when there are none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "banner")
        self.setAccessibleName(tr("Problems in the question banks"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        row = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.toggle = QPushButton(tr("Hide details"), self)
        self.toggle.clicked.connect(self._toggle)
        row.addWidget(self.title, 1)
        row.addWidget(self.toggle)
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Problem messages"))
        self.list.setWordWrap(True)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.hide()

    def set_problems(self, problems: Sequence[Problem]) -> None:
        self.list.clear()
        errors = sum(p.severity == "error" for p in problems)
        warnings = len(problems) - errors
        # Errors first; a list of thousands helps nobody and fills the GUI thread, so it stops at MAX_SHOWN.
        ordered = sorted(problems, key=lambda p: p.severity != "error")
        self.list.addItems([str(p) for p in ordered[:MAX_SHOWN]])
        if len(problems) > MAX_SHOWN:
            self.list.addItem(tr("… and {} more: run `quizapp check` on the folder for the full list.").format(
                len(problems) - MAX_SHOWN))
        rows = min(len(problems), 6)
        self.list.setFixedHeight(rows * (self.list.sizeHintForRow(0) if problems else 0) + 6)
        self.title.setText(tr("The question banks have {} error(s) and {} warning(s). Questions with errors "
                              "are left out until fixed; the rest load normally.").format(errors, warnings))
        self.setVisible(bool(problems))

    def _toggle(self) -> None:
        self.list.setVisible(not self.list.isVisible())
        self.toggle.setText(tr("Hide details") if self.list.isVisible() else tr("Show details"))


class EmptyState(QFrame):
    """Shown when no bank files were found: where banks go and a way to open some."""

    open_bundled = Signal()
    open_folder = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        title = QLabel(tr("No question banks found"), self)
        title.setProperty("role", "title")
        self.text = muted_label("", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bundled = QPushButton(tr("Open the bundled banks"), self)
        bundled.setProperty("role", "primary")
        bundled.clicked.connect(self.open_bundled)
        folder = QPushButton(tr("Open a folder…"), self)
        folder.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(bundled)
        row.addWidget(folder)
        row.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.bundled_button = bundled

    def set_searched(self, searched: Sequence[str]) -> None:
        where = "\n".join(f"  • {p}" for p in searched) or "  • " + tr("(no folder chosen)")
        self.text.setText(tr("A bank is a YAML file of questions (see the authoring guide in the Help menu). "
                             "Put bank files in a folder and open it with File ▸ Open question folder.\n\n"
                             "Looked in:\n{}").format(where))


def _counts_cells(counts: TopicCounts | None) -> list[str]:
    if counts is None:
        return ["–", "–", "–"]
    return [str(counts.due), str(counts.new), str(counts.learning)]


class HomeScreen(QWidget):
    """Numbers and entry points; emits what the student wants to study."""

    study_requested = Signal(object)  # a Focus (empty = everything due)
    weak_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.overview: Overview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)

        header = QHBoxLayout()
        title = QLabel(tr("Ketamine pharmacology"), self)
        title.setProperty("role", "title")
        header.addWidget(title)
        header.addStretch(1)
        self.loading = QProgressBar(self)
        self.loading.setRange(0, 0)
        self.loading.setMaximumWidth(160)
        self.loading.setAccessibleName(tr("Loading"))
        self.loading_label = muted_label(tr("Loading question banks…"), self)
        header.addWidget(self.loading_label)
        header.addWidget(self.loading)
        layout.addLayout(header)

        self.totals = QLabel(self)
        self.totals.setProperty("role", "heading")
        self.totals.setAccessibleName(tr("Today's totals"))
        self.today = muted_label("", self)
        layout.addWidget(self.totals)
        layout.addWidget(self.today)

        actions = QHBoxLayout()
        self.study_now = QPushButton(tr("Study now"), self)
        self.study_now.setProperty("role", "primary")
        self.study_now.setToolTip(tr("Everything due today, with new questions mixed in"))
        self.study_now.clicked.connect(lambda: self.study_requested.emit(Focus()))
        self.study_topic = QPushButton(tr("Study this topic"), self)
        self.study_topic.setToolTip(tr("Only the topic or tag selected in the list (Enter in the list)"))
        self.study_topic.clicked.connect(self._study_selected)
        self.weak = QPushButton(tr("Weak topics"), self)
        self.weak.clicked.connect(self.weak_requested)
        for button in (self.study_now, self.study_topic, self.weak):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)

        self.notice = QFrame(self)
        self.notice.setProperty("role", "notice")
        notice_row = QHBoxLayout(self.notice)
        notice_row.setContentsMargins(12, 6, 6, 6)
        self.notice_text = QLabel(self.notice)
        self.notice_text.setWordWrap(True)
        self.notice_text.setAccessibleName(tr("Reload summary"))
        close = QPushButton(tr("Dismiss"), self.notice)
        close.clicked.connect(self.notice.hide)
        notice_row.addWidget(self.notice_text, 1)
        notice_row.addWidget(close)
        self.notice.hide()
        layout.addWidget(self.notice)

        self.problems = ProblemsBanner(self)
        layout.addWidget(self.problems)

        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setAccessibleName(tr("Topics"))
        self.tree.setItemDelegateForColumn(MASTERY_COLUMN, MasteryDelegate(self.tree))
        self.tree.setAlternatingRowColors(False)
        self.tree.setUniformRowHeights(True)
        header_view = self.tree.header()
        header_view.setStretchLastSection(False)
        header_view.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header_view.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header_view.setSectionResizeMode(MASTERY_COLUMN, QHeaderView.ResizeMode.Fixed)
        header_view.resizeSection(MASTERY_COLUMN, 200)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemActivated.connect(lambda *_: self._study_selected())
        layout.addWidget(self.tree, 1)

        self.empty = EmptyState(self)
        self.empty.hide()
        layout.addWidget(self.empty)
        self._selection_changed()
        for button in (self.study_now, self.weak):
            button.setEnabled(False)  # until the banks are loaded
        self.set_loading(True)

    # ----- updates from the window
    def set_loading(self, loading: bool) -> None:
        self.loading.setVisible(loading)
        self.loading_label.setVisible(loading)

    def show_banks(self, result: LoadResult, overview: Overview, searched: Sequence[str]) -> None:
        """Fill the tree from the loaded banks and their counts; the empty state when nothing loaded."""
        self.overview = overview
        self.problems.set_problems(result.problems)
        has_questions = bool(result.questions)
        self.tree.setVisible(has_questions)
        self.empty.setVisible(not has_questions)
        self.empty.set_searched(searched)
        self.study_now.setEnabled(has_questions)
        self._enable_weak(overview)
        self._fill_tree(overview)
        self._show_totals(overview)

    def show_counts(self, overview: Overview) -> None:
        """Refresh the numbers only (after answers), keeping the tree's selection and expansion."""
        self.overview = overview
        root = self.tree.invisibleRootItem()
        for i in range(root.childCount()):
            item = root.child(i)
            topic = item.data(0, FOCUS_ROLE).topic
            self._set_counts(item, overview.topics.get(topic))
            for j in range(item.childCount()):
                child = item.child(j)
                self._set_counts(child, overview.tags.get(topic, {}).get(child.data(0, FOCUS_ROLE).tag))
        self._show_totals(overview)
        self._enable_weak(overview)

    def _enable_weak(self, overview: Overview) -> None:
        self.weak.setEnabled(bool(overview.weak))
        self.weak.setToolTip(tr("A drill over the cards you remember least in: {}").format(", ".join(overview.weak))
                             if overview.weak else tr("Study some questions first: weak topics show up after that."))

    def show_notice(self, text: str) -> None:
        self.notice_text.setText(text)
        self.notice.show()

    # ----- internals
    def _fill_tree(self, overview: Overview) -> None:
        """Rebuild the tree, keeping which topics were open and what was selected."""
        selected = self.selection()
        expanded = {self.tree.topLevelItem(i).data(0, FOCUS_ROLE) for i in range(self.tree.topLevelItemCount())
                    if self.tree.topLevelItem(i).isExpanded()}
        self.tree.clear()
        titles = overview.titles
        current: QTreeWidgetItem | None = None
        for topic in sorted(overview.tag_names, key=lambda t: titles.get(t, t).casefold()):
            item = QTreeWidgetItem([titles.get(topic, topic)])
            item.setData(0, FOCUS_ROLE, Focus(topic))
            item.setToolTip(0, tr("topic: {}").format(topic))
            self._set_counts(item, overview.topics.get(topic))
            for tag in overview.tag_names[topic]:
                child = QTreeWidgetItem([f"#{tag}"])
                child.setData(0, FOCUS_ROLE, Focus(topic, tag))
                self._set_counts(child, overview.tags.get(topic, {}).get(tag))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(item.data(0, FOCUS_ROLE) in expanded)
            for candidate in (item, *(item.child(i) for i in range(item.childCount()))):
                if candidate.data(0, FOCUS_ROLE) == selected:
                    current = candidate
        if current is None and self.tree.topLevelItemCount():
            current = self.tree.topLevelItem(0)
        if current is not None:
            self.tree.setCurrentItem(current)

    def _set_counts(self, item: QTreeWidgetItem, counts: TopicCounts | None) -> None:
        for column, text in enumerate(_counts_cells(counts), start=1):
            item.setText(column, text)
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        mastery = counts.mastery if counts is not None else 0.0
        item.setData(MASTERY_COLUMN, MASTERY_ROLE, mastery)
        item.setData(MASTERY_COLUMN, Qt.ItemDataRole.AccessibleTextRole,
                     tr("mastery {}%").format(round(mastery * 100)))

    def _show_totals(self, overview: Overview) -> None:
        t = overview.totals
        self.totals.setText(tr("Due today: {}   ·   New: {}   ·   Learning: {}").format(t.due, t.new, t.learning))
        new_done, reviews_done = overview.today
        studied = tr("{} of {} questions studied").format(t.studied, t.total)
        self.today.setText(tr("Done today: {} new, {} reviews.  {}.  Mastery {}%.").format(
            new_done, reviews_done, studied, round(t.mastery * 100)))

    def selection(self) -> Focus | None:
        items = self.tree.selectedItems()
        return items[0].data(0, FOCUS_ROLE) if items else None

    def _selection_changed(self) -> None:
        items = self.tree.selectedItems()
        self.study_topic.setEnabled(bool(items))
        if items:
            self.study_topic.setText(tr("Study “{}”").format(items[0].text(0)))
        else:
            self.study_topic.setText(tr("Study this topic"))

    def _study_selected(self) -> None:
        selection = self.selection()
        if selection is not None:
            self.study_requested.emit(selection)
