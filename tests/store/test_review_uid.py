"""Every answer carries a uuid4 uid: set on each new answer, backfilled by migration 0004, kept by import."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.store import open_store
from quizapp.store.connection import connect
from quizapp.store.migrate import upgrade
from quizapp.store.store import Store, database_path
from quizapp.store.transfer import TransferError, apply_import, export_progress, plan_import, read_progress
from quizapp.study import FakeClock, Rating, StudyService

BANKS = Path(__file__).parent.parent / "bank" / "fixtures" / "valid"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))


def _is_uuid4_hex(text: str) -> bool:
    u = uuid.UUID(hex=text)
    return u.version == 4 and u.hex == text


def _uids(store: Store) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT uid FROM review_log ORDER BY id")]


def _study(service: StudyService, answers: int) -> None:
    questions = load_banks([BANKS]).questions
    service.sync(questions)
    session = service.start_session(questions, seed=1)
    for _ in range(answers):
        item = session.next()
        assert item is not None
        session.answer(item.question_id, True, grade(item.question, True), Rating.Good, 1500, True)


def test_migration_gives_every_old_answer_its_own_uuid4(tmp_path: Path, clock: FakeClock) -> None:
    store = Store(tmp_path, connect(database_path(tmp_path)), verified=True)
    upgrade(store.engine, "0003")
    with store.transaction() as c:
        c.executemany("INSERT INTO review_log (question_id, reviewed_at, rating, state_before, card_before) "
                      "VALUES (?, ?, 3, 0, '{}')", [(f"q{i % 7}", 1000 + i) for i in range(2000)])
    store.close()
    store = open_store(tmp_path, clock.now())
    try:
        uids = _uids(store)
        assert len(uids) == len(set(uids)) == 2000
        assert all(_is_uuid4_hex(u) for u in uids)
    finally:
        store.close()


def test_each_new_answer_gets_a_uid_and_a_forgetful_writer_too(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path, clock) as svc:
        _study(svc, 3)
        with svc.store.transaction() as c:  # a script that knows nothing of uids
            c.execute("INSERT INTO review_log (question_id, reviewed_at, rating, state_before, card_before) "
                      "VALUES ('x', 5, 3, 0, '{}')")
        uids = _uids(svc.store)
    assert len(set(uids)) == 4 and all(_is_uuid4_hex(u) for u in uids)


def test_import_keeps_the_files_uids_and_gives_old_files_new_ones(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 3)
        export_progress(a.store, tmp_path / "p.json", clock.now())
        mine = sorted(_uids(a.store))
    with StudyService.open(tmp_path / "b", clock) as b:
        data = read_progress(tmp_path / "p.json")
        apply_import(b.store, plan_import(b.store, data), clock.now())
        assert sorted(_uids(b.store)) == mine
        # the same answers under a renamed question id are still the same answers: nothing doubles
        b.store.conn.execute("UPDATE review_log SET question_id = question_id || '-renamed'")
        again = plan_import(b.store, data)
        assert again.new_events["review_log"] == []
    old = json.loads((tmp_path / "p.json").read_text())
    for r in old["review_log"]:
        del r["uid"]
    (tmp_path / "old.json").write_text(json.dumps(old))
    with StudyService.open(tmp_path / "c", clock) as c:
        apply_import(c.store, plan_import(c.store, read_progress(tmp_path / "old.json")), clock.now())
        uids = _uids(c.store)
        assert len(set(uids)) == 3 and all(_is_uuid4_hex(u) for u in uids) and not set(uids) & set(mine)


def test_a_malformed_uid_in_a_progress_file_is_refused_with_its_line(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 1)
        export_progress(a.store, tmp_path / "p.json", clock.now())
    data = json.loads((tmp_path / "p.json").read_text())
    data["review_log"][0]["uid"] = "not-a-uid"
    (tmp_path / "p.json").write_text(json.dumps(data, indent=1))
    with pytest.raises(TransferError, match=r"p\.json:\d+: review_log record 1: 'uid' must be 32 lower-case hex"):
        read_progress(tmp_path / "p.json")
