"""The class: its identity, students, answers; the instructor and student roles; row-level security.

Revision ID: c001
Revises:
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from quizapp.store.classdb.roles import ensure_group, quote, roles_of
from quizapp.store.classdb.schema import SCHEMA, VERSION_TABLE

revision = "c001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    roles = roles_of(bind)
    for group in (roles.instructor, roles.students):
        ensure_group(bind, group)
    instructor, students = quote(bind, roles.instructor), quote(bind, roles.students)

    op.create_table(
        "class_info",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
        schema=SCHEMA,
    )
    op.bulk_insert(sa.table("class_info", sa.column("key"), sa.column("value"), schema=SCHEMA),
                   [{"key": "class_uid", "value": uuid.uuid4().hex}])
    op.create_table(
        "students",
        sa.Column("login", sa.String(), primary_key=True),
        sa.Column("name", sa.Text(), nullable=False, unique=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        schema=SCHEMA,
    )
    op.create_table(
        "answers",
        sa.Column("uid", sa.String(), primary_key=True),
        sa.Column("student", sa.String(), nullable=False, server_default=sa.text("CURRENT_USER")),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("content_hash", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False, server_default=""),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("score", sa.Double()),
        sa.Column("response", JSONB()),
        sa.Column("duration_ms", sa.Integer()),
        sa.Column("confident", sa.Boolean()),
        sa.Column("pushed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("uid ~ '^[0-9a-f]{32}$'", name="answers_uid_hex"),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="answers_rating"),
        sa.CheckConstraint("score IS NULL OR score BETWEEN 0 AND 1", name="answers_score"),
        schema=SCHEMA,
    )
    op.create_index("ix_answers_item", "answers", ["question_id", "content_hash"], schema=SCHEMA)
    op.create_index("ix_answers_student", "answers", ["student", "answered_at"], schema=SCHEMA)

    # Students insert and read their own rows only; nobody but the owner updates or deletes. The owner (the
    # login that ran `class init`) is not subject to these policies; other instructors get the group role.
    for table, own in (("answers", "student"), ("students", "login")):
        op.execute(f"ALTER TABLE {SCHEMA}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {table}_own ON {SCHEMA}.{table} TO {students} "
                   f"USING ({own} = CURRENT_USER) WITH CHECK ({own} = CURRENT_USER)")
        op.execute(f"CREATE POLICY {table}_instructor ON {SCHEMA}.{table} FOR SELECT TO {instructor} USING (true)")
    op.execute(f"REVOKE ALL ON SCHEMA {SCHEMA} FROM PUBLIC")
    op.execute(f"GRANT USAGE ON SCHEMA {SCHEMA} TO {instructor}, {students}")
    op.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {instructor}")
    op.execute(f"GRANT SELECT, INSERT ON {SCHEMA}.answers TO {students}")
    op.execute(f"GRANT SELECT ON {SCHEMA}.students, {SCHEMA}.class_info, {SCHEMA}.{VERSION_TABLE} TO {students}")


def downgrade() -> None:
    for table in ("answers", "students", "class_info"):
        op.drop_table(table, schema=SCHEMA)
