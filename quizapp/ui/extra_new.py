"""Studying one topic when today's new-card limit leaves fewer new cards than it has: Anki's choice of
"extra new cards today for this topic"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from quizapp.ui.i18n import tr


class ExtraNewDialog(QDialog):
    """Asks how many new cards beyond today's limit this topic may bring; `extra_cards()` after accept()."""

    def __init__(self, title: str, left: int, unseen: int, per_day: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Extra new cards"))
        self.within = False  # "within today's limit" was chosen
        self.text = QLabel(tr("Today's limit leaves {} new cards; “{}” has {} unseen.").format(left, title, unseen),
                           self)
        self.text.setWordWrap(True)
        self.extra = QSpinBox(self)
        self.extra.setRange(0, max(0, unseen - left))
        self.extra.setValue(min(max(0, unseen - left), max(1, per_day)))  # one day's worth, as far as there are
        self.extra.setAccessibleName(tr("Extra new cards today for this topic"))
        form = QFormLayout()
        form.addRow(tr("&Extra new cards today for this topic:"), self.extra)
        buttons = QDialogButtonBox(self)
        study = buttons.addButton(tr("Study with the extra cards"), QDialogButtonBox.ButtonRole.AcceptRole)
        study.setDefault(True)
        within = buttons.addButton(tr("Only today's limit"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        within.clicked.connect(self._within)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.extra.setFocus(Qt.FocusReason.TabFocusReason)
        self.extra.selectAll()  # typing a number replaces the suggestion

    def _within(self) -> None:
        self.within = True
        self.accept()

    def extra_cards(self) -> int:
        self.extra.interpretText()
        return 0 if self.within else self.extra.value()
