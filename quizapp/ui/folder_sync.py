"""The app's side of syncing through a folder: on start, after each session, on quit and when the folder changes.

Every sync runs on the database worker (background.run_in_background, serial=True) like every other use of
the progress store, so the window never waits on the folder or the disk; a line in the status bar says how
the last one went. Triggers that arrive while a sync runs make one more sync afterwards, not one each.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from quizapp.study.devicesync.folder import ROOT  # FOLDER/quizapp/<device>/: light, no store behind it
from quizapp.ui import statusline
from quizapp.ui.background import run_in_background
from quizapp.ui.host import Host
from quizapp.ui.i18n import tr
from quizapp.ui.watcher import BankWatcher

if TYPE_CHECKING:
    from quizapp.study.devicesync import SyncResult

SETTLE_MS = 2000  # a sync tool writes a file in steps (a temporary name, then a rename): sync once it is done


class SyncHost(Host, Protocol):
    home: QWidget

    def refresh_counts(self) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def installEventFilter(self, watcher: QObject) -> None: ...


class FolderSync(QObject):
    """Runs the syncs of one window; `synced` carries each SyncResult (or the exception) once it is done."""

    synced = Signal(object)

    def __init__(self, window: SyncHost) -> None:
        super().__init__(window)  # type: ignore[arg-type]
        self.window = window
        self.bridge = window.bridge
        self.running = self.pending = self.started = False
        self.label = QLabel(window)  # type: ignore[arg-type]
        self.label.setObjectName("sync-status")
        self.label.setAccessibleName(tr("Sync status"))
        self.label.setContentsMargins(12, 0, 12, 2)  # in line with the screens above it
        window.statusBar().addWidget(self.label, 1)
        self.watcher = BankWatcher(self, settle_ms=SETTLE_MS)
        self.watcher.changed.connect(self.sync)
        window.banks_painted.connect(self._banks_shown)
        window.review.home_requested.connect(self.sync)  # a session ended
        window.settings_applied.connect(self._settings_applied)
        window.installEventFilter(self)
        self._show()

    def folder(self) -> Path | None:
        text = str(self.bridge.settings.get("sync_folder") or "")
        return Path(text).expanduser() if text else None

    def _show(self) -> None:
        folder = self.folder()
        self.label.setVisible(folder is not None)
        if folder is None:
            self.watcher.watch([])
            self.label.clear()
        statusline.refresh(self.window.statusBar())

    def _banks_shown(self) -> None:
        if not self.started:  # the app has started: the store is open, the cards match the banks
            self.started = True
            self._show()  # the settings have been read by now
            self.sync()

    def _settings_applied(self, stored: Mapping[str, Any]) -> None:
        if "sync_folder" in stored:
            self._show()
            self.sync()

    def sync(self) -> None:
        """Sync now on the database worker, or once more after the sync that is running."""
        folder = self.folder()
        if folder is None or not self.started:
            return
        if self.running:
            self.pending = True
            return
        self.running = True
        self.label.setText(tr("Syncing with {}…").format(folder))
        run_in_background(self._work(folder), self._done, self._failed, serial=True)

    def _work(self, folder: Path) -> Any:
        bridge = self.bridge

        def work() -> tuple[SyncResult, dict[str, Any], list[str]]:
            from quizapp.study.devicesync import sync_folder

            service = bridge.service
            result = sync_folder(service, folder)
            return result, service.settings.values(), _watched(folder, result.device)

        return work

    def _done(self, value: tuple[SyncResult, dict[str, Any], list[str]]) -> None:
        result, settings, watched = value
        self.running = False
        if result.settings:  # changed on another computer: the dialog and the screens read these
            self.bridge.settings = settings
        self.label.setText(f"{result.status} ({datetime.now():%H:%M})")
        self.label.setToolTip("\n".join(result.lines()))
        self.watcher.watch(watched if self.folder() == result.folder else [])
        if result.changed and self.window.stack.currentWidget() is self.window.home and self.bridge.loaded:
            self.window.refresh_counts()
        self.synced.emit(result)
        self._again()

    def _failed(self, exc: BaseException) -> None:
        self.running = False
        if getattr(exc, "message", None) is None:  # a bug, not a disk: keep its traceback for the report
            print(getattr(exc, "formatted", repr(exc)), file=sys.stderr, flush=True)
        self.label.setText(tr("Sync failed: {}").format(getattr(exc, "message", None) or exc))
        self.synced.emit(exc)
        self._again()

    def _again(self) -> None:
        if self.pending:
            self.pending = False
            self.sync()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        # Before the window's closeEvent queues the store's closing: this sync then runs ahead of it.
        if obj is self.window and event.type() == QEvent.Type.Close and self.started:
            folder = self.folder()
            if folder is not None:
                run_in_background(self._work(folder), lambda _value: None, lambda _exc: None, serial=True)
        return False


def _watched(folder: Path, device: str | None) -> list[str]:
    """The folder of the device folders and each other computer's (a new file there is a reason to sync).

    Listed on the worker with the sync: a slow or vanished folder must not hold up the window.
    """
    root = folder / ROOT
    try:
        others = [str(p) for p in root.iterdir() if p.is_dir() and p.name != device]
    except OSError:
        return [str(folder)] if folder.is_dir() else []
    return [str(root), *others]


def install(window: SyncHost) -> FolderSync:
    return FolderSync(window)
