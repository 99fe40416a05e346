"""Alembic environment: runs on the connection quizapp hands over (see quizapp.store.migrate)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

connection = context.config.attributes.get("connection")
if connection is None:  # a developer running the alembic command with -x url=sqlite:///file
    url = context.get_x_argument(as_dictionary=True).get("url", "sqlite:///progress.sqlite3")
    connection = create_engine(url).connect()
context.configure(connection=connection, render_as_batch=True, transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
