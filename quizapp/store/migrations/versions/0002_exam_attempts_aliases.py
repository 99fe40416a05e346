"""Exam attempts, and a record of renamed question ids (the bank's `replaces`).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "id_aliases",
        sa.Column("old_id", sa.String(), primary_key=True),
        sa.Column("new_id", sa.String(), nullable=False),
        sa.Column("mapped_at", sa.Integer(), nullable=False),
    )
    op.create_table(
        "exam_attempts",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.Integer()),
        sa.Column("time_limit_s", sa.Integer()),
        sa.Column("selection", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("question_ids", sa.Text(), nullable=False, server_default="[]"),
        sa.Column("responses", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("score", sa.Float()),
        sa.Column("max_score", sa.Float()),
        sa.Column("passed", sa.Boolean()),
        sa.Column("meta", sa.Text(), nullable=False, server_default="{}"),
    )
    op.create_index("ix_exam_attempts_started", "exam_attempts", ["started_at"])


def downgrade() -> None:
    op.drop_table("exam_attempts")
    op.drop_table("id_aliases")
