"""The settings dialog, built from the study layer's declared settings (one editor per kind)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from quizapp.study.settings import SettingSpec, coerce
from quizapp.ui.i18n import tr

GROUP_TITLES = {
    "scheduling": "Scheduling", "limits": "Daily limits", "answers": "Answers",
    "backups": "Backups", "appearance": "Appearance", "advanced": "Advanced",
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
        else:  # "minutes" / "floats": a short list of numbers
            self.widget = QLineEdit(_fmt_numbers(value), parent)
            self.widget.setPlaceholderText(tr("numbers separated by commas, e.g. 1, 10"))
        self.widget.setAccessibleName(tr(spec.label))
        self.widget.setAccessibleDescription(tr(spec.description))
        self.widget.setToolTip(tr(spec.description))

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, QCheckBox):
            return w.isChecked()
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, QSpinBox | QDoubleSpinBox):
            return w.value()
        return _numbers(w.text())


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
        body = QWidget(self)
        body.setObjectName("page")
        column = QVBoxLayout(body)
        groups: dict[str, QFormLayout] = {}
        for spec in specs:
            if spec.hidden:
                continue
            if spec.group not in groups:
                box = QGroupBox(tr(GROUP_TITLES.get(spec.group, spec.group.capitalize())), body)
                groups[spec.group] = QFormLayout(box)
                column.addWidget(box)
            editor = _Editor(spec, settings.get(spec.key), body)
            label = QLabel(tr(spec.label), body)
            label.setBuddy(editor.widget)
            label.setToolTip(tr(spec.description))
            groups[spec.group].addRow(label, editor.widget)
            self.editors[spec.key] = editor
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error = QLabel(self)
        self.error.setProperty("state", "wrong")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(self.sizeHint().expandedTo(body.sizeHint()).boundedTo(self.screen().availableSize() * 0.8))

    def editor(self, key: str) -> QWidget:
        return self.editors[key].widget

    def changes(self) -> dict[str, Any]:
        """The edited values that differ from the current ones, checked; ValueError names the bad one."""
        changed: dict[str, Any] = {}
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
