"""Running the Alembic migrations in quizapp/store/migrations on an open database."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import Engine


def alembic_config():  # -> alembic.config.Config; Alembic is imported only when a migration runs
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("quizapp.store") / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision`; each migration runs in its own transaction."""
    from alembic import command

    config = alembic_config()
    with engine.connect() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
