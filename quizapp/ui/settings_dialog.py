"""The settings dialog, built from the study layer's declared settings (one editor per kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from quizapp.study.settings import SettingSpec, coerce
from quizapp.ui.i18n import tr
from quizapp.ui.questions.base import muted_label

GROUP_TITLES = {
    "scheduling": "Scheduling", "limits": "Daily limits", "answers": "Answers",
    "backups": "Backups", "sync": "Sync", "appearance": "Appearance", "class": "Class", "advanced": "Advanced",
}


def _numbers(text: str) -> list[str]:
    """The comma-separated parts; `coerce` turns them into numbers or names the setting that is wrong."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _fmt_numbers(values: Sequence[float]) -> str:
    return ", ".join(f"{v:g}" for v in values)


class _Editor:
    """One setting's input widget, with a uniform read/write."""

    def __init__(self, spec: SettingSpec, value: Any, parent: QWidget) -> None:
        self.spec = spec
        kind = spec.kind
        if kind == "bool":
            self.widget: QWidget = QCheckBox(parent)
            self.widget.setChecked(bool(value))
        elif kind == "choice":
            self.widget = QComboBox(parent)
            for choice in spec.choices:
                self.widget.addItem(tr(choice.capitalize()), choice)
            self.widget.setCurrentIndex(max(0, self.widget.findData(value)))
        elif kind == "int":
            self.widget = QSpinBox(parent)
            self.widget.setRange(int(spec.minimum if spec.minimum is not None else -(2**31)),
                                 int(spec.maximum if spec.maximum is not None else 2**31 - 1))
            self.widget.setValue(int(value))
        elif kind == "float":
            self.widget = QDoubleSpinBox(parent)
            low, high = spec.minimum or 0.0, spec.maximum if spec.maximum is not None else 1e9
            self.widget.setDecimals(2)
            self.widget.setSingleStep(0.01 if high <= 1 else 1.0)
            self.widget.setRange(low, high)
            self.widget.setValue(float(value))
        elif kind == "folder":  # a path, typed or chosen with the folder button at its end
            self.widget = QLineEdit(str(value or ""), parent)
            self.widget.setPlaceholderText(tr("none"))
            choose = self.widget.addAction(parent.style().standardIcon(QStyle.StandardPixmap.SP_DirOpenIcon),
                                           QLineEdit.ActionPosition.TrailingPosition)
            choose.setToolTip(tr("Choose a folder…"))
            choose.triggered.connect(self._choose_folder)
        elif kind == "text":
            self.widget = QLineEdit(str(value or ""), parent)
            self.widget.setPlaceholderText(spec.example)
        else:  # "minutes" / "floats": a short list of numbers
            self.widget = QLineEdit(_fmt_numbers(value), parent)
            self.widget.setPlaceholderText(tr("numbers separated by commas, e.g. 1, 10"))
        self.widget.setAccessibleName(tr(spec.label))
        self.widget.setAccessibleDescription(tr(spec.description))
        self.widget.setToolTip(tr(spec.description))

    def _choose_folder(self) -> None:
        w = self.widget
        assert isinstance(w, QLineEdit)
        chosen = QFileDialog.getExistingDirectory(w, tr(self.spec.label), w.text())
        if chosen:
            w.setText(chosen)

    def value(self) -> Any:
        w = self.widget
        if self.spec.kind == "folder":
            assert isinstance(w, QLineEdit)
            return w.text().strip()
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox | QDoubleSpinBox):
            return w.value()
        return w.text() if self.spec.kind == "text" else _numbers(w.text())


