"""Fixtures: a migrated template database, the banks, one sync folder, and computers made on demand."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sync_helpers import START, Device, make_questions

from quizapp.bank.model import Question
from quizapp.store.store import DB_NAME
from quizapp.study import FakeClock, StudyService


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty progress database, copied for each computer (opening is then a check, not a migration)."""
    folder = tmp_path_factory.mktemp("template")
    StudyService.open(folder, FakeClock(START)).close()
    return folder / DB_NAME


@pytest.fixture
def questions() -> dict[str, Question]:
    return make_questions()


@pytest.fixture
def sync_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture
def computers(tmp_path: Path, template: Path, questions: dict[str, Question]) -> Iterator[Callable[..., Device]]:
    """computers(name, skew_minutes=0) -> a Device; all are closed after the test."""
    made: list[Device] = []

    def make(name: str, skew_minutes: float = 0, bank: dict[str, Question] | None = None) -> Device:
        data = tmp_path / name
        data.mkdir()
        shutil.copy(template, data / DB_NAME)
        device = Device(data, questions if bank is None else bank, FakeClock(START + timedelta(minutes=skew_minutes)))
        made.append(device)
        return device

    yield make
    for device in made:
        device.close()
