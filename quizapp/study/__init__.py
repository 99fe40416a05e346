"""Review sessions, exams and statistics: plain Python that the UI drives.

Start with `StudyService.open(data_dir)`; docs/study-api.md describes the whole flow. Names are loaded on
first use (PEP 562), so `quizapp check` can read exam blueprints without the scheduler or the database.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Rating": "fsrs",
    "AlreadyOpenError": "quizapp.store.errors",
    "CorruptDatabaseError": "quizapp.store.errors",
    "NewerDatabaseError": "quizapp.store.errors",
    "StorageError": "quizapp.store.errors",
    "StoreError": "quizapp.store.errors",
    "Clock": "quizapp.study.clock",
    "FakeClock": "quizapp.study.clock",
    "SystemClock": "quizapp.study.clock",
    "TopicCounts": "quizapp.study.counts",
    "Selection": "quizapp.study.selection",
    "StudyService": "quizapp.study.service",
    "AnswerOutcome": "quizapp.study.session",
    "Remaining": "quizapp.study.session",
    "ReviewSession": "quizapp.study.session",
    "StudyItem": "quizapp.study.session",
    "SETTINGS": "quizapp.study.settings",
    "SPECS": "quizapp.study.settings",
    "SettingSpec": "quizapp.study.settings",
    "SyncReport": "quizapp.study.sync",
}
__all__ = [
    "SETTINGS",
    "SPECS",
    "AlreadyOpenError",
    "AnswerOutcome",
    "Clock",
    "CorruptDatabaseError",
    "FakeClock",
    "NewerDatabaseError",
    "Rating",
    "Remaining",
    "ReviewSession",
    "Selection",
    "SettingSpec",
    "StorageError",
    "StoreError",
    "StudyItem",
    "StudyService",
    "SyncReport",
    "SystemClock",
    "TopicCounts",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'quizapp.study' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from fsrs import Rating

    from quizapp.store.errors import (
        AlreadyOpenError,
        CorruptDatabaseError,
        NewerDatabaseError,
        StorageError,
        StoreError,
    )
    from quizapp.study.clock import Clock, FakeClock, SystemClock
    from quizapp.study.counts import TopicCounts
    from quizapp.study.selection import Selection
    from quizapp.study.service import StudyService
    from quizapp.study.session import AnswerOutcome, Remaining, ReviewSession, StudyItem
    from quizapp.study.settings import SETTINGS, SPECS, SettingSpec
    from quizapp.study.sync import SyncReport
