"""File ▸ Question folders…: the shipped banks (read-only) and the instructor's own folders added to them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

EXPLANATION = ("The banks shipped with quizapp are always open and read-only. Add folders of your own "
               "banks (YAML files, see Help ▸ Authoring guide): they are loaded with the shipped ones and "
               "reloaded when you save a file in them. To change a shipped question, copy its bank into "
               "your folder, give the copied questions new ids and edit the copy.")


class BankFoldersDialog(QDialog):
    """Lists the shipped folder first (not removable) and the added folders; OK hands over the new list."""

    submitted = Signal(list)  # list[Path]: the added folders, in order

    def __init__(self, shipped: Path, folders: list[Path], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Question folders"))
        self.list = QListWidget(self)
        self.list.setAccessibleName(tr("Question folders"))
        fixed = QListWidgetItem(tr("{} (shipped with quizapp, read-only)").format(shipped), self.list)
        fixed.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, but not selectable: it cannot be removed
        font = fixed.font()
        font.setItalic(True)
        fixed.setFont(font)
        for folder in folders:
            self._add_item(folder)
        self.add_button = QPushButton(tr("&Add folder…"), self)
        self.add_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(tr("&Remove"), self)
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setEnabled(False)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(bool(self.list.selectedItems())))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        about = muted_label(tr(EXPLANATION), self)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(640, 360)

    def _add_item(self, folder: Path) -> None:
        item = QListWidgetItem(str(folder), self.list)
        item.setData(Qt.ItemDataRole.UserRole, str(folder))

    def folders(self) -> list[Path]:
        """The added folders as the list shows them now."""
        out = []
        for i in range(self.list.count()):
            value = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if value:
                out.append(Path(value))
        return out

    def add_folder(self, folder: Path) -> None:
        if folder not in self.folders():
            self._add_item(folder)

    def choose(self) -> None:
        mine = self.folders()
        folder = QFileDialog.getExistingDirectory(self, tr("Add question folder"),
                                                  str(mine[-1] if mine else Path.home()))
        if folder:
            self.add_folder(Path(folder))

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            if item.data(Qt.ItemDataRole.UserRole):
                self.list.takeItem(self.list.row(item))

    def accept(self) -> None:
        self.submitted.emit(self.folders())
        super().accept()
