"""Creating or upgrading the class schema, and refusing one written by a newer quizapp, as the local store does."""

from __future__ import annotations

from importlib import resources

from sqlalchemy import Connection, Engine, text

from quizapp.store.classdb.errors import ClassSchemaError
from quizapp.store.classdb.schema import HEAD, REVISIONS, SCHEMA, VERSION_TABLE
from quizapp.store.migrate import _ONE_AT_A_TIME as ALEMBIC_TURN  # Alembic's op/context are process-wide


def alembic_config():  # -> alembic.config.Config
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(resources.files("quizapp.store.classdb") / "migrations"))
    return config


def read_revision(conn: Connection) -> str | None:
    """The class schema's revision; None when the database holds no class yet."""
    table = conn.execute(text("SELECT to_regclass(:t)"), {"t": f"{SCHEMA}.{VERSION_TABLE}"}).scalar()
    if table is None:
        return None
    return conn.execute(text(f"SELECT version_num FROM {SCHEMA}.{VERSION_TABLE}")).scalar()


def refuse_newer(revision: str | None, label: str) -> None:
    if revision is not None and revision not in REVISIONS:
        raise ClassSchemaError(f"the class on {label} was set up by a newer quizapp (class schema {revision}); "
                               "update quizapp to use it. Nothing was changed.")


def check_current(conn: Connection, label: str) -> None:
    """ClassSchemaError unless the class schema is exactly the one this version uses (for push and report)."""
    revision = read_revision(conn)
    refuse_newer(revision, label)
    if revision is None:
        raise ClassSchemaError(f"there is no class on {label} yet: the instructor sets it up with "
                               "quizapp class init URL")
    if revision != HEAD:
        raise ClassSchemaError(f"the class on {label} uses an older schema ({revision}): the instructor "
                               "upgrades it with quizapp class init URL")


def upgrade(engine: Engine, label: str) -> tuple[str | None, str]:
    """Create or upgrade the class schema to HEAD: (revision before, revision after).

    A newer schema raises ClassSchemaError before anything is written. Each migration runs in its own
    transaction, so a failure leaves the last complete revision.
    """
    from alembic import command

    with engine.connect() as conn:
        before = read_revision(conn)
        refuse_newer(before, label)
        if before == HEAD:
            return before, HEAD
        conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))  # Alembic's version table goes in it
        conn.commit()
        config = alembic_config()
        with ALEMBIC_TURN:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")
            conn.commit()
        return before, read_revision(conn) or HEAD
