"""Practice answers: given in a custom study session that leaves schedules alone, kept apart from reviews.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "practice_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("reviewed_at", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float()),
        sa.Column("response", sa.Text()),
        sa.Column("duration_ms", sa.Integer()),
        sa.Column("confident", sa.Boolean()),
    )
    op.create_index("ix_practice_log_question", "practice_log", ["question_id", "reviewed_at"])
    op.create_index("ix_practice_log_time", "practice_log", ["reviewed_at"])


def downgrade() -> None:
    op.drop_table("practice_log")
