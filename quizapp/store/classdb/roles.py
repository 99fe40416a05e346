"""The class's PostgreSQL roles: an instructor group that reads everything, a student group, one login each.

Roles belong to the whole server, not to one database, so their names start with the class database's
name: two classes on one server never share a role. Passwords reach the server only as SCRAM verifiers
computed here (libpq's PQencryptPasswordConn), so they appear in no server log.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass

from sqlalchemy import Connection, text

MAX_ROLE = 63  # PostgreSQL's identifier length (NAMEDATALEN - 1)
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_VERIFIER = re.compile(r"SCRAM-SHA-256\$[0-9]+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")
GROUPS = ("instructor", "students")  # the suffixes a student's name may not take


def slug(text_: str) -> str:
    """Lower-case ASCII letters and digits joined by '_': 'Zoë O'Brien' -> 'zoe_o_brien'."""
    ascii_ = unicodedata.normalize("NFKD", text_).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("_", ascii_.lower()).strip("_")


@dataclass(frozen=True, slots=True)
class ClassRoles:
    """The group roles of the class in database `database`."""

    database: str

    @property
    def prefix(self) -> str:
        return (slug(self.database) or "class")[:40]

    @property
    def instructor(self) -> str:
        return f"{self.prefix}_instructor"

    @property
    def students(self) -> str:
        return f"{self.prefix}_students"

    def student_login(self, name: str) -> str:
        """The login role for a student called `name`; ValueError if the name cannot make one."""
        part = slug(name)
        if not part:
            raise ValueError(f"the name {name!r} has no letters or digits to make a login from")
        if part in GROUPS:
            raise ValueError(f"the name {name!r} is taken by the class's own roles; add a surname")
        return f"{self.prefix}_{part}"[:MAX_ROLE]


def roles_of(conn: Connection) -> ClassRoles:
    return ClassRoles(conn.execute(text("SELECT current_database()")).scalar_one())


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def ensure_group(conn: Connection, name: str) -> None:
    if not role_exists(conn, name):
        conn.exec_driver_sql(f"CREATE ROLE {quote(conn, name)} NOLOGIN")


def new_password() -> str:
    """16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), ≈93 bits."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(16))


def scram_verifier(conn: Connection, login: str, password: str) -> str:
    """The password as the SCRAM-SHA-256 verifier PostgreSQL stores, computed on this side."""
    pgconn = conn.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
    verifier = pgconn.encrypt_password(password.encode(), login.encode(), b"scram-sha-256").decode()
    if not _VERIFIER.fullmatch(verifier):  # it is put into the statement as a literal: be sure of its shape
        raise ValueError("libpq returned an unexpected password verifier")
    return verifier


def set_login(conn: Connection, login: str, password: str, group: str) -> None:
    """Create the login role in `group`, or give an existing one this password."""
    verifier = scram_verifier(conn, login, password)
    if role_exists(conn, login):
        conn.exec_driver_sql(f"ALTER ROLE {quote(conn, login)} LOGIN PASSWORD '{verifier}'")
    else:
        conn.exec_driver_sql(f"CREATE ROLE {quote(conn, login)} LOGIN PASSWORD '{verifier}' "
                             f"IN ROLE {quote(conn, group)}")
