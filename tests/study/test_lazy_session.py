"""Studying from a lazy load: the session shows full questions read from the bank cache, counts and syncs
from heads, and steps over a question whose cache entry has gone (and was not open) instead of failing."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizapp.bank.lazy import QuestionHead, QuestionStore
from quizapp.bank.loader import load_banks
from quizapp.study import FakeClock, Rating, StudyService

FIXTURE = Path(__file__).resolve().parents[1] / "bank" / "fixtures" / "valid"


def _lazy(tmp_path: Path) -> QuestionStore:
    banks = tmp_path / "banks"
    shutil.copytree(FIXTURE, banks)
    load_banks([banks], tmp_path / "cache")  # the first start writes the cache
    questions = load_banks([banks], tmp_path / "cache", lazy=True).questions
    assert isinstance(questions, QuestionStore)
    return questions


def test_a_session_over_a_lazy_load_shows_full_questions(tmp_path: Path, clock: FakeClock) -> None:
    questions = _lazy(tmp_path)
    with StudyService.open(tmp_path / "data", clock) as service:
        assert len(service.sync(questions).added) == len(questions)
        assert all(isinstance(h, QuestionHead) for h in questions.heads().values())  # syncing read no text
        session = service.start_session(questions, seed=1)
        shown = []
        while (item := session.next()) is not None:
            assert item.question.prompt  # the text, read from the cache for this question
            shown.append(item.question_id)
            session.answer(item.question_id, None, None, Rating.Good, 3000, True)
            if len(shown) == 3:
                break
        assert len(shown) == 3 and service.totals().studied == 3


def test_a_question_that_can_no_longer_be_read_is_skipped(tmp_path: Path, clock: FakeClock) -> None:
    questions = _lazy(tmp_path)
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(questions)
        session = service.start_session(questions, seed=1)
        for entry in (tmp_path / "cache").glob("*.json"):
            entry.unlink()  # e.g. the cache folder was cleaned before any of its questions was shown
        new_before = service.totals().new
        shown = []
        while (item := session.next()) is not None:  # no exception: unreadable questions are stepped over
            shown.append(item.question_id)
        assert shown == []
        assert service.totals().new == new_before  # they keep their cards for later


def test_a_bank_in_use_keeps_showing_when_its_cache_entry_goes(tmp_path: Path, clock: FakeClock) -> None:
    questions = _lazy(tmp_path)
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(questions)
        session = service.start_session(questions, seed=1)
        first = session.next()
        assert first is not None
        for entry in (tmp_path / "cache").glob("*.json"):
            entry.unlink()  # the entry stays open since the first question was read from it
        shown = [first.question_id]
        session.answer(first.question_id, None, None, Rating.Good, 3000, True)
        while (item := session.next()) is not None and len(shown) < 5:
            assert item.question.prompt
            shown.append(item.question_id)
            session.answer(item.question_id, None, None, Rating.Good, 3000, True)
        assert len(shown) == 5


def test_reading_ahead_changes_nothing_and_has_the_next_text_ready(tmp_path: Path, clock: FakeClock) -> None:
    questions = _lazy(tmp_path)
    orders = []
    for ahead in (False, True):
        with StudyService.open(tmp_path / f"data{ahead}", FakeClock(clock.now())) as service:
            service.sync(questions)
            session = service.start_session(questions, seed=4)
            shown = []
            while (item := session.next()) is not None and len(shown) < 8:
                shown.append(item.question_id)
                session.answer(item.question_id, None, None, Rating.Again if len(shown) % 3 else Rating.Good, 3000)
                if ahead:
                    session.prepare_next()
                    heads = [queue[0] for queue in (session._queues.reviews, session._queues.new) if queue]
                    assert heads and all(qid in questions._recent for qid in heads)  # read, ready to show
            orders.append(shown)
    assert orders[0] == orders[1]  # the same questions in the same order
