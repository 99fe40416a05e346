"""Row-level security on the server: a student reads and writes only their own rows; the instructor reads all."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import ProgrammingError

ROW = ("INSERT INTO quizclass.answers (uid, {who}question_id, content_hash, answered_at, rating) "
       "VALUES (:uid, {whom}'q1', 'h', :at, 3)")


@pytest.fixture
def two(classdb, student_at):
    """Ada and Bob, each with pushed answers; Bob's engine is what a curious Bob would use."""
    ada_login, ada_pw = classdb.add_student("Ada")
    bob_login, bob_pw = classdb.add_student("Bob")
    for login, pw, n in ((ada_login, ada_pw, 6), (bob_login, bob_pw, 4)):
        me = student_at(login)
        me.answer_many(n)
        assert me.push(classdb.student_url(login), pw).added == n
    bob = classdb.engine(classdb.student_url(bob_login, bob_pw))
    yield classdb, ada_login, bob_login, bob
    bob.dispose()


def test_a_student_sees_only_their_own_rows(two):
    classdb, ada, bob_login, bob = two
    with bob.connect() as conn:
        assert conn.execute(text("SELECT DISTINCT student FROM quizclass.answers")).scalars().all() == [bob_login]
        assert conn.execute(text("SELECT count(*) FROM quizclass.answers WHERE student = :a"), {"a": ada}).scalar() == 0
        assert conn.execute(text("SELECT login FROM quizclass.students")).scalars().all() == [bob_login]
    assert classdb.scalar("SELECT count(*) FROM quizclass.answers") == 10  # the instructor sees everyone


def test_a_student_cannot_write_rows_as_someone_else(two):
    classdb, ada, _bob_login, bob = two
    with pytest.raises(ProgrammingError, match="row-level security"), bob.begin() as conn:
        conn.execute(text(ROW.format(who="student, ", whom=":who, ")),
                     {"uid": "a" * 32, "who": ada, "at": datetime.now(UTC)})
    for sql in ("UPDATE quizclass.answers SET score = 0", "DELETE FROM quizclass.answers",
                "UPDATE quizclass.answers SET student = CURRENT_USER", "TRUNCATE quizclass.answers",
                "INSERT INTO quizclass.students (login, name) VALUES ('x', 'X')",
                "DROP TABLE quizclass.answers"):
        with pytest.raises(ProgrammingError, match=r"permission denied|must be owner"), bob.begin() as conn:
            conn.execute(text(sql))
    assert classdb.scalar("SELECT count(*) FROM quizclass.answers") == 10
    assert classdb.scalar(f"SELECT count(*) FROM quizclass.answers WHERE student = '{ada}'") == 6


def test_a_row_pushed_as_yourself_is_stamped_with_your_login(two):
    classdb, _ada, bob_login, bob = two
    with bob.begin() as conn:
        conn.execute(text(ROW.format(who="", whom="")), {"uid": "b" * 32, "at": datetime.now(UTC)})
    assert classdb.scalar(f"SELECT student FROM quizclass.answers WHERE uid = '{'b' * 32}'") == bob_login


def test_an_instructor_role_member_reads_everything_but_changes_nothing(two):
    from quizapp.store.classdb.roles import ClassRoles

    classdb, *_ = two
    roles = ClassRoles(classdb.database)
    classdb.scalar(f"CREATE ROLE {classdb.database}_ta LOGIN PASSWORD 'ta-password' IN ROLE {roles.instructor}")
    ta = classdb.engine(classdb.student_url(f"{classdb.database}_ta", "ta-password"))
    try:
        with ta.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM quizclass.answers")).scalar() == 10
        with pytest.raises(ProgrammingError, match="permission denied"), ta.begin() as conn:
            conn.execute(text("DELETE FROM quizclass.answers"))
    finally:
        ta.dispose()
