"""Fixtures for progress tests: synthetic questions, a fake clock at 09:00, a service in tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.bank.model import Question
from quizapp.bank.types.flashcard import Flashcard
from quizapp.study import FakeClock, Rating, ReviewSession, StudyService


def make_questions(n: int, topics: tuple[str, ...] = ("pk", "pd"), prefix: str = "q") -> dict[str, Question]:
    """n flashcards spread over `topics`; tags "even"/"odd"; difficulty 1..3."""
    out: dict[str, Question] = {}
    for i in range(n):
        q = Flashcard(id=f"{prefix}{i:03d}", prompt=f"Prompt {i}", back=f"Back {i}", topic=topics[i % len(topics)],
                      tags=("even" if i % 2 == 0 else "odd",), difficulty=1 + i % 3)
        q.content_hash = q.compute_hash()
        out[q.id] = q
    return out


def answer_all(session: ReviewSession, rating: Rating = Rating.Good) -> list[str]:
    """Answer everything the session offers now with `rating`; returns the ids in the order shown."""
    shown = []
    while (item := session.next()) is not None:
        shown.append(item.question_id)
        session.answer(item.question_id, True, None, rating, 4000)
    return shown


@pytest.fixture
def drain() -> Callable[..., list[str]]:
    return answer_all


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
def questions() -> dict[str, Question]:
    return make_questions(40)


@pytest.fixture
def question_maker() -> Callable[..., dict[str, Question]]:
    return make_questions


@pytest.fixture
def service(tmp_path: Path, clock: FakeClock, questions: dict[str, Question]) -> Iterator[StudyService]:
    svc = StudyService.open(tmp_path / "data", clock)
    svc.settings.set("fuzz", False)
    svc.sync(questions)
    yield svc
    svc.close()
