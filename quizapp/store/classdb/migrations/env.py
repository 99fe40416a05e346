"""Alembic environment of the class schema: its own version table in its own schema (see classdb.migrate)."""

from __future__ import annotations

from alembic import context

from quizapp.store.classdb.schema import SCHEMA, VERSION_TABLE

connection = context.config.attributes["connection"]  # only ever run through quizapp.store.classdb.migrate
context.configure(connection=connection, version_table=VERSION_TABLE, version_table_schema=SCHEMA,
                  transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
