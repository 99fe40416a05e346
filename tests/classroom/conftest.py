"""A real PostgreSQL server for the class tests: one per test session, a fresh class database per test."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pg_server import LocalPostgres, bin_dir

from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.bank.model import Question
from quizapp.study import FakeClock, Rating, StudyService

psycopg = pytest.importorskip("psycopg", reason="the class feature needs the class extra: pip install -e '.[test]'")


@pytest.fixture(scope="session")
def pg() -> Iterator[LocalPostgres]:
    if bin_dir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server is not installed: scripts/bootstrap.sh --test installs it")
        pytest.skip("PostgreSQL's server is not installed (apt install postgresql)")
    server = LocalPostgres().start()
    yield server
    server.remove()


_numbers = itertools.count(1)


@dataclass
class ClassServer:
    """A class database on the test server: its instructor (superuser) URL and a way to add students."""

    pg: LocalPostgres
    database: str

    @property
    def url(self) -> str:
        return self.pg.url(database=self.database)

    def student_url(self, login: str, password: str | None = None) -> str:
        return self.pg.url(user=login, password=password, database=self.database)

    def engine(self, url: str | None = None) -> Any:
        from quizapp.store.classdb.server import make_engine, parse_url

        return make_engine(parse_url(url or self.url))

    def add_student(self, name: str) -> tuple[str, str]:
        """(login, password) of a new student."""
        from quizapp.store.classdb.classes import add_student

        engine = self.engine()
        try:
            s = add_student(engine, self.database, name)
        finally:
            engine.dispose()
        return s.login, s.password

    def scalar(self, sql: str, url: str | None = None) -> Any:
        from sqlalchemy import text

        engine = self.engine(url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql))
                return result.scalar() if result.returns_rows else None
        finally:
            engine.dispose()


def _admin(pg: LocalPostgres, sql: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(pg.url(driver="postgresql+psycopg"), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


@pytest.fixture
def bare_db(pg: LocalPostgres) -> Iterator[ClassServer]:
    """An empty database (no class yet), dropped after the test."""
    name = f"class{next(_numbers)}_{os.getpid()}"
    _admin(pg, f"CREATE DATABASE {name}")
    yield ClassServer(pg, name)
    if pg.running():
        _admin(pg, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def classdb(bare_db: ClassServer) -> ClassServer:
    """A database with the class schema and roles, set up as `quizapp class init` does."""
    from quizapp.store.classdb.classes import init_class

    engine = bare_db.engine()
    try:
        init_class(engine, bare_db.database)
    finally:
        engine.dispose()
    return bare_db


BANK = Path(__file__).parent / "bank"
# A right and a wrong response to each question of the test bank (its key is the first option).
RESPONSES: dict[str, tuple[Any, Any]] = {"q1": (0, 1), "q2": (0, 2), "q3": (0, 1), "q4": (0, 3),
                                         "q5": (["NMDA"], ["GABA"])}


@pytest.fixture(scope="session")
def bank() -> dict[str, Question]:
    """Four single-choice questions over two topics and a gap-fill, loaded from tests/classroom/bank/."""
    loaded = load_banks([BANK])
    assert loaded.errors == [], loaded.errors
    return dict(loaded.questions)


NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


class Student:
    """A student's own computer: a data folder with real answers given through the study service."""

    def __init__(self, folder: Path, questions: dict[str, Question]) -> None:
        self.folder = folder
        self.questions = questions
        self.clock = FakeClock(NOW)
        with StudyService.open(folder, self.clock) as svc:
            svc.sync(questions)

    def answer(self, qid: str, response: Any, duration_ms: int = 5000) -> None:
        """Give `response` to question `qid` (graded as the app does), a minute after the previous answer."""
        q = self.questions[qid]
        self.clock.advance(minutes=1)
        with StudyService.open(self.folder, self.clock) as svc:
            session = svc.start_session(self.questions, seed=1)
            result = grade(q, response)
            session.answer(qid, response, result, Rating.Good if result.correct else Rating.Again, duration_ms)

    def answer_many(self, n: int) -> None:
        """n answers in one sitting, cycling over the questions (right, then wrong, ...)."""
        with StudyService.open(self.folder, self.clock) as svc:
            session = svc.start_session(self.questions, seed=1)
            ids = list(self.questions)
            for i in range(n):
                q = self.questions[ids[i % len(ids)]]
                response = RESPONSES[q.id][(i // len(ids)) % 2]  # right the first time round, then wrong, ...
                result = grade(q, response)
                self.clock.advance(seconds=30)
                session.answer(q.id, response, result, Rating.Good if result.correct else Rating.Again, 4000 + i)

    def push(self, url: str, password: str | None = None, **kw: Any):
        from quizapp.study.classroom.push import push_answers

        with StudyService.open(self.folder, self.clock) as svc:
            return push_answers(svc.store, url, password=password, **kw)

    def uids(self) -> set[str]:
        with StudyService.open(self.folder, self.clock) as svc:
            return {r[0] for r in svc.store.conn.execute("SELECT uid FROM review_log")}


@pytest.fixture
def student_at(tmp_path: Path, bank: dict[str, Question]) -> Callable[[str], Student]:
    return lambda name: Student(tmp_path / name, bank)
