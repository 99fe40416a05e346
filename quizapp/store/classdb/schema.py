"""The class schema's name, version table and known revisions (the last one is what this version writes)."""

from __future__ import annotations

SCHEMA = "quizclass"  # every class table lives in this PostgreSQL schema of the class's database
VERSION_TABLE = "class_version"  # Alembic's table for the class schema, apart from any other Alembic user's

# Kept in step with classdb/migrations/versions/ (a test checks).
REVISIONS: tuple[str, ...] = ("c001",)
HEAD = REVISIONS[-1]