class SettingsDialog(QDialog):
    """Edits every visible setting; OK checks the values and `submitted` hands over those that changed.

    Storing them is the caller's job (on the database worker); this dialog never writes.
    """

    submitted = Signal(dict)

    def __init__(self, specs: Sequence[SettingSpec], settings: Mapping[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Settings"))
        self.setObjectName("settings-dialog")
        self.settings = settings
        self.editors: dict[str, _Editor] = {}
        # One tab per group; each tab scrolls on its own if the text is large (e.g. at 200 % scaling).
        self.tabs = QTabWidget(self)
        grids: dict[str, QGridLayout] = {}
        field_width = self.fontMetrics().averageCharWidth() * 22
        for spec in specs:
            if spec.hidden:
                continue
            if spec.group not in grids:
                grids[spec.group] = self._page(tr(GROUP_TITLES.get(spec.group, spec.group.capitalize())))
            grid = grids[spec.group]
            page = grid.parentWidget()
            editor = _Editor(spec, settings.get(spec.key), page)
            editor.widget.setFixedWidth(round(field_width * (1.6 if spec.kind == "text" else 1)))  # addresses
            # The name, with what it does underneath: students should not need tooltips to decide.
            label = QLabel(tr(spec.label), page)
            label.setProperty("role", "heading")
            label.setBuddy(editor.widget)
            about = muted_label(tr(spec.description), page)
            about.setMinimumWidth(field_width * 2)
            row = grid.rowCount()
            if row > 1:
                label.setContentsMargins(0, 10, 0, 0)
            grid.addWidget(label, row, 0)
            grid.addWidget(editor.widget, row, 1, 2, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(about, row + 1, 0)
            self.editors[spec.key] = editor
        self.grids = grids
        for grid in grids.values():
            grid.setRowStretch(grid.rowCount(), 1)
        self.error = QLabel(self)
        self.error.setProperty("state", "wrong")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Big enough that no tab scrolls, unless the screen is too small for that.
        pages = [grid.parentWidget().sizeHint() for grid in grids.values()]
        wanted = QSize(max(p.width() for p in pages) + 60, max(p.height() for p in pages) + 150)
        self.resize(wanted.boundedTo(self.screen().availableSize() * 0.9))
        # The keyboard lands on a field, never on a scroll area that shows no focus (typing there was lost).
        self.tabs.currentChanged.connect(self.focus_page)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activateWindow()
        self.focus_page(self.tabs.currentIndex())

    def focus_page(self, index: int) -> None:
        """Put the focus on the first field of tab `index`, its text selected so that typing replaces it."""
        page = self.tabs.widget(index)
        first = next((e.widget for e in self.editors.values() if page is not None and page.isAncestorOf(e.widget)),
                     None)
        if first is None:
            return
        first.setFocus(Qt.FocusReason.TabFocusReason)
        if isinstance(first, QAbstractSpinBox | QLineEdit):
            first.selectAll()

    def _page(self, title: str) -> QGridLayout:
        scroll = QScrollArea(self.tabs)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it would take the focus and show none
        page = QWidget(scroll)
        page.setObjectName("page")
        grid = QGridLayout(page)
        grid.setColumnStretch(0, 1)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(6)
        grid.setContentsMargins(16, 16, 16, 16)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return grid

    def add_to_page(self, group: str, widget: QWidget) -> None:
        """Put a feature's own controls (the class password) under the settings of `group`'s tab."""
        grid = self.grids[group]
        row = grid.rowCount()
        grid.setRowStretch(row - 1, 0)
        grid.addWidget(widget, row, 0, 1, 2)
        grid.setRowStretch(row + 1, 1)

    def editor(self, key: str) -> QWidget:
        """The input of one setting, with its tab brought to the front."""
        widget = self.editors[key].widget
        self.tabs.setCurrentIndex(next(i for i in range(self.tabs.count())
                                       if self.tabs.widget(i).isAncestorOf(widget)))
        return widget

    def changes(self) -> dict[str, Any]:
        """The edited values that differ from the current ones, checked; ValueError names the bad one."""
        changed: dict[str, Any] = {}
        for editor in self.editors.values():
            if isinstance(editor.widget, QAbstractSpinBox):
                editor.widget.interpretText()  # text typed but not yet taken as the value counts too
        for key, editor in self.editors.items():
            value = coerce(editor.spec, editor.value())
            if value != self.settings.get(key):
                changed[key] = value
        return changed

    def accept(self) -> None:
        try:
            changed = self.changes()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        if changed:
            self.submitted.emit(changed)
        super().accept()
