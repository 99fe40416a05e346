"""The schema revisions this version knows, oldest first; the last one is what it writes."""

from __future__ import annotations

# Kept in step with migrations/versions/ (a test checks), so opening the store can tell
# "up to date", "needs migrating" and "written by a newer version" without importing Alembic.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005")
HEAD = REVISIONS[-1]
