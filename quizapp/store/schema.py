"""The schema revisions this version knows, oldest first; the last one is what it writes."""

from __future__ import annotations

# Kept in step with migrations/versions/ (a test checks), so opening the store can tell
# "up to date", "needs migrating" and "written by a newer version" without importing Alembic.
REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")
HEAD = REVISIONS[-1]

_CARDS_0001 = ("question_id", "topic", "difficulty", "position", "content_hash", "active", "state", "step",
               "stability", "fsrs_difficulty", "due", "last_review", "reps", "lapses", "suspended",
               "buried_until", "flagged", "flag_reason", "leech")
_TABLES_0001 = {
    "cards": _CARDS_0001, "card_tags": ("question_id", "tag"), "settings": ("key", "value"),
    "review_log": ("id", "question_id", "reviewed_at", "rating", "score", "response", "duration_ms", "confident",
                   "state_before", "card_before"),
}
_TABLES_0002 = {**_TABLES_0001,
                "exam_attempts": ("id", "started_at", "finished_at", "time_limit_s", "selection", "question_ids",
                                  "responses", "score", "max_score", "passed", "meta"),
                "id_aliases": ("old_id", "new_id", "mapped_at")}
# The tables and columns a database at each revision has (a test migrates to each and compares), so a
# file with one of them dropped is called damaged when it opens instead of failing at the first query.
_TABLES_0003 = {**_TABLES_0002, "cards": (*_CARDS_0001, "tags")}
_TABLES_0004 = {**_TABLES_0003, "review_log": (*_TABLES_0001["review_log"], "uid"),
                "push_marks": ("target", "last_id", "last_uid", "peer", "pushed_at")}
_TABLES_0005 = {**_TABLES_0004,
                "practice_log": ("id", "question_id", "reviewed_at", "rating", "score", "response", "duration_ms",
                                 "confident")}
TABLES: dict[str, dict[str, tuple[str, ...]]] = {
    "0001": _TABLES_0001,
    "0002": _TABLES_0002,
    "0003": _TABLES_0003,
    "0004": _TABLES_0004,
    "0005": _TABLES_0005,
    "0006": _TABLES_0005,  # indexes only
    "0007": {**_TABLES_0005, "review_log": (*_TABLES_0004["review_log"], "device"),
             "exam_attempts": (*_TABLES_0002["exam_attempts"], "uid"),
             "sync_events": ("id", "kind", "device", "at", "question_id", "ref", "body"),
             "sync_files": ("folder", "path", "state", "device", "size", "mtime_ns", "events", "done_at"),
             "sync_state": ("key", "value")},
}
