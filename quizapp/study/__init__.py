"""Review sessions, exams and statistics: plain Python that the UI drives.

Start with `StudyService.open(data_dir)`; see /work/notes/study-api.md for the whole flow.
"""

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

__all__ = ["SETTINGS", "SPECS", "AlreadyOpenError", "AnswerOutcome", "Clock", "CorruptDatabaseError", "FakeClock",
           "NewerDatabaseError", "Rating", "Remaining", "ReviewSession", "Selection", "SettingSpec",
           "StorageError", "StoreError", "StudyItem", "StudyService", "SyncReport", "SystemClock", "TopicCounts"]
