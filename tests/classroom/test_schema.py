"""The class schema: models = migrations, its own version table, and a newer schema refused untouched."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from quizapp.store.classdb.classes import init_class
from quizapp.store.classdb.errors import ClassSchemaError
from quizapp.store.classdb.migrate import alembic_config
from quizapp.store.classdb.models import ClassBase
from quizapp.store.classdb.schema import HEAD, REVISIONS, SCHEMA, VERSION_TABLE
from quizapp.study.classroom.report import class_report


def test_known_revisions_match_the_migration_scripts():
    scripts = ScriptDirectory.from_config(alembic_config())
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(chain) == REVISIONS and scripts.get_current_head() == HEAD


def test_the_models_match_what_the_migrations_create(classdb):
    engine = classdb.engine()
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql(f"SELECT version_num FROM {SCHEMA}.{VERSION_TABLE}").scalar() == HEAD
            context = MigrationContext.configure(conn, opts={
                "include_schemas": True,
                "include_name": lambda name, kind, parent: kind != "schema" or name == SCHEMA,
                "include_object": lambda obj, name, kind, reflected, other: name != VERSION_TABLE})
            assert compare_metadata(context, ClassBase.metadata) == []
    finally:
        engine.dispose()


def test_a_newer_class_schema_is_refused_by_every_command_and_left_alone(classdb, student_at):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(3)
    assert ada.push(classdb.student_url(login), password).added == 3
    classdb.scalar(f"UPDATE {SCHEMA}.{VERSION_TABLE} SET version_num = 'c999'")

    result = ada.push(classdb.student_url(login), password)
    assert not result.ok and result.message.startswith(
        f"the class on 127.0.0.1:{classdb.pg.port}/{classdb.database} was set up by a newer quizapp (class schema "
        "c999); update quizapp to use it. Nothing was changed.")
    with pytest.raises(ClassSchemaError, match="newer quizapp"):
        class_report(classdb.url)
    engine = classdb.engine()
    try:
        with pytest.raises(ClassSchemaError, match="newer quizapp"):
            init_class(engine, classdb.database)
    finally:
        engine.dispose()
    for args in (["init", classdb.url], ["add-student", classdb.url, "Bob"], ["report", classdb.url]):
        cli = subprocess.run([sys.executable, "-m", "quizapp", "class", *args], capture_output=True, text=True,
                             timeout=60, env={**os.environ, "QUIZAPP_DATA_DIR": str(ada.folder)})
        assert cli.returncode == 1 and cli.stderr.count("\n") == 1 and "newer quizapp (class schema c999)" in cli.stderr
    assert classdb.scalar(f"SELECT version_num FROM {SCHEMA}.{VERSION_TABLE}") == "c999"
    assert classdb.scalar(f"SELECT count(*) FROM {SCHEMA}.answers") == 3
    assert classdb.scalar(f"SELECT count(*) FROM {SCHEMA}.students") == 1


def test_a_database_without_a_class_says_so(bare_db, student_at):
    ada = student_at("ada")
    ada.answer_many(2)
    result = ada.push(bare_db.url)
    assert not result.ok and result.waiting == 2
    assert result.message.startswith(f"there is no class on 127.0.0.1:{bare_db.pg.port}/{bare_db.database} yet")
    with pytest.raises(ClassSchemaError, match="no class"):
        class_report(bare_db.url)
