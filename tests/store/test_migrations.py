"""Schema versions: a new database, one from the previous schema (backed up first), models = migrations."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from quizapp.store import open_store
from quizapp.store.backups import MIGRATION_PREFIX, list_backups
from quizapp.store.connection import connect
from quizapp.store.migrate import alembic_config, upgrade
from quizapp.store.models import Base
from quizapp.store.schema import HEAD, REVISIONS, TABLES
from quizapp.store.store import Store, database_path


def test_known_revisions_match_the_migration_scripts():
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == REVISIONS and scripts.get_current_head() == HEAD


def test_the_tables_each_revision_is_checked_for_are_what_its_migrations_make(tmp_path):
    """quizapp/store/schema.py TABLES: what an open checks a database at that revision still has."""
    for revision in REVISIONS:
        folder = tmp_path / revision
        folder.mkdir()
        store = Store(folder, connect(database_path(folder)), verified=True)
        upgrade(store.engine, revision)
        made = {name: tuple(row[1] for row in store.conn.execute(f'PRAGMA table_info("{name}")'))
                for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                  "AND name != 'alembic_version'")}
        store.close()
        assert made == TABLES[revision], revision
    assert set(TABLES) == set(REVISIONS)


def test_a_new_database_gets_the_whole_schema_in_wal_mode(tmp_path, now):
    store = open_store(tmp_path, now)
    try:
        assert store.revision() == HEAD
        assert store.conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert store.conn.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        store.close()
    assert list_backups(tmp_path) == []  # nothing to back up before creating it


def _previous_schema_with_progress(data_dir: Path, revision: str = REVISIONS[-2]) -> None:
    store = Store(data_dir, connect(database_path(data_dir)), verified=True)
    upgrade(store.engine, revision)
    with store.transaction() as c:
        c.execute("INSERT INTO cards (question_id, topic, state, due, reps, stability, fsrs_difficulty, "
                  "last_review) VALUES ('q1', 'pk', 2, 1000, 3, 12.5, 4.0, 500)")
        c.execute("INSERT INTO review_log (question_id, reviewed_at, rating, response, state_before, "
                  "card_before) VALUES ('q1', 500, 3, '[1, 2]', 1, '{}')")
        c.execute("INSERT INTO settings VALUES ('theme', '\"dark\"')")
        c.execute("INSERT INTO card_tags VALUES ('q1', 'nmda'), ('q1', 'dosing')")
    store.close()


def test_migrating_from_the_previous_schema_keeps_progress_and_a_backup(tmp_path, now):
    _previous_schema_with_progress(tmp_path)
    store = open_store(tmp_path, now)
    try:
        assert store.revision() == HEAD
        assert store.conn.execute("SELECT question_id, reps, stability FROM cards").fetchall() == [("q1", 3, 12.5)]
        assert store.conn.execute("SELECT response FROM review_log").fetchall() == [("[1, 2]",)]
        [(uid,)] = store.conn.execute("SELECT uid FROM review_log").fetchall()
        assert uuid.UUID(hex=uid).version == 4 and uid == uuid.UUID(hex=uid).hex
        assert store.conn.execute("SELECT COUNT(*) FROM practice_log").fetchone() == (0,)
    finally:
        store.close()
    [backup] = [p for p in list_backups(tmp_path) if p.name.startswith(MIGRATION_PREFIX)]
    old = sqlite3.connect(backup)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == (REVISIONS[-2],)
    assert old.execute("SELECT question_id, reps FROM cards").fetchall() == [("q1", 3)]
    old.close()


def test_migrating_from_0002_fills_the_tags_column_from_card_tags(tmp_path, now):
    _previous_schema_with_progress(tmp_path, "0002")
    store = open_store(tmp_path, now)
    try:
        assert store.conn.execute("SELECT tags FROM cards").fetchone() == ("dosing\nnmda",)
    finally:
        store.close()


def test_migration_from_the_previous_schema_through_the_service(tmp_path, now):
    from quizapp.study import FakeClock, StudyService

    _previous_schema_with_progress(tmp_path)
    with StudyService.open(tmp_path, FakeClock(now)) as svc:
        assert svc.settings.get("theme") == "dark"
        assert svc.card("q1").srs.reps == 3
        assert svc.sync({}).deactivated == ["q1"]  # history kept, card inactive


def test_every_revision_upgrades_from_the_one_before(tmp_path):
    for i, revision in enumerate(REVISIONS):
        folder = tmp_path / revision
        folder.mkdir()
        store = Store(folder, connect(database_path(folder)), verified=True)
        upgrade(store.engine, revision)
        assert store.revision() == revision
        if i + 1 < len(REVISIONS):
            upgrade(store.engine, REVISIONS[i + 1])
            assert store.revision() == REVISIONS[i + 1]
        store.close()
