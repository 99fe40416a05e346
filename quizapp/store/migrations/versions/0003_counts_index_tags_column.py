"""Counts per topic from an index alone, and each card's tags as text so syncing reads one table.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

COUNTS_COLUMNS = ["topic", "active", "state", "due", "suspended", "buried_until", "flagged", "leech",
                  "last_review", "stability"]


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("tags", sa.Text(), nullable=False, server_default=""))
    op.execute("UPDATE cards SET tags = COALESCE((SELECT group_concat(tag, char(10)) FROM "
               "(SELECT tag FROM card_tags t WHERE t.question_id = cards.question_id ORDER BY tag)), '')")
    op.drop_index("ix_cards_topic_state_due", table_name="cards")
    op.create_index("ix_cards_counts", "cards", COUNTS_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_cards_counts", table_name="cards")
    op.create_index("ix_cards_topic_state_due", "cards", ["topic", "state", "due"])
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("tags")
