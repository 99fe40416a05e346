"""The home screen: today's numbers, the topic tree with mastery bars, bank problems and reload notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.loader import LoadResult
from quizapp.ui.bridge import Focus, Overview
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.home_parts import MASTERY_ROLE, EmptyState, MasteryDelegate, ProblemsBanner
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

if TYPE_CHECKING:
    from quizapp.study import TopicCounts

FOCUS_ROLE = Qt.ItemDataRole.UserRole
COLUMNS = ("Topic", "Due", "Unseen", "Learning", "Mastery")  # per topic: unseen questions, not today's share
MASTERY_COLUMN = 4


TOPIC_ON_BUTTON = 24  # characters of a topic's title shown on the "Study “…”" button


def _shortened(text: str, limit: int) -> str:
    """`text`, or its first words up to `limit` characters and an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"


def _counts_cells(counts: TopicCounts | None) -> list[str]:
    if counts is None:
        return ["–", "–", "–"]
    return [str(counts.due), str(counts.new), str(counts.learning)]


class HomeScreen(QWidget):
    """Numbers and entry points; emits what the student wants to study."""

    study_requested = Signal(object)  # a Focus (empty = everything due)
    weak_requested = Signal()
    exam_requested = Signal()
    stats_requested = Signal()
    preset_requested = Signal(str)  # a custom-study preset's name (quizapp.study.custom.PRESETS)
    custom_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.overview: Overview | None = None
        self.new_per_day = 20  # the setting, for the extra-new-cards offer (the window keeps it current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)

        header = QHBoxLayout()
        title = QLabel(tr("Ketamine pharmacology"), self)
        title.setProperty("role", "title")
        title.setWordWrap(True)  # large text in a small window wraps rather than widening the window
        header.addWidget(title, 1)  # all the room there is: a wrapping label is given only its minimum
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
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName(tr("Today's totals"))
        self.today = muted_label("", self)
        layout.addWidget(self.totals)
        layout.addWidget(self.today)

        self.actions = QWidget(self)
        actions = FlowLayout(self.actions, hspacing=6, vspacing=6)  # wraps in a narrow window
        self.study_now = QPushButton(tr("Study now"), self)
        self.study_now.setProperty("role", "primary")
        self.study_now.setToolTip(tr("Everything due today, with new questions mixed in (Ctrl+T)"))
        self.study_now.clicked.connect(lambda: self.study_requested.emit(Focus()))
        self.study_topic = QPushButton(tr("Study this topic"), self)
        self.study_topic.setToolTip(tr("Only the topic or tag selected in the list (Enter in the list)"))
        self.study_topic.clicked.connect(self._study_selected)
        self.weak = QPushButton(tr("Weak topics"), self)
        self.weak.clicked.connect(self.weak_requested)
        for button in (self.study_now, self.study_topic, self.weak):
            actions.addWidget(button)
        actions.add_stretch()
        self.exam = QPushButton(tr("Exam…"), self)
        self.exam.setToolTip(tr("A timed mock exam from a blueprint, or a quick custom one (Ctrl+E)"))
        self.exam.clicked.connect(self.exam_requested)
        self.stats = QPushButton(tr("Statistics…"), self)
        self.stats.setToolTip(tr("How you are doing: retention, forecast, weak topics, misconceptions (Ctrl+I)"))
        self.stats.clicked.connect(self.stats_requested)
        for button in (self.exam, self.stats):
            actions.addWidget(button)
        layout.addWidget(self.actions)

        self.custom_row = QWidget(self)
        custom = FlowLayout(self.custom_row, hspacing=6, vspacing=6)  # wraps like the row above
        custom.addWidget(muted_label(tr("Custom study:"), self))
        self.presets: dict[str, QPushButton] = {}
        for name, tip in (("Today's mistakes", "Questions you rated Again today"),
                          ("Weakest topic", "Every question of the topic you remember least"),
                          ("Study ahead (tomorrow)", "The reviews due tomorrow, reviewed early")):
            button = QPushButton(tr(name), self)
            button.setToolTip(tr(tip))
            button.clicked.connect(lambda _=False, n=name: self.preset_requested.emit(n))
            custom.addWidget(button)
            self.presets[name] = button
        self.custom = QPushButton(tr("Custom…"), self)
        self.custom.setToolTip(tr("A session over any search (Ctrl+Shift+S)"))
        self.custom.clicked.connect(self.custom_requested)
        custom.addWidget(self.custom)
        custom.add_stretch()
        layout.addWidget(self.custom_row)

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
    def set_loading(self, loading: bool, text: str | None = None) -> None:
        """The busy indicator beside the title, with `text` (default: loading the banks)."""
        self.loading_label.setText(text or tr("Loading question banks…"))
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
        self.presets["Weakest topic"].setEnabled(bool(overview.weak))
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
        # As Anki: what today's new-card limit lets a session bring, and how many are still unseen.
        self.totals.setText(tr("Due today: {}   ·   New: {} today, {} unseen   ·   Learning: {}").format(
            t.due, overview.new_today, t.new, t.learning))
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
            # A long title is shortened on the button (whose text cannot wrap), so that large text still
            # fits a small window; the tooltip has it whole.
            name = items[0].text(0)
            self.study_topic.setText(tr("Study “{}”").format(_shortened(name, TOPIC_ON_BUTTON)))
            self.study_topic.setToolTip(tr("Study “{}” (Enter in the list)").format(name))
        else:
            self.study_topic.setText(tr("Study this topic"))

    def _study_selected(self) -> None:
        selection = self.selection()
        if selection is not None:
            self._offer_extra_new(selection)

    def _offer_extra_new(self, focus: Focus) -> None:
        """Study `focus`; when today's new-card limit leaves fewer new cards than it has, ask first how many
        extra new cards it may bring today (quizapp/ui/extra_new.py)."""
        from dataclasses import replace

        from quizapp.ui.extra_new import ExtraNewDialog

        overview = self.overview
        counts = None if overview is None else (overview.tags.get(focus.topic, {}).get(focus.tag) if focus.tag
                                                else overview.topics.get(focus.topic))
        if overview is None or counts is None or counts.new <= overview.new_left:
            self.study_requested.emit(focus)
            return
        name = self.tree.selectedItems()[0].text(0) if self.tree.selectedItems() else focus.topic
        dialog = ExtraNewDialog(name, overview.new_left, counts.new, self.new_per_day, self)
        dialog.finished.connect(lambda code: code == ExtraNewDialog.DialogCode.Accepted and
                                self.study_requested.emit(replace(focus, extra_new=dialog.extra_cards())))
        dialog.open()
