"""Instructor actions on a class database: set it up, add a student with a fresh password."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, Engine, insert, select, update

from quizapp.store.classdb import migrate
from quizapp.store.classdb.errors import ClassError
from quizapp.store.classdb.models import ClassInfo, Student
from quizapp.store.classdb.roles import ClassRoles, new_password, roles_of, set_login


@dataclass(frozen=True, slots=True)
class InitResult:
    before: str | None  # the schema found (None: a new class)
    after: str
    roles: ClassRoles
    class_uid: str


@dataclass(frozen=True, slots=True)
class NewStudent:
    name: str
    login: str
    password: str
    existed: bool  # True: the student was there and got a new password


def init_class(engine: Engine, label: str) -> InitResult:
    """Create (or upgrade) the class schema with its roles. Needs a login that may create roles."""
    before, after = migrate.upgrade(engine, label)
    with engine.connect() as conn:
        return InitResult(before, after, roles_of(conn), class_uid(conn))


def class_uid(conn: Connection) -> str:
    """The class's own id: a class set up anew (dropped and created again) has another one."""
    return conn.execute(select(ClassInfo.value).where(ClassInfo.key == "class_uid")).scalar_one()


def add_student(engine: Engine, label: str, name: str, new_password_if_exists: bool = False) -> NewStudent:
    """A login role for `name` in the student group, with a new password; ClassError if the name is taken
    and `new_password_if_exists` is False."""
    name = " ".join(name.split())
    if not name:
        raise ClassError("a student needs a name")
    with engine.begin() as conn:  # the role and the students row commit together
        migrate.check_current(conn, label)
        roles = roles_of(conn)
        try:
            login = roles.student_login(name)
        except ValueError as exc:
            raise ClassError(str(exc)) from None
        row = conn.execute(select(Student.login, Student.name).where(
            (Student.login == login) | (Student.name == name))).first()
        if row is not None and not new_password_if_exists:
            raise ClassError(f"the class already has {row.name!r} (login {row.login}); "
                             "add --new-password to give that student a new password")
        if row is not None and row.login != login:
            raise ClassError(f"the name {name!r} belongs to the login {row.login}")
        password = new_password()
        set_login(conn, login, password, roles.students)
        if row is None:
            conn.execute(insert(Student).values(login=login, name=name))
        else:
            conn.execute(update(Student).where(Student.login == login).values(name=name))
    return NewStudent(name, login, password, existed=row is not None)

