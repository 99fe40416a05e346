"""The main window: home and review screens in one stack, the menus, bank loading and live reload."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QSize, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from quizapp import paths
from quizapp.crash import user_message
from quizapp.ui import background, banks, browse, crash_dialog, folder_sync, helpdialogs, theme, transfer
from quizapp.ui.after_paint import AfterPaint
from quizapp.ui.bridge import BankUpdate, Bridge, Focus, Overview, Step
from quizapp.ui.classroom import flow as class_flow
from quizapp.ui.exam import flow as exam_flow
from quizapp.ui.home import HomeScreen
from quizapp.ui.host import DrillRequest
from quizapp.ui.i18n import tr
from quizapp.ui.review import ReviewScreen
from quizapp.ui.shortcuts import keys
from quizapp.ui.watcher import BankWatcher

if TYPE_CHECKING:
    from quizapp.bank.model import Question
    from quizapp.study import StudyService
    from quizapp.study.session import ReviewSession

UI_STATE = "ui.ini"  # window geometry, zoom and the student's own bank folders
BANK_FOLDERS = "bank_folders"  # the folders added to the shipped banks (File ▸ Question folders…)
ZOOM_STEP = 1.0


class MainWindow(QMainWindow):
    """Owns the screens and routes between them; the bridge does the work, the screens render it."""

    banks_shown = Signal()  # the home screen shows a finished (re)load
    banks_painted = Signal()  # ... and has painted it (or is hidden): time for the work that follows a load
    settings_applied = Signal(dict)
    settings_opened = Signal(object)  # the SettingsDialog, before it shows: features add their own rows

    def __init__(self, bridge: Bridge, bank_paths: list[Path], state: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("quizapp")
        self.bridge = bridge
        self.bank_paths = bank_paths
        self.state = state
        self.zoom = float(state.value("zoom", 0.0) or 0.0)
        self.loading = False
        self.reload_pending = False
        self.home = HomeScreen(self)
        self._after_paint = AfterPaint(self.home, self.banks_painted.emit)
        self.review = ReviewScreen(bridge, parent=self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.home)
        self.stack.addWidget(self.review)
        self.setCentralWidget(self.stack)
        self.watcher = BankWatcher(self)
        self._menus()
        self._connect()
        self.exam = exam_flow.install(self)  # Exam menu and screens (quizapp/ui/exam/flow.py)
        self.folder_sync = folder_sync.install(self)  # the Sync folder setting at work (quizapp/ui/folder_sync.py)
        self.home.exam_requested.connect(self.exam.open)
        self.home.stats_requested.connect(self.open_stats)
        self.browse = browse.install(self)  # Browse window and custom study (quizapp/ui/browse/)
        self.classroom = class_flow.install(self)  # Tools ▸ class entries, pushes after sessions (ui/classroom/)
        geometry = state.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:  # first run: a comfortable size that still fits small or highly scaled screens
            self.resize(QSize(1040, 720).boundedTo(self.screen().availableSize() * 0.9))

    # ----- wiring
    def _connect(self) -> None:
        self.home.study_requested.connect(self.start_study)
        self.home.weak_requested.connect(lambda: self.start_study(Focus(), weak=True))
        self.home.empty.open_bundled.connect(lambda: self.open_banks([paths.bundled_questions()]))
        self.home.empty.open_folder.connect(self.choose_folder)
        self.review.home_requested.connect(self.go_home)
        self.review.changed.connect(self._sync_undo)
        self.review.question_shown.connect(lambda _: self._sync_undo())
        self.watcher.changed.connect(self.reload)
        self.bridge.failed.connect(self._worker_failed)

    def _action(self, menu: Any, text: str, slot: Callable[[], Any], shortcut: str | None = None) -> QAction:
        action = QAction(tr(text), self)
        if shortcut:
            action.setShortcuts([QKeySequence(k) for k in keys(shortcut)])
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(tr("&File"))
        self._action(file, "&Open question folder…", self.choose_folder, "open")
        self._action(file, "Question &folders…", self.open_bank_folders)
        self._action(file, "&Reload banks", self.reload, "reload")
        file.addSeparator()
        self._action(file, "&Import questions…", lambda: transfer.import_dialog(self, self.bank_paths))
        self._action(file, "&Export questions…", lambda: transfer.export_dialog(self, self.bridge))
        file.addSeparator()
        self._action(file, "&Quit", self.close, "quit")
        edit = bar.addMenu(tr("&Edit"))
        self.undo_action = self._action(edit, "&Undo last answer", self.review.undo, "undo")
        self.undo_action.setEnabled(False)
        edit.addSeparator()
        self._action(edit, "&Settings…", self.open_settings, "settings")
        view = bar.addMenu(tr("&View"))
        themes = view.addMenu(tr("&Theme"))
        self.theme_group = QActionGroup(self)
        for name in theme.THEMES:
            action = self._action(themes, name.capitalize(),
                                  lambda _checked=False, n=name: self.save_settings({"theme": n}))
            action.setCheckable(True)
            action.setData(name)
            self.theme_group.addAction(action)
        self._action(view, "Zoom &in", lambda: self.set_zoom(self.zoom + ZOOM_STEP), "zoom_in")
        self._action(view, "Zoom &out", lambda: self.set_zoom(self.zoom - ZOOM_STEP), "zoom_out")
        self._action(view, "&Reset zoom", lambda: self.set_zoom(0.0), "zoom_reset")
        view.addSeparator()
        self._action(view, "&Study now", self.study_now, "study_now")
        self._action(view, "&Browse…", lambda: self.browse.open(), "browse")
        self._action(view, "&Custom study…", lambda: self.browse.custom_study(), "custom_study")
        self._action(view, "&Statistics…", self.open_stats, "statistics")
        help_menu = bar.addMenu(tr("&Help"))
        self._action(help_menu, "&Authoring guide", self.show_guide)
        self._action(help_menu, "&Keyboard shortcuts", lambda: helpdialogs.shortcuts_dialog(self).exec(), "help")
        self._action(help_menu, "A&bout quizapp", lambda: helpdialogs.about_dialog(self).exec())

    # ----- banks
    def open_banks(self, bank_paths: list[Path]) -> None:
        """Show exactly these banks (this session; the remembered folders are set by set_bank_folders)."""
        self.bank_paths = bank_paths
        self.bridge.loaded = None  # a different set of banks: no reload summary against the old one
        self.reload()

    def bank_folders(self) -> list[Path]:
        """The open folders besides the shipped banks."""
        shipped = paths.bundled_questions()
        return [p for p in self.bank_paths if p != shipped]

    def set_bank_folders(self, folders: list[Path]) -> None:
        """Open the shipped banks plus `folders`, and remember the folders for the next start."""
        self.state.setValue(BANK_FOLDERS, [str(p) for p in folders])
        self.open_banks(paths.bank_set(folders))

    def choose_folder(self) -> None:
        """File ▸ Open question folder…: add one folder of the student's own to the open banks."""
        mine = self.bank_folders()
        start = str(mine[-1]) if mine else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self, tr("Open question folder"), start)
        if folder:
            self.set_bank_folders([*mine, Path(folder)])

    def open_bank_folders(self) -> QDialog:
        """File ▸ Question folders…: the shipped banks (read-only) and the student's own folders."""
        from quizapp.ui.bank_folders import BankFoldersDialog

        dialog = BankFoldersDialog(paths.bundled_questions(), self.bank_folders(), self)
        dialog.submitted.connect(self.set_bank_folders)
        dialog.open()
        return dialog

    def reload(self) -> None:
        """Load (or reload) the banks off the GUI thread; a change during a load queues one more."""
        if self.loading:
            self.reload_pending = True
            return
        self.loading = True
        self.home.set_loading(True)
        self.bridge.load_banks(self.bank_paths, self._banks_loaded)

    def _banks_loaded(self, update: BankUpdate) -> None:
        first = update.loaded.summary is None  # a first load, not a reload
        self.loading = False
        self.home.new_per_day = int(self.bridge.settings.get("new_per_day", 20))
        self.home.set_loading(False)
        self.home.show_banks(update.loaded.result, update.overview, [str(p) for p in self.bank_paths])
        summary = update.loaded.summary
        if summary is not None and summary.anything:
            self.home.show_notice(summary.text())
        self.watcher.watch(banks.watched_paths(self.bank_paths))
        if self.stack.currentWidget() is self.home and (first or QApplication.focusWidget() is None):
            self.home.study_now.setFocus()  # Space starts the day's study
        self.banks_shown.emit()
        self._after_paint.request()
        if self.reload_pending:
            self.reload_pending = False
            self.reload()

    def refresh_counts(self) -> None:
        self.bridge.overview(self._counts_ready)

    def _counts_ready(self, overview: Overview) -> None:
        self.home.show_counts(overview)

    # ----- studying
    def start_study(self, focus: Focus, weak: bool = False) -> None:
        self.stack.setCurrentWidget(self.review)
        self.review.busy = True
        self.bridge.start(focus, self._session_started, weak=weak)

    def study_now(self) -> None:
        """Ctrl+T: everything due today, from wherever the student is (not from inside a running exam)."""
        if not self.home.study_now.isEnabled():
            return  # no banks loaded (yet)
        if self.stack.currentWidget() is self.exam.screen and self.exam.run is not None:
            return
        self.start_study(Focus())

    def _session_started(self, step: Step) -> None:
        self.review.show_step(step)

    def go_home(self) -> None:
        self.review.stop()
        self.stack.setCurrentWidget(self.home)
        self.home.study_now.setFocus()
        self._sync_undo()
        self.refresh_counts()
        self.bridge.idle()

    def _sync_undo(self) -> None:
        step = self.review.step
        self.undo_action.setEnabled(self.stack.currentWidget() is self.review and step is not None
                                    and step.can_undo and not self.review.busy)

    # ----- settings and appearance
    def open_settings(self) -> QDialog:
        # Imported here: the declarations live in the study layer, which loads after the first paint.
        from quizapp.study import SETTINGS
        from quizapp.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(SETTINGS, self.bridge.settings, self)
        dialog.submitted.connect(self.save_settings)
        self.settings_opened.emit(dialog)
        dialog.open()
        return dialog

    def save_settings(self, changes: dict[str, Any]) -> None:
        self.bridge.save_settings(changes, self._settings_saved)

    def _settings_saved(self, stored: dict[str, Any]) -> None:
        self.home.new_per_day = int(self.bridge.settings.get("new_per_day", 20))
        self.apply_appearance()
        if self.stack.currentWidget() is self.home and self.bridge.loaded is not None:
            self.refresh_counts()
        self.settings_applied.emit(stored)

    def apply_appearance(self) -> None:
        settings = self.bridge.settings
        name = settings.get("theme", "system")
        size = float(settings.get("font_size", 11)) + self.zoom
        theme.apply(QApplication.instance(), name, max(6.0, size))
        self.state.setValue("theme", name)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == name)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = max(-4.0, min(24.0, zoom))
        self.state.setValue("zoom", self.zoom)
        self.apply_appearance()

    def start_drill(self, request: DrillRequest) -> None:
        """Study the requested questions (or drill the requested topics) now, in the review screen."""
        from quizapp.study.stats.drill import drill_questions, drill_topics

        def build(service: StudyService, questions: Mapping[str, Question]) -> ReviewSession:
            if request.topics:
                return drill_topics(service, questions, request.topics)
            return drill_questions(service, questions, request.question_ids)

        self.stack.setCurrentWidget(self.review)
        self.review.busy = True
        self.bridge.start_with(build, self.review.show_step)
        self.raise_()
        self.activateWindow()

    def open_stats(self) -> None:
        from quizapp.ui.stats.window import show_stats  # the statistics code loads only when asked for

        show_stats(self)

    # ----- help and errors
    def show_guide(self) -> None:
        helpdialogs.guide_dialog(paths.authoring_guide(), self).exec()

    def _worker_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.home.set_loading(False)
        self.review.busy = False
        # Store and disk errors carry a sentence written for the student; anything else is a bug: a crash
        # log and its dialog. Either way the window stays as it was, ready for the next thing.
        text = user_message(exc)
        if text is None:
            crash_dialog.report(self, exc, self.bridge.data_dir, "background work")
            return
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Something went wrong"), text, parent=self)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.state.setValue("geometry", self.saveGeometry())
        self.state.sync()
        self.review.stop()
        self.browse.close()
        self.bridge.close()
        background.wait_all()
        super().closeEvent(event)
