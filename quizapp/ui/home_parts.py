"""The pieces of the home screen: the mastery bar in the topic list, the bank-problems banner, the empty state."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from quizapp.bank.model import Problem
from quizapp.ui import theme
from quizapp.ui.flowlayout import FlowLayout
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

MASTERY_ROLE = Qt.ItemDataRole.UserRole + 1
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
        title.setWordWrap(True)
        self.text = muted_label("", self)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        bundled = QPushButton(tr("Open the bundled banks"), self)
        bundled.setProperty("role", "primary")
        bundled.clicked.connect(self.open_bundled)
        folder = QPushButton(tr("Open a folder…"), self)
        folder.clicked.connect(self.open_folder)
        buttons = QWidget(self)
        row = FlowLayout(buttons, hspacing=6, vspacing=6)
        row.addWidget(bundled)
        row.addWidget(folder)
        layout.addWidget(title)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.bundled_button = bundled

    def set_searched(self, searched: Sequence[str]) -> None:
        where = "\n".join(f"  • {p}" for p in searched) or "  • " + tr("(no folder chosen)")
        self.text.setText(tr("A bank is a YAML file of questions (see the authoring guide in the Help menu). "
                             "Put bank files in a folder and open it with File ▸ Open question folder.\n\n"
                             "Looked in:\n{}").format(where))
