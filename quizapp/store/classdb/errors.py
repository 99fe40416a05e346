"""What can go wrong with a class server, each as one sentence a student or instructor can act on."""

from __future__ import annotations


class ClassError(Exception):
    """A class server problem; `message` is one line written for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ClassUnavailable(ClassError):
    """The server cannot be reached now (down, no network, timed out, connection lost): try again later."""


class ClassLoginError(ClassError):
    """The server refused the login (unknown name, wrong password, no access to the database)."""


class ClassSchemaError(ClassError):
    """The database holds no class, an older one that needs `class init`, or a newer one: left unchanged."""


class ClassDependencyError(ClassError):
    """psycopg (the `class` extra) is not installed."""


NEEDS_EXTRA = ("the class feature needs the PostgreSQL driver psycopg: install it with "
               "pip install 'quizapp[class]'")
