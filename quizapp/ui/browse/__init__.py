"""Browse and custom study in the main window: `install(window)` is the one call the main window makes.

The Browse window (window.py) finds questions with the search language, shows their preview and card
info and changes many cards at once; custom study (custom_dialog.py) runs a review session over a
search in the main window's review screen. Their database work goes through bridge.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from quizapp.ui.browse.bridge import BrowseBridge
from quizapp.ui.host import Host
from quizapp.ui.i18n import tr

if TYPE_CHECKING:
    from quizapp.study.custom import CustomStudy
    from quizapp.ui.browse.custom_dialog import CustomStudyDialog
    from quizapp.ui.browse.window import BrowseWindow


class Browsing(QObject):
    """Owns the Browse window and the custom-study dialog of one main window."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.bridge = BrowseBridge(window.bridge, self)
        self.browser: BrowseWindow | None = None
        self.dialog: CustomStudyDialog | None = None
        window.banks_painted.connect(self._banks_shown)
        self.bridge.changed.connect(self._cards_changed)
        window.home.preset_requested.connect(self.preset)
        window.home.custom_requested.connect(lambda: self.custom_study())

    def open(self, query: str = "") -> BrowseWindow:
        """Show the Browse window (made on first use) and run `query`, or the last search."""
        from quizapp.ui.browse.window import BrowseWindow

        if self.browser is None:
            self.browser = BrowseWindow(self.bridge, self.custom_study, self.window, query)
            self.browser.run_search()
        elif query:
            self.browser.search.setText(query)
            self.browser.run_search()
        self.browser.show()
        self.browser.raise_()
        self.browser.activateWindow()
        return self.browser

    def custom_study(self, query: str = "", title: str = "") -> CustomStudyDialog:
        """The custom-study dialog over `query`; starting it runs the session in the main window."""
        from quizapp.ui.browse.custom_dialog import CustomStudyDialog

        parent = self.browser if self.browser is not None and self.browser.isActiveWindow() else self.window
        self.dialog = CustomStudyDialog(self.bridge, query, title, parent)
        self.dialog.start_requested.connect(self.start)
        self.dialog.open()
        return self.dialog

    def preset(self, name: str) -> CustomStudyDialog:
        """A home-screen preset (quizapp.study.custom.PRESETS) in the dialog, ready to start."""
        from quizapp.study.custom import PRESETS

        overview = self.window.home.overview
        weakest = overview.weak[0] if overview is not None and overview.weak else ""
        return self.custom_study(PRESETS[name].format(topic=weakest), tr(name))

    def start(self, spec: CustomStudy) -> None:
        window = self.window
        window.stack.setCurrentWidget(window.review)
        window.review.busy = True
        message = "" if spec.reschedule else tr("Practice only: answers change no schedule.")

        def failed(exc: BaseException) -> None:
            window.review.busy = False
            window.go_home()
            window.bridge.failed.emit(exc)

        def go() -> None:
            window.bridge.start_with(self.bridge.session_maker(spec), window.review.show_step, message, failed)

        self.bridge.prepare(go)
        window.raise_()
        window.activateWindow()

    def _banks_shown(self) -> None:
        """Index the text once the app is usable; an open Browse window searches the new banks again."""
        browser = self.browser
        if browser is not None and browser.isVisible():
            self.bridge.prepare(browser.run_search)
        else:
            self.bridge.prepare()

    def _cards_changed(self) -> None:
        if self.window.stack.currentWidget() is self.window.home and self.window.bridge.loaded is not None:
            self.window.refresh_counts()

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.reject()
        if self.browser is not None:
            self.browser.close()
        self.bridge.close()


def install(window: Host) -> Browsing:
    """Add Browse (Ctrl+B) and custom study to the main window."""
    return Browsing(window)
