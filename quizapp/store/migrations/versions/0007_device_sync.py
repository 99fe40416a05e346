"""Syncing a student's computers through a folder: who wrote each answer, the other events, the bookkeeping.

Revision ID: 0007
Revises: 0006

- review_log.device: the computer whose sync files hold the answer (this one's id once written, the other
  computer's for a merged answer); NULL while an answer made here is not yet in a sync folder. A partial index
  finds those few rows without scanning a long log.
- exam_attempts.uid: a uuid4 naming a sitting on every computer (filled for the rows there are, and by a
  trigger for any writer that leaves it out), so a merged attempt is never stored twice.
- sync_events: everything else that syncs (undo tombstones, suspend/bury/flag/reset, settings, finished exams,
  drilled mistakes), this computer's and the merged ones, each under its global id; device NULL: not yet written.
- sync_files: each segment file this computer wrote or merged, per sync folder, with its size and time, so
  a sync opens only files it has not read, and a segment whose writing was cut off is finished or dropped.
- sync_state: this computer's device id and what the last sync left (the folder, the replay marks).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# As in 0004: 32 random hex digits, then the uuid4 version nibble and variant bits put in place.
RANDOM_HEX = "UPDATE exam_attempts SET uid = lower(hex(randomblob(16))) WHERE {where}"
AS_UUID4 = ("UPDATE exam_attempts SET uid = substr(uid, 1, 12) || '4' || substr(uid, 14, 3) || "
            "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(uid, 18) WHERE {where}")
TRIGGER = f"""
CREATE TRIGGER exam_attempts_uid AFTER INSERT ON exam_attempts WHEN NEW.uid IS NULL
BEGIN
    {RANDOM_HEX.format(where="id = NEW.id")};
    {AS_UUID4.format(where="id = NEW.id")};
END
"""


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy of the table): the uid trigger of 0004 stays in place.
    op.add_column("review_log", sa.Column("device", sa.String()))
    op.create_index("ix_review_log_unsynced", "review_log", ["id"], sqlite_where=sa.text("device IS NULL"))
    op.add_column("exam_attempts", sa.Column("uid", sa.String()))
    op.execute(RANDOM_HEX.format(where="uid IS NULL"))
    op.execute(AS_UUID4.format(where="uid IS NOT NULL"))
    op.create_index("ux_exam_attempts_uid", "exam_attempts", ["uid"], unique=True)
    op.execute(TRIGGER)
    op.create_table(
        "sync_events",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("device", sa.String()),
        sa.Column("at", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String()),
        sa.Column("ref", sa.String()),
        sa.Column("body", sa.Text(), nullable=False, server_default="{}"),
    )
    op.create_index("ix_sync_events_question", "sync_events", ["question_id", "at"])
    op.create_index("ix_sync_events_ref", "sync_events", ["kind", "ref"])
    op.create_index("ix_sync_events_unsynced", "sync_events", ["at"], sqlite_where=sa.text("device IS NULL"))
    op.create_table(
        "sync_files",
        sa.Column("folder", sa.String(), primary_key=True),
        sa.Column("path", sa.String(), primary_key=True),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("device", sa.String()),
        sa.Column("size", sa.Integer()),
        sa.Column("mtime_ns", sa.Integer()),
        sa.Column("events", sa.Integer()),
        sa.Column("done_at", sa.Integer(), nullable=False),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    for table in ("sync_state", "sync_files", "sync_events"):
        op.drop_table(table)
    op.execute("DROP TRIGGER IF EXISTS exam_attempts_uid")
    op.drop_index("ux_exam_attempts_uid", table_name="exam_attempts")
    op.drop_index("ix_review_log_unsynced", table_name="review_log")
    # SQLite's own DROP COLUMN (3.35+), not a batch copy: the tables keep their triggers.
    op.execute("ALTER TABLE exam_attempts DROP COLUMN uid")
    op.execute("ALTER TABLE review_log DROP COLUMN device")
