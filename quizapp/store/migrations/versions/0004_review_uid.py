"""A globally unique id on every answer (review_log.uid), and what has been pushed to each server.

Revision ID: 0004
Revises: 0003

The uid (a uuid4 in hex) names an answer wherever it goes: a class server inserts it idempotently, and
syncing between computers can tell the same answer from another one. `push_marks` remembers, per push
target (a class server, another computer), the last review_log row it has confirmed, and the target's
own identity, so a target re-created from scratch is sent everything again.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# 32 random hex digits, then the uuid4 version nibble and variant bits put in place. Two statements:
# one subquery holding randomblob() would be evaluated once for the whole UPDATE.
RANDOM_HEX = "UPDATE review_log SET uid = lower(hex(randomblob(16))) WHERE {where}"
AS_UUID4 = ("UPDATE review_log SET uid = substr(uid, 1, 12) || '4' || substr(uid, 14, 3) || "
            "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(uid, 18) WHERE {where}")

# The app sets uid on every answer (quizapp.study.cards.insert_log); this fills it for any other writer
# (an older import path, a script), so no row is ever without one.
TRIGGER = f"""
CREATE TRIGGER review_log_uid AFTER INSERT ON review_log WHEN NEW.uid IS NULL
BEGIN
    {RANDOM_HEX.format(where="id = NEW.id")};
    {AS_UUID4.format(where="id = NEW.id")};
END
"""


def upgrade() -> None:
    with op.batch_alter_table("review_log") as batch:
        batch.add_column(sa.Column("uid", sa.String()))
    op.execute(RANDOM_HEX.format(where="uid IS NULL"))  # every row, in one pass each
    op.execute(AS_UUID4.format(where="uid IS NOT NULL"))
    op.create_index("ux_review_log_uid", "review_log", ["uid"], unique=True)
    op.execute(TRIGGER)
    op.create_table(
        "push_marks",
        sa.Column("target", sa.String(), primary_key=True),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_uid", sa.String()),
        sa.Column("peer", sa.String()),
        sa.Column("pushed_at", sa.Integer(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("push_marks")
    op.execute("DROP TRIGGER IF EXISTS review_log_uid")
    op.drop_index("ux_review_log_uid", table_name="review_log")
    with op.batch_alter_table("review_log") as batch:
        batch.drop_column("uid")
