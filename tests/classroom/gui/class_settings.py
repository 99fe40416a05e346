"""Setting up a student's Class settings before the app starts (shared by the class GUI tests)."""

from __future__ import annotations

from pathlib import Path

from quizapp.study import StudyService


def set_class(data_dir: Path, url: str, login: str) -> None:
    """The Class settings as the dialog stores them, before the app starts."""
    with StudyService.open(data_dir) as service:
        service.settings.set("class_server", url)
        service.settings.set("class_student", login)
