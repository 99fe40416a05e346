"""Where a class password comes from: the address itself, $QUIZAPP_CLASS_PASSWORD, or the system keyring.

`keyring` is optional: without it (or without a keyring service, as on a bare server) the password comes
from the environment variable, or the command line asks for it. It is never written anywhere else.
"""

from __future__ import annotations

import os

from quizapp.store.classdb.server import ServerAddress

ENV_PASSWORD = "QUIZAPP_CLASS_PASSWORD"
KEYRING_SERVICE = "quizapp-class"


def check_server_address(url: str) -> str:
    """A class server address as it may be kept in the settings; ValueError if it is none or holds a password.

    A password written into the address would be saved in plain text with the settings: it goes in the
    password field (the keyring) instead. Checked with the standard library alone (the dialog checks on
    the GUI thread, which should not wait for SQLAlchemy to import); the push parses it fully.
    """
    from urllib.parse import urlsplit

    text = url.strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValueError(f"{text!r} is not a server address; write postgresql://HOST:5432/DATABASE") from None
    if parts.scheme.split("+")[0] not in ("postgresql", "postgres"):
        raise ValueError(f"a class server is PostgreSQL: the address must start with postgresql:// (got {text!r})")
    if not parts.path.strip("/"):
        raise ValueError(f"the address {text!r} names no database; add /DATABASE after the host")
    if parts.password is not None:
        raise ValueError("leave the password out of the address; type it in the password field, which is "
                         "never saved in plain text")
    return text


def student_login(url: str, name: str | None) -> str | None:
    """The login to push as: `name` as add-student printed it, or the name the instructor typed (mapped the
    same way add-student maps it); None for no name (the address's own login)."""
    name = (name or "").strip()
    if not name:
        return None
    from quizapp.store.classdb.roles import ClassRoles, slug
    from quizapp.store.classdb.server import parse_url

    roles = ClassRoles(parse_url(url).database or "")
    if slug(name) == name and name.startswith(roles.prefix + "_"):
        return name
    try:
        return roles.student_login(name)
    except ValueError:
        return name


def _keyring():  # -> the keyring module, or None when it is missing or has no usable backend
    try:
        import keyring
        from keyring.backends import fail
    except Exception:  # not installed, or a broken install: the feature works without it
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def keyring_available() -> bool:
    return _keyring() is not None


def stored_password(where: ServerAddress) -> tuple[str | None, str]:
    """(password, where it came from: "environment" | "keyring" | "") without asking anyone."""
    env = os.environ.get(ENV_PASSWORD)
    if env:
        return env, "environment"
    kr = _keyring()
    if kr is not None:
        try:
            found = kr.get_password(KEYRING_SERVICE, where.key)
        except Exception:  # a locked or broken keyring is the same as none
            found = None
        if found:
            return found, "keyring"
    return None, ""


def save_password(where: ServerAddress, password: str) -> bool:
    """Keep the password in the system keyring for this login and server; False if there is none."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(KEYRING_SERVICE, where.key, password)
    except Exception:
        return False
    return True


def forget_password(where: ServerAddress) -> None:
    kr = _keyring()
    if kr is not None:
        try:
            kr.delete_password(KEYRING_SERVICE, where.key)
        except Exception:
            pass
