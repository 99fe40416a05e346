"""Starting the desktop app: QApplication, the main window, then the database and banks in the background."""

from __future__ import annotations

import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from quizapp import paths
from quizapp.desktop import APP_ID
from quizapp.ui import background, crash_dialog, display, probe, theme
from quizapp.ui.bridge import Bridge
from quizapp.ui.i18n import tr
from quizapp.ui.main_window import BANK_FOLDERS, UI_STATE, MainWindow

if TYPE_CHECKING:  # the study layer is imported on the database worker, after the first paint
    from quizapp.study import Clock, StoreError, StudyService


ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)  # resources/icons/hicolor/<n>x<n>/apps/APP_ID.png


def _bank_paths(given: list[Path] | None, state: QSettings) -> list[Path]:
    """Exactly `given` (the command line's choice), else the shipped banks and the folders the student
    added in File ▸ Question folders… (see MainWindow.set_bank_folders)."""
    if given:
        return [Path(p).expanduser() for p in given]
    return paths.bank_set(folders_setting(state))


def folders_setting(state: QSettings) -> list[Path]:
    """The student's own question folders, remembered in ui.ini.

    Before the shipped banks were always loaded, "banks" held the folders opened last; they are taken
    over once (the shipped folder itself dropped), so a folder someone opened before stays open.
    """
    if state.contains(BANK_FOLDERS):
        value = state.value(BANK_FOLDERS) or []
    else:
        value = state.value("banks") or []
        state.remove("banks")
        value = [p for p in ([value] if isinstance(value, str) else value) if Path(p) != paths.bundled_questions()]
        state.setValue(BANK_FOLDERS, value)
    return [Path(p) for p in ([value] if isinstance(value, str) else value)]


def app_icon() -> QIcon:
    """The application icon from the shipped PNG sizes (no SVG plugin needed); empty if they are missing."""
    icon = QIcon()
    folder = paths.resources_dir() / "icons" / "hicolor"
    for size in ICON_SIZES:
        file = folder / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        if file.is_file():
            icon.addFile(str(file), QSize(size, size))
    return icon


def start(data_dir: Path, bank_paths: list[Path] | None, clock: Clock | None = None,
          started: float | None = None) -> MainWindow:
    """Build and show the main window; the database opens and the banks load right after, off the GUI thread."""
    app = QApplication.instance()
    app.setWindowIcon(app_icon())
    with suppress(OSError):  # a folder that cannot be made is explained by the store when it opens
        data_dir.mkdir(parents=True, exist_ok=True)
    state = QSettings(str(data_dir / UI_STATE), QSettings.Format.IniFormat)
    theme.apply(app, str(state.value("theme", "system")))  # last theme, so the first paint looks right
    bridge = Bridge(data_dir, clock)
    window = MainWindow(bridge, _bank_paths(bank_paths, state), state)
    marker = probe.StartupProbe(window.home, started if started is not None else time.perf_counter(),
                                (window.home.tree.viewport(),)) if probe.enabled() else None
    if marker is not None:
        window.banks_shown.connect(marker.filled)

    after_open = [False]  # the open's deferred check and backup are still to be started

    def opened(_service: StudyService) -> None:
        after_open[0] = True
        window.apply_appearance()
        window.reload()

    stages = {"check": tr("Checking your progress file…"), "backup": tr("Making today's backup…")}
    bridge.opening_progress.connect(lambda stage: window.home.set_loading(True, stages.get(stage)))

    def housekeeping() -> None:
        """The first start of the day's check and backup, once the filled home screen is up."""
        if not after_open[0]:
            return  # a later reload
        after_open[0] = False
        QTimer.singleShot(0, lambda: bridge.finish_opening(lambda _none: window.home.set_loading(window.loading)))

    window.banks_painted.connect(housekeeping)
    bridge.damaged.connect(lambda exc: failed(exc))

    def failed(exc: BaseException) -> None:
        from quizapp.study import StoreError

        if not isinstance(exc, StoreError):  # a bug: logged, explained once; without progress the app stops
            crash_dialog.report(window, exc, data_dir, "opening your progress", modal=True)
        else:  # one dialog: the message, and the backup when there is one
            try:
                if _offer_backup(window, exc, data_dir):
                    bridge.open(opened, failed)
                    return
            except StoreError as again:  # the restore failed too (another copy open, disk full)
                QMessageBox.critical(window, tr("Cannot open your progress"), again.message)
        window.close()

    # work started without its own `failed` (freeing memory, small chores) reports a bug here
    background.set_unhandled(lambda exc: crash_dialog.report(QApplication.activeWindow() or window, exc,
                                                             data_dir, "background work"))
    window.show()
    bridge.open(opened, failed)
    return window


def _offer_backup(window: MainWindow, exc: StoreError, data_dir: Path) -> bool:
    """Explain a database that cannot be opened; True to open again: the student chose to start from the
    newest backup (a damaged file), or to try again (a folder or disk problem, another program holding
    the file: things the student can put right while the message is on screen)."""
    from quizapp.study import StorageError, StudyService

    backup = exc.newest_backup
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Cannot open your progress"), exc.message, parent=window)
    restore = box.addButton(tr("Start from the newest backup"), QMessageBox.ButtonRole.AcceptRole) if backup else None
    retry = box.addButton(tr("Try again"), QMessageBox.ButtonRole.AcceptRole) \
        if isinstance(exc, StorageError) else None
    box.addButton(tr("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if retry is not None and clicked is retry:
        return True
    if restore is None or clicked is not restore:
        return False
    StudyService.restore_backup(data_dir, backup)
    return True


def run(data_dir: Path, bank_paths: list[Path] | None) -> int:
    """The `quizapp` command without a sub-command: open the window and run until it closes."""
    started = time.perf_counter()
    app = QApplication.instance()
    if app is None:
        cannot = display.problem()
        if cannot:  # Qt would print its plugin messages and abort (a core dump) instead
            print("\n".join(f"error: {line}" for line in cannot.splitlines()), file=sys.stderr)
            return 2
        app = QApplication(sys.argv[:1])
    app.setApplicationName("quizapp")
    app.setApplicationDisplayName("quizapp")
    app.setDesktopFileName(APP_ID)  # the .desktop file's name: the desktop matches the window to it
    crash_dialog.install(data_dir)  # an exception in a slot: a crash log and its dialog, not a traceback
    window = start(data_dir, bank_paths, started=started)
    code = app.exec()
    del window
    return code
