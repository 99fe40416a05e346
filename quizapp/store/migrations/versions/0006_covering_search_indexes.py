"""The two card indexes cover what searches read, so a search never visits the cards table itself.

ix_cards_state_due (state, due) gains the columns `is:due` and session building filter on and the
question id they return; ix_cards_counts gains the remaining numbers `prop:` compares. Both keep their
leading columns, so the counts and the queues use them as before. Measured on 100,000 cards
(bench/search_bench.py): is:due 17 -> 7 ms, a property 18 -> 10 ms; home counts 58.5 -> 60.0 ms; an
answer's write no slower (0.38 -> 0.33 ms p50, within noise).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COUNTS_BEFORE = ["topic", "active", "state", "due", "suspended", "buried_until", "flagged", "leech", "last_review",
                 "stability"]
COUNTS = [*COUNTS_BEFORE, "fsrs_difficulty", "lapses", "reps", "position", "question_id"]
STATE_DUE = ["state", "due", "active", "suspended", "buried_until", "position", "question_id"]


def upgrade() -> None:
    op.drop_index("ix_cards_counts", table_name="cards")
    op.create_index("ix_cards_counts", "cards", COUNTS)
    op.drop_index("ix_cards_state_due", table_name="cards")
    op.create_index("ix_cards_state_due", "cards", STATE_DUE)


def downgrade() -> None:
    op.drop_index("ix_cards_state_due", table_name="cards")
    op.create_index("ix_cards_state_due", "cards", ["state", "due"])
    op.drop_index("ix_cards_counts", table_name="cards")
    op.create_index("ix_cards_counts", "cards", COUNTS_BEFORE)
