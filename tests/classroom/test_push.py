"""The student's push against a real server: idempotent, resumable after SIGKILL, patient when it is down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from quizapp.study import FakeClock, StudyService
from quizapp.study.classroom.push import push_answers, waiting

HERE = Path(__file__).parent


def _server_uids(classdb, login=None) -> list[str]:
    from sqlalchemy import text

    engine = classdb.engine()
    try:
        with engine.connect() as conn:
            sql = "SELECT uid FROM quizclass.answers" + (" WHERE student = :s" if login else "")
            return [r[0] for r in conn.execute(text(sql), {"s": login})]
    finally:
        engine.dispose()


def test_pushing_twice_doubles_nothing(classdb, student_at):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(30)
    url = classdb.student_url(login)
    first = ada.push(url, password)
    assert first.ok and (first.sent, first.added, first.waiting) == (30, 30, 0)
    assert first.message == f"pushed 30 answer(s) to 127.0.0.1:{classdb.pg.port}/{classdb.database}"
    again = ada.push(url, password)
    assert (again.sent, again.added) == (0, 0) and again.message.startswith("nothing new to push")
    # forget what was pushed (as a copy of the progress on another computer would): all is offered, none added
    with StudyService.open(ada.folder) as svc:
        svc.store.conn.execute("DELETE FROM push_marks")
    blind = ada.push(url, password)
    assert (blind.sent, blind.added) == (30, 0) and "30 were there already" in blind.message
    uids = _server_uids(classdb)
    assert len(uids) == len(set(uids)) == 30 and set(uids) == ada.uids()
    ada.answer_many(5)
    more = ada.push(url, password)
    assert (more.sent, more.added) == (5, 5) and len(_server_uids(classdb)) == 35


def test_a_push_killed_midway_resumes_with_only_what_is_missing(classdb, student_at, tmp_path):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(200)
    marker = tmp_path / "stopped"
    child = subprocess.Popen([sys.executable, str(HERE / "push_child.py"), str(ada.folder),
                              classdb.student_url(login), password, "20", "3", str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert child.poll() is None and time.monotonic() < deadline, "the push child ended early"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert marker.read_text() == "60 200"
    assert len(_server_uids(classdb)) == 60  # three batches committed on the server, the third not yet noted here
    resumed = ada.push(classdb.student_url(login), password)
    # batches one and two were noted before the kill: 160 are offered again, of which the server lacked 140
    assert resumed.ok and (resumed.sent, resumed.added, resumed.waiting) == (160, 140, 0)
    uids = _server_uids(classdb)
    assert len(uids) == len(set(uids)) == 200 and set(uids) == ada.uids()


def test_server_down_study_goes_on_and_the_push_waits(classdb, student_at):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(10)
    url = classdb.student_url(login)
    assert ada.push(url, password).ok
    classdb.pg.stop()
    try:
        ada.answer_many(7)  # studying needs no server
        result = ada.push(url, password)
        assert not result.ok and (result.sent, result.added, result.waiting) == (0, 0, 7)
        assert result.message == (f"the class server 127.0.0.1:{classdb.pg.port}/{classdb.database} is not "
                                  "reachable (connection refused); 7 answer(s) wait for the next push")
        with StudyService.open(ada.folder) as svc:
            assert waiting(svc.store, url) == 7  # known offline, from this computer's mark
        cli = subprocess.run([sys.executable, "-m", "quizapp", "class", "push", url, "--data-dir", str(ada.folder)],
                             capture_output=True, text=True, timeout=60,
                             env={**os.environ, "QUIZAPP_CLASS_PASSWORD": password})
        assert cli.returncode == 1 and cli.stdout == ""
        assert cli.stderr.count("\n") == 1 and "not reachable" in cli.stderr and "7 answer(s) wait" in cli.stderr
    finally:
        classdb.pg.restart()
    later = ada.push(url, password)
    assert later.ok and (later.sent, later.added) == (7, 7)
    assert len(_server_uids(classdb)) == 17


def test_an_answer_undone_after_the_push_makes_the_next_push_offer_everything(classdb, student_at):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    url = classdb.student_url(login)
    with StudyService.open(ada.folder, ada.clock) as svc:
        session = svc.start_session(ada.questions, seed=1)
        from quizapp.bank.grading import grade

        for qid in ("q1", "q2"):
            session.answer(qid, 0, grade(ada.questions[qid], 0), 3, 1000)
        assert push_answers(svc.store, url, password=password).added == 2
        session.undo()  # the marked row goes; the next answer takes its id
        session.answer("q3", 0, grade(ada.questions["q3"], 0), 3, 1000)
        result = push_answers(svc.store, url, password=password)
    assert (result.sent, result.added) == (2, 1)  # everything offered again; only the new answer was missing
    assert len(_server_uids(classdb)) == 3  # the undone answer stays on the server (docs/class.md says so)


def test_a_class_set_up_anew_gets_everything_again(classdb, student_at):
    from quizapp.store.classdb.classes import init_class

    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(12)
    url = classdb.student_url(login)
    assert ada.push(url, password).added == 12
    classdb.scalar("DROP SCHEMA quizclass CASCADE")
    engine = classdb.engine()
    try:
        init_class(engine, classdb.database)
    finally:
        engine.dispose()
    classdb.scalar(f"INSERT INTO quizclass.students (login, name) VALUES ('{login}', 'Ada')")
    result = ada.push(url, password)
    assert (result.sent, result.added) == (12, 12)


def test_pushing_while_the_app_holds_the_folder_still_works(classdb, student_at):
    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(4)
    app = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom quizapp.study import StudyService\n"
                            f"s = StudyService.open({str(ada.folder)!r}); print('open', flush=True); time.sleep(60)"],
                           stdout=subprocess.PIPE, text=True)
    try:
        assert app.stdout.readline().strip() == "open"
        cli = subprocess.run([sys.executable, "-m", "quizapp", "class", "push", classdb.student_url(login),
                              "--data-dir", str(ada.folder)], capture_output=True, text=True, timeout=60,
                             env={**os.environ, "QUIZAPP_CLASS_PASSWORD": password})
    finally:
        app.kill()
        app.wait()
    assert cli.returncode == 0 and cli.stdout.startswith("pushed 4 answer(s)")
    assert "could not note the push" in cli.stderr
    assert len(_server_uids(classdb)) == 4


def test_a_push_through_on_store_touches_the_store_only_on_its_thread(classdb, student_at):
    """The app's way: the push waits on the network on one thread, the store is used on its own worker."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    login, password = classdb.add_student("Ada")
    ada = student_at("ada")
    ada.answer_many(25)
    used_on: set[int] = set()
    with StudyService.open(ada.folder, ada.clock) as svc, ThreadPoolExecutor(1) as worker:
        worker_id = worker.submit(threading.get_ident).result()
        svc.store.conn.set_trace_callback(lambda _sql: used_on.add(threading.get_ident()))
        hops = []

        def on_store(fn):
            hops.append(fn)
            return worker.submit(fn).result()

        result = push_answers(svc.store, classdb.student_url(login), password=password, batch=10, on_store=on_store)
        svc.store.conn.set_trace_callback(None)
        assert result.ok and (result.sent, result.added) == (25, 25)
        assert used_on == {worker_id}  # every read and every mark on the store's own thread
        assert len(hops) == 2 + 1 + 3  # mark, start, first batch, then a mark and the next read per batch
        assert waiting(svc.store, classdb.student_url(login)) == 0


@pytest.fixture(autouse=True)
def _no_real_keyring(monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    monkeypatch.delenv("QUIZAPP_CLASS_PASSWORD", raising=False)
    return FakeClock
