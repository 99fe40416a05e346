"""Initial schema: cards, their tags, the review log, settings.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cards",
        sa.Column("question_id", sa.String(), primary_key=True),
        sa.Column("topic", sa.String(), nullable=False, server_default=""),
        sa.Column("difficulty", sa.Integer()),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("content_hash", sa.String(), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.Column("state", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("step", sa.Integer()),
        sa.Column("stability", sa.Float()),
        sa.Column("fsrs_difficulty", sa.Float()),
        sa.Column("due", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_review", sa.Integer()),
        sa.Column("reps", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("lapses", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("suspended", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("buried_until", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("flagged", sa.Boolean(), nullable=False, server_default="0"),
        sa.Column("flag_reason", sa.String()),
        sa.Column("leech", sa.Boolean(), nullable=False, server_default="0"),
    )
    op.create_index("ix_cards_topic_state_due", "cards", ["topic", "state", "due"])
    op.create_index("ix_cards_state_due", "cards", ["state", "due"])
    op.create_table(
        "card_tags",
        sa.Column("question_id", sa.String(),
                  sa.ForeignKey("cards.question_id", ondelete="CASCADE", onupdate="CASCADE"),
                  primary_key=True),
        sa.Column("tag", sa.String(), primary_key=True),
    )
    op.create_index("ix_card_tags_tag", "card_tags", ["tag"])
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("reviewed_at", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float()),
        sa.Column("response", sa.Text()),
        sa.Column("duration_ms", sa.Integer()),
        sa.Column("confident", sa.Boolean()),
        sa.Column("state_before", sa.Integer(), nullable=False),
        sa.Column("card_before", sa.Text(), nullable=False),
    )
    op.create_index("ix_review_log_question", "review_log", ["question_id", "reviewed_at"])
    op.create_index("ix_review_log_time", "review_log", ["reviewed_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "review_log", "card_tags", "cards"):
        op.drop_table(table)
