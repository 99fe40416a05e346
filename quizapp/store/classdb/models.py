"""The class tables as SQLAlchemy models: the class's identity, its students, and the pushed answers.

An answer row holds exactly what docs/class.md lists: which question (id, content hash, topic), when,
the rating, the score, the response, the time taken and the sure/unsure flag. `student` is the login
that pushed it: the server fills it in, and row-level security keeps each student to their own rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Double,
    Index,
    MetaData,
    SmallInteger,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from quizapp.store.classdb.schema import SCHEMA


class ClassBase(DeclarativeBase):
    metadata = MetaData(schema=SCHEMA)


class ClassInfo(ClassBase):
    """Facts about the class: `class_uid` names it, so a student's computer notices a class set up anew."""

    __tablename__ = "class_info"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Student(ClassBase):
    """A student: the login role `class add-student` created, and the name the instructor gave."""

    __tablename__ = "students"

    login: Mapped[str] = mapped_column(String, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class Answer(ClassBase):
    """One pushed answer, named by the uid it has on the student's computer (so a re-push adds nothing)."""

    __tablename__ = "answers"

    uid: Mapped[str] = mapped_column(String, primary_key=True)
    student: Mapped[str] = mapped_column(String, server_default=text("CURRENT_USER"))
    question_id: Mapped[str] = mapped_column(String)
    content_hash: Mapped[str] = mapped_column(String)
    topic: Mapped[str] = mapped_column(String, server_default="")
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    rating: Mapped[int] = mapped_column(SmallInteger)
    score: Mapped[float | None] = mapped_column(Double)
    response: Mapped[Any | None] = mapped_column(JSONB)
    duration_ms: Mapped[int | None] = mapped_column()
    confident: Mapped[bool | None] = mapped_column()
    pushed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        CheckConstraint("uid ~ '^[0-9a-f]{32}$'", name="answers_uid_hex"),
        CheckConstraint("rating BETWEEN 1 AND 4", name="answers_rating"),
        CheckConstraint("score IS NULL OR score BETWEEN 0 AND 1", name="answers_score"),
        Index("ix_answers_item", "question_id", "content_hash"),
        Index("ix_answers_student", "student", "answered_at"),
    )
