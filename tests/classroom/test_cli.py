"""`quizapp class` from the terminal: init, add-student's printout, push and report, plain one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main

OTHER_BANKS = Path(__file__).parent.parent / "bank" / "fixtures" / "valid"
CLASS_BANK = Path(__file__).parent / "bank"


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("QUIZAPP_CLASS_PASSWORD", raising=False)
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(tmp_path / "instructor"))


def _printout(out: str) -> dict[str, str]:
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines()[1:4])}


def test_instructor_and_student_from_the_command_line(bare_db, student_at, capsys, monkeypatch, tmp_path):
    assert main(["class", "init", bare_db.url]) == 0
    out = capsys.readouterr().out
    assert f"class created schema c001 on 127.0.0.1:{bare_db.pg.port}/{bare_db.database}" in out
    assert main(["class", "init", bare_db.url]) == 0
    assert "is up to date (schema c001)" in capsys.readouterr().out

    assert main(["class", "add-student", bare_db.url, "Ada Lovelace"]) == 0
    out = capsys.readouterr().out
    given = _printout(out)
    assert given["server"] == f"postgresql://127.0.0.1:{bare_db.pg.port}/{bare_db.database}"  # no instructor login
    assert given["login"] == f"{bare_db.database}_ada_lovelace" and len(given["password"]) == 16
    assert f"quizapp class push {given['server']} --student {given['login']}" in out

    ada = student_at("ada")
    ada.answer_many(8)
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", given["password"])
    # the student types the server line and their name as the instructor gave it
    assert main(["class", "push", given["server"], "--student", "Ada Lovelace", "--data-dir", str(ada.folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"pushed 8 answer(s) to 127.0.0.1:{bare_db.pg.port}/{bare_db.database}\n"
    assert given["password"] not in captured.out + captured.err
    assert main(["class", "push", given["server"], "--student", given["login"], "--data-dir", str(ada.folder)]) == 0
    assert capsys.readouterr().out.startswith("nothing new to push")

    monkeypatch.delenv("QUIZAPP_CLASS_PASSWORD")
    assert main(["class", "report", bare_db.url, "--json", "--banks", str(CLASS_BANK)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["students"] == 1 and data["answers"] == 8
    assert {"question_id", "content_hash", "responses", "p_correct", "discrimination", "distractors"} <= set(
        data["items"][0])
    assert all(Path(i["file"]).resolve().parent == CLASS_BANK.resolve() and i["current"] for i in data["items"])
    assert main(["class", "report", bare_db.url, "--json", "--topic", "pd", "--banks", str(OTHER_BANKS)]) == 0
    only = json.loads(capsys.readouterr().out)
    assert {i["question_id"] for i in only["items"]} == {"q3", "q4", "q5"} and only["topic_filter"] == ["pd"]
    assert all(i["file"] is None and i["current"] is None for i in only["items"])  # not in these banks
    assert main(["class", "report", bare_db.url, "--min-responses", "1", "--banks", str(CLASS_BANK)]) == 0
    text = capsys.readouterr().out
    assert "Flagged items" in text and "Topics (mastery" in text and "Ada Lovelace" in text
    assert "pk.yaml:5:1: warning: q1: facility 1.00 is over 0.95" in text


def test_add_student_twice_and_a_new_password(classdb, capsys):
    assert main(["class", "add-student", classdb.url, "Bob"]) == 0
    first = _printout(capsys.readouterr().out)
    assert main(["class", "add-student", classdb.url, "Bob"]) == 1
    err = capsys.readouterr().err
    assert err == (f"error: the class already has 'Bob' (login {first['login']}); add --new-password to give that "
                   "student a new password\n")
    assert main(["class", "add-student", classdb.url, "Bob", "--new-password"]) == 0
    second = _printout(capsys.readouterr().out)
    assert second["login"] == first["login"] and second["password"] != first["password"]
    assert classdb.scalar("SELECT current_user", classdb.student_url(second["login"], second["password"])) == \
        second["login"]
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError, match="password authentication failed"):
        classdb.scalar("SELECT 1", classdb.student_url(first["login"], first["password"]))


def test_plain_errors_for_a_bad_address_and_a_wrong_password(classdb, student_at, capsys, monkeypatch):
    ada = student_at("ada")
    assert main(["class", "push", "mysql://x@h/db", "--data-dir", str(ada.folder)]) == 1
    assert capsys.readouterr().err == ("error: a class server is PostgreSQL: the address must start with "
                                       "postgresql:// (got 'mysql://x@h/db')\n")
    login, _ = classdb.add_student("Ada")
    monkeypatch.setenv("QUIZAPP_CLASS_PASSWORD", "not-it")
    assert main(["class", "push", classdb.student_url(login), "--data-dir", str(ada.folder)]) == 1
    assert capsys.readouterr().err == (f"error: the class server 127.0.0.1:{classdb.pg.port}/{classdb.database} "
                                       f"refused the login '{login}': wrong name or password (the instructor's "
                                       "add-student printed both)\n")


def test_without_the_class_extra_the_app_works_and_class_says_what_to_install(tmp_path):
    code = ("import sys; sys.modules['psycopg'] = None\n"
            "from quizapp.cli import main\n"
            "import quizapp.study.classroom.push, quizapp.study.classroom.report, quizapp.store.classdb.classes\n"
            "sys.exit(main(['class', 'push', 'postgresql://ada@127.0.0.1:1/c', '--data-dir', sys.argv[1]]))\n")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == ("error: the class feature needs the PostgreSQL driver psycopg: install it with "
                             "pip install 'quizapp[class]'\n")
