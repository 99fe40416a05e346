"""What the exam flow, Browse and the Statistics window need of the main window, so none of them imports it.

`Host` is the main window as they see it: its bridge, its screen stack and review screen, its signals,
and `start_drill` to study a set of questions now. The main window implements it; a test may too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QStackedWidget

    from quizapp.ui.bridge import Bridge
    from quizapp.ui.home import HomeScreen
    from quizapp.ui.review import ReviewScreen


@dataclass(frozen=True, slots=True)
class DrillRequest:
    """Study these question ids now, or (with `topics`) drill those topics."""

    question_ids: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


class Host(Protocol):
    bridge: Bridge
    stack: QStackedWidget
    review: ReviewScreen
    home: HomeScreen
    bank_paths: list[Path]
    banks_shown: SignalInstance  # the home screen shows a finished (re)load
    banks_painted: SignalInstance  # ... and has painted it: start follow-up work here, not on banks_shown
    settings_applied: SignalInstance

    def go_home(self) -> None: ...

    def refresh_counts(self) -> None: ...

    def start_drill(self, request: DrillRequest) -> None: ...
