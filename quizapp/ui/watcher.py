"""Watches folders and files (the banks, the sync folder) and says, once things settle, that they changed."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

SETTLE_MS = 300  # editors write a file in several steps (temp file, rename); wait for the last one


class BankWatcher(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None, settle_ms: int = SETTLE_MS) -> None:
        super().__init__(parent)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self.changed)
        self._watcher.fileChanged.connect(self._poke)
        self._watcher.directoryChanged.connect(self._poke)

    def watch(self, paths: Iterable[str]) -> None:
        """Watch exactly `paths` (call again after each reload: a file replaced by rename drops out)."""
        current = set(self._watcher.files()) | set(self._watcher.directories())
        wanted = set(paths)
        if current - wanted:
            self._watcher.removePaths(sorted(current - wanted))
        if wanted - current:
            self._watcher.addPaths(sorted(wanted - current))

    def watched(self) -> list[str]:
        return sorted(set(self._watcher.files()) | set(self._watcher.directories()))

    def _poke(self, _path: str) -> None:
        self._timer.start()
