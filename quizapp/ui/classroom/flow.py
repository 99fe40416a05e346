"""The class in the main window: Tools ▸ Send answers to the class now / Class report…, the password row
of the Class settings, and the automatic pushes (sync.ClassSync). `install(window)` is the one call."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from quizapp.ui.classroom.sync import ClassSync
from quizapp.ui.i18n import tr

TOOLS = "&Tools"


def tools_menu(bar: QMenuBar) -> QMenu:
    """The Tools menu, made (before Help) if no one has made it yet."""
    for action in bar.actions():
        if action.menu() is not None and action.text() == tr(TOOLS):
            return action.menu()
    menu = QMenu(tr(TOOLS), bar)
    actions = bar.actions()
    bar.insertMenu(actions[-1], menu) if actions else bar.addMenu(menu)
    return menu


class ClassFlow(QObject):
    """Owns the student's pushes and opens the instructor's Class window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.sync = ClassSync(window)
        menu = tools_menu(window.menuBar())
        menu.addSeparator()
        self.push_action = QAction(tr("&Send answers to the class now"), menu)
        self.push_action.triggered.connect(self.push_now)
        self.report_action = QAction(tr("&Class report…"), menu)
        self.report_action.triggered.connect(self.open_report)
        menu.addAction(self.push_action)
        menu.addAction(self.report_action)
        window.settings_opened.connect(self.extend_settings)

    def push_now(self) -> None:
        if self.sync.target() is None:  # no class yet: show where to set one
            dialog = self.window.open_settings()
            dialog.editor("class_server").setFocus()
            return
        self.sync.push("manual")

    def extend_settings(self, dialog: Any) -> None:
        from quizapp.ui.classroom.settings_page import extend

        def typed(password: str, class_settings_changed: bool) -> None:
            self.sync.set_password(password)
            if not class_settings_changed:  # otherwise the push follows the saved settings
                self.sync.push("settings")

        extend(dialog, self.sync.target(), typed)

    def open_report(self) -> Any:
        from quizapp.ui.classroom.window import show_class_report  # the report code loads only when asked for

        return show_class_report(self.window, getattr(self.window, "state", None))


def install(window: Any) -> ClassFlow:
    return ClassFlow(window)
