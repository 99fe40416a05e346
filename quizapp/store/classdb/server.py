"""Connecting to a class server: URLs, engines with short timeouts, and psycopg's failures as ClassErrors."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quizapp.store.classdb.errors import (
    NEEDS_EXTRA,
    ClassDependencyError,
    ClassError,
    ClassLoginError,
    ClassSchemaError,
    ClassUnavailable,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 5  # a class server that does not answer by then is "not reachable", and study goes on
APPLICATION = "quizapp"


@dataclass(frozen=True, slots=True)
class ServerAddress:
    """Where a class lives and who logs in, without the password."""

    login: str
    host: str
    port: int
    database: str

    @property
    def label(self) -> str:
        """host:port/database, for messages."""
        return f"{self.host}:{self.port}/{self.database}"

    @property
    def key(self) -> str:
        """What the local store remembers pushes under: login@host:port/database."""
        return f"{self.login}@{self.label}"


def require_driver() -> None:
    """ClassDependencyError unless psycopg is importable (the `class` extra)."""
    try:
        found = importlib.util.find_spec("psycopg") is not None
    except ValueError:  # already imported as None (a test hiding it)
        found = False
    if not found:
        raise ClassDependencyError(NEEDS_EXTRA)


def parse_url(url: str, login: str | None = None, password: str | None = None) -> URL:
    """A SQLAlchemy URL for psycopg from what the user typed: postgresql://[login@]host[:port]/database.

    `login` (e.g. --student) replaces the URL's user; `password` its password. ClassError when it is not a
    PostgreSQL URL or names no database.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url.strip())
    except ArgumentError:
        raise ClassError(f"{url!r} is not a server address; write postgresql://NAME@HOST:5432/DATABASE") from None
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise ClassError(f"a class server is PostgreSQL: the address must start with postgresql:// (got {url!r})")
    if not parsed.database:
        raise ClassError(f"the address {url!r} names no database; add /DATABASE after the host")
    parsed = parsed.set(drivername=DRIVER)
    if login:
        parsed = parsed.set(username=login)
    if password is not None:
        parsed = parsed.set(password=password)
    return parsed


def address(url: URL) -> ServerAddress:
    import getpass

    host = url.host or url.query.get("host") or "localhost"
    return ServerAddress(url.username or getpass.getuser(), str(host), url.port or 5432, url.database or "")


def make_engine(url: URL, connect_timeout: int = CONNECT_TIMEOUT_S) -> Engine:
    """An engine that gives up connecting after `connect_timeout` seconds (libpq's least is 2); ClassDependencyError
    without psycopg."""
    require_driver()
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    # NullPool: a push or a report is one connection; nothing stays open to a server that may go away.
    return create_engine(url, poolclass=NullPool,
                         connect_args={"connect_timeout": connect_timeout, "application_name": APPLICATION})


def explain(exc: BaseException, where: ServerAddress) -> ClassError | None:
    """The ClassError for a database failure, or None when `exc` is not one (a bug: let it show)."""
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, ClassError):
        return exc
    if not isinstance(exc, sa_exc.DBAPIError):
        return None
    detail = " ".join(str(exc.orig).split()) if exc.orig is not None else str(exc)
    low = detail.lower()
    unknown_role = 'role "' in low and "does not exist" in low
    if unknown_role or "password authentication failed" in low or "no password supplied" in low:
        return ClassLoginError(f"the class server {where.label} refused the login {where.login!r}: wrong name or "
                               "password (the instructor's add-student printed both)")
    if "database" in low and "does not exist" in low:
        return ClassSchemaError(f"there is no database {where.database!r} on {where.host}:{where.port}; "
                                "check the address, or ask the instructor to create it")
    if "permission denied" in low or "insufficient privilege" in low or "row-level security" in low:
        return ClassLoginError(f"the class server {where.label} does not let {where.login!r} do that: {_short(detail)}")
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError) or exc.connection_invalidated:
        return ClassUnavailable(f"the class server {where.label} is not reachable ({_reason(low, detail)})")
    return None


def _reason(low: str, detail: str) -> str:
    for needle, words in (("connection refused", "connection refused"), ("timeout", "no answer in time"),
                          ("timed out", "no answer in time"), ("translate host name", "unknown host"),
                          ("name or service not known", "unknown host"), ("no route", "no route to the host"),
                          ("network is unreachable", "no network"),
                          ("server closed the connection", "the connection was lost"),
                          ("connection is lost", "the connection was lost"),
                          ("terminating connection", "the server shut the connection"),
                          ("the database system is shutting down", "the server is shutting down"),
                          ("the database system is starting up", "the server is starting up")):
        if needle in low:
            return words
    return _short(detail)


def _short(detail: str, width: int = 120) -> str:
    return detail if len(detail) <= width else detail[: width - 1] + "…"
