"""File ▸ Import and File ▸ Export: pick files, convert on a worker, report what happened."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from quizapp import paths
from quizapp.ui import crash_dialog
from quizapp.ui.background import run_in_background
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.ui.bridge import Bridge


def _report(parent: QWidget, title: str, lines: list[str]) -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, lines[-1] if lines else "", parent=parent)
    if len(lines) > 1:
        box.setDetailedText("\n".join(lines))
    box.open()


def _failed(parent: QWidget, title: str):
    def show(exc: BaseException) -> None:
        from quizapp.bank.formats.base import FormatError
        from quizapp.bank.formats.importing import TargetError

        # a bad file, a file that cannot be written or a wrong choice: said as it is; anything else is a bug
        if isinstance(exc, FormatError | TargetError | ValueError | OSError):
            QMessageBox.warning(parent, title, str(exc))
            return
        bridge = getattr(parent, "bridge", None)
        crash_dialog.report(parent, exc, getattr(bridge, "data_dir", None), title)

    return show


def import_dialog(parent: QWidget, bank_paths: list[Path]) -> None:
    """Convert a GIFT, Moodle XML, Aiken, CSV, Anki or Quizlet file into bank files in the open question folder."""
    from quizapp.bank.formats import IMPORTERS
    from quizapp.bank.formats.importing import import_file

    classes = list(IMPORTERS.values())
    filters = [f"{cls.description} ({' '.join(f'*{e}' for e in (cls.extension, *cls.other_extensions))})"
               for cls in classes]  # a chosen filter names the format: a .txt may be Aiken, GIFT or Anki's
    every = sorted({e for cls in classes for e in (cls.extension, *cls.other_extensions)})
    filters.insert(0, tr("Any question file") + f" ({' '.join(f'*{e}' for e in every)})")
    source, chosen = QFileDialog.getOpenFileName(parent, tr("Import questions"), str(Path.home()), ";;".join(filters))
    if not source:
        return
    fmt = classes[filters.index(chosen) - 1].name if chosen in filters[1:] else None
    # Never propose the shipped banks: an installed copy is read-only (it may sit in site-packages).
    folder = next((p for p in bank_paths if p.is_dir() and not paths.read_only_reason(p / "x.yaml")), Path.home())
    target, _ = QFileDialog.getSaveFileName(parent, tr("Bank file to write (or add to)"),
                                            str(folder / (Path(source).stem + ".yaml")), "YAML (*.yaml *.yml)")
    if not target:
        return
    title = tr("Import questions")
    refused = paths.read_only_reason(Path(target))
    if refused:
        QMessageBox.warning(parent, title, refused)
        return
    run_in_background(lambda: import_file(Path(source), Path(target), fmt).lines(),
                      lambda lines: _report(parent, title, lines), _failed(parent, title))


def export_dialog(parent: QWidget, bridge: Bridge) -> None:
    """Write the open banks as an Anki deck or a Moodle GIFT file."""
    from quizapp.bank.formats import EXPORTERS

    if bridge.loaded is None:
        return
    classes = list(EXPORTERS.values())
    filters = [f"{cls.description} (*{cls.extension})" for cls in classes]
    target, chosen = QFileDialog.getSaveFileName(parent, tr("Export questions"),
                                                 str(Path.home() / f"quizapp{classes[0].extension}"),
                                                 ";;".join(filters))
    if not target:
        return
    exporter = classes[filters.index(chosen)]() if chosen in filters else classes[0]()
    loaded = bridge.loaded.result
    title = tr("Export questions")

    def work() -> list[str]:
        result = exporter.export(loaded, Path(target))
        return [n.render(target) for n in result.notes] + [
            tr("{} question(s) written to {}").format(result.written, target)]

    run_in_background(work, lambda lines: _report(parent, title, lines), _failed(parent, title))
