"""Running the Alembic migrations in quizapp/store/migrations on an open database."""

from __future__ import annotations

import threading
from importlib import resources

from sqlalchemy import Engine


def alembic_config():  # -> alembic.config.Config; Alembic is imported only when a migration runs
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("quizapp.store") / "migrations"))
    return config


# Alembic's `op` and `context` are process-wide proxies: two migrations running at once in one
# process (two data folders opened from two threads) would run each other's operations.
_ONE_AT_A_TIME = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; each migration runs in its own transaction."""
    from alembic import command

    config = alembic_config()
    with _ONE_AT_A_TIME, engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
