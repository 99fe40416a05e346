"""The main window's status bar, shared by the features that report there (device sync, the class push).

Each feature shows or hides its own label; the bar itself is shown only while one of them has something
to say, so a student who uses neither never sees an empty strip at the bottom of the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar


def refresh(bar: QStatusBar) -> None:
    """Show the bar if any of its labels is meant to be visible, hide it otherwise."""
    bar.setVisible(any(not label.isHidden() for label in bar.findChildren(QLabel)))
