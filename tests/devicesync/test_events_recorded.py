"""What the study layer records for the sync, and what migration 0005 makes of an existing database."""

from __future__ import annotations

import json
import sqlite3
import uuid
from datetime import UTC, datetime

import pytest

from quizapp.store.connection import connect
from quizapp.store.migrate import upgrade
from quizapp.store.store import Store, database_path
from quizapp.study import FakeClock, StudyService
from quizapp.study.settings import SPECS, coerce


def _events(device) -> list[tuple]:
    return device.service.store.conn.execute(
        "SELECT kind, question_id, ref, body FROM sync_events ORDER BY rowid").fetchall()


def test_card_actions_settings_and_undo_are_recorded_with_the_action(computers):
    d = computers("laptop")
    d.service.suspend("q00")
    d.service.bury("q01")
    d.service.flag("q02", "typo")
    d.service.unflag("q02")
    d.service.suspend("nope")  # no such card: nothing done, nothing recorded
    d.service.settings.set("new_per_day", 7)
    d.service.settings.set("theme", "dark")  # this computer's own: not recorded
    uid = d.answer("q03")
    d.undo()
    kinds = [(k, q, r) for k, q, r, _ in _events(d)]
    assert kinds == [("card", "q00", None), ("card", "q01", None), ("card", "q02", None), ("card", "q02", None),
                     ("setting", None, "new_per_day"), ("undo", "q03", uid)]
    bodies = [json.loads(b) for *_, b in _events(d)]
    assert bodies[0] == {"suspended": True} and bodies[2] == {"flag_reason": "typo", "flagged": True}
    assert bodies[3] == {"flag_reason": None, "flagged": False} and bodies[4] == {"value": 7}
    assert set(bodies[5]) == {"answered_at"}


def test_reset_topic_records_a_reset_for_each_of_its_cards(computers):
    d = computers("laptop")
    d.answer("q00")
    d.service.reset_topic("pk")
    resets = [q for k, q, _r, _b in _events(d) if k == "reset"]
    assert sorted(resets) == sorted(q for q, v in d.questions.items() if v.topic == "pk")


def test_the_sync_folder_setting_is_a_path_and_stays_on_this_computer():
    spec = SPECS["sync_folder"]
    assert spec.kind == "folder" and spec.group == "sync" and not spec.synced and spec.default == ""
    assert coerce(spec, "  ~/Sync  ") == "~/Sync"
    for bad in (3, None, "a\0b", "x" * 5000):
        with pytest.raises(ValueError, match="Sync folder"):
            coerce(spec, bad)
    assert {s.key for s in SPECS.values() if not s.synced} == {"sync_folder", "theme", "font_size", "backup_keep"}


def test_migration_0005_keeps_the_log_and_names_existing_exams(tmp_path):
    store = Store(tmp_path, connect(database_path(tmp_path)), verified=True)
    upgrade(store.engine, "0004")
    with store.transaction() as c:
        c.execute("INSERT INTO cards (question_id, topic) VALUES ('q1', 'pk')")
        c.execute("INSERT INTO review_log (question_id, reviewed_at, rating, state_before, card_before) "
                  "VALUES ('q1', 500, 3, 0, '{}')")
        c.executemany("INSERT INTO exam_attempts (started_at, finished_at) VALUES (?, ?)", [(1, 2), (3, None)])
    store.close()
    with StudyService.open(tmp_path, FakeClock(datetime(2025, 3, 10, tzinfo=UTC))) as service:
        conn = service.store.conn
        assert conn.execute("SELECT device FROM review_log").fetchall() == [(None,)]  # waiting to be written
        uids = [u for (u,) in conn.execute("SELECT uid FROM exam_attempts ORDER BY id")]
        assert len(set(uids)) == 2 and all(uuid.UUID(hex=u).version == 4 for u in uids)
        conn.execute("INSERT INTO exam_attempts (started_at) VALUES (9)")  # a writer that leaves uid out
        assert conn.execute("SELECT uid FROM exam_attempts WHERE started_at = 9").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("INSERT INTO exam_attempts (started_at, uid) VALUES (10, ?)", (uids[0],))
