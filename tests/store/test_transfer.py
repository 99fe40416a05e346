"""Progress export/import: moves intact between two data folders; newer data kept unless allowed; backup first."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from quizapp.bank.grading import grade
from quizapp.bank.loader import load_banks
from quizapp.store.models import ExamAttempt
from quizapp.store.transfer import (
    IMPORT_BACKUP_PREFIX,
    TransferError,
    apply_import,
    export_progress,
    plan_import,
    read_progress,
)
from quizapp.study import Rating, StudyService
from quizapp.study.clock import FakeClock

BANKS = Path(__file__).parent.parent / "bank" / "fixtures" / "valid"


def _study(service: StudyService, answers: int, rating: Rating = Rating.Good) -> None:
    questions = load_banks([BANKS]).questions
    service.sync(questions)
    session = service.start_session(questions, seed=1)
    for _ in range(answers):
        item = session.next()
        assert item is not None
        session.answer(item.question_id, True, grade(item.question, True), rating, 1500, True)


def _tables(service: StudyService) -> dict[str, list[tuple]]:
    conn = service.store.conn
    out = {}
    for table, cols in {"cards": "*", "card_tags": "*", "settings": "*", "id_aliases": "*",
                        "review_log": "question_id, reviewed_at, rating, score, response, duration_ms, "
                                      "confident, state_before, card_before",
                        "exam_attempts": "started_at, finished_at, question_ids, responses, score",
                        "practice_log": "question_id, reviewed_at, rating, score, response, duration_ms, "
                                        "confident"}.items():
        out[table] = sorted(conn.execute(f"SELECT {cols} FROM {table}").fetchall(), key=repr)
    return out


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2025, 3, 3, 9, 0, tzinfo=UTC))


def test_progress_moves_between_two_data_folders_intact(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 4)
        a.settings.set("new_per_day", 7)
        a.flag("s-flash", "typo")
        with a.store.session() as orm:
            orm.add(ExamAttempt(started_at=1_741_000_000, finished_at=1_741_000_600, question_ids='["s-flash"]',
                                responses="{}", score=1.0, max_score=1.0, passed=True))
            orm.commit()
        counts = export_progress(a.store, tmp_path / "progress.json", clock.now())
        before = _tables(a)
    assert counts["review_log"] == 4 and counts["exam_attempts"] == 1
    with StudyService.open(tmp_path / "b", clock) as b:
        plan = plan_import(b.store, read_progress(tmp_path / "progress.json"))
        assert not plan.needs_permission
        backup = apply_import(b.store, plan, clock.now())
        assert backup.name.startswith(IMPORT_BACKUP_PREFIX) and backup.exists()
        assert _tables(b) == before
    with StudyService.open(tmp_path / "b", clock) as b:  # settings are read when the service opens
        assert b.settings.get("new_per_day") == 7
        assert b.card("s-flash").flagged


def _practise(service: StudyService, question_ids: list[str], rating: Rating) -> None:
    """Practice-only custom study (quizapp/study/custom.py): answers logged apart, cards untouched."""
    from collections import deque

    from quizapp.study.custom import PracticeSession
    from quizapp.study.queues import Queues

    questions = load_banks([BANKS]).questions
    service.sync(questions)
    session = PracticeSession(service.store, service.srs(), questions, Queues(reviews=deque(question_ids)),
                              clock=service.clock.now, day_end=int(service.clock.now().timestamp()) + 86400, seed=1)
    for qid in question_ids:
        item = session.next()
        assert item is not None and item.question_id == qid
        session.answer(qid, True, grade(item.question, True), rating, 2500)


def test_practice_answers_move_with_the_progress_and_only_once(tmp_path: Path, clock: FakeClock) -> None:
    from quizapp.study.card_info import card_info

    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 2)
        _practise(a, ["s-flash"], Rating.Hard)
        counts = export_progress(a.store, tmp_path / "p.json", clock.now())
        before = _tables(a)
    assert counts["practice_log"] == 1 and before["practice_log"]
    with StudyService.open(tmp_path / "b", clock) as b:
        data = read_progress(tmp_path / "p.json")
        plan = plan_import(b.store, data)
        assert "1 practice answer(s)" in plan.summary()
        apply_import(b.store, plan, clock.now())
        assert _tables(b)["practice_log"] == before["practice_log"]
        info = card_info(b, "s-flash")
        assert info is not None and [a.practice for a in info.answers].count(True) == 1
        again = plan_import(b.store, data)
        assert again.new_events["practice_log"] == []
        apply_import(b.store, again, clock.now())
        assert _tables(b)["practice_log"] == before["practice_log"]


def test_a_malformed_practice_answer_is_refused_at_its_line(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _practise(a, ["s-flash"], Rating.Good)
        export_progress(a.store, tmp_path / "p.json", clock.now())
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    data["practice_log"][0]["rating"] = 9
    (tmp_path / "p.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    with pytest.raises(TransferError) as info:
        read_progress(tmp_path / "p.json", clock.now())
    assert "practice_log record 1: 'rating' must be from 1 to 4 (got 9)" in info.value.message
    assert "p.json:" in info.value.message


def test_importing_twice_adds_nothing(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 3)
        export_progress(a.store, tmp_path / "p.json", clock.now())
    with StudyService.open(tmp_path / "b", clock) as b:
        data = read_progress(tmp_path / "p.json")
        apply_import(b.store, plan_import(b.store, data), clock.now())
        first = _tables(b)
        again = plan_import(b.store, data)
        assert again.new_cards == again.updated_cards == [] and again.new_events["review_log"] == []
        apply_import(b.store, again, clock.now())
        assert _tables(b) == first


def test_newer_local_progress_is_kept_unless_the_student_agrees(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 2)
        export_progress(a.store, tmp_path / "old.json", clock.now())
        clock.advance(days=3)
        _study(a, 2, Rating.Again)  # the same computer goes on studying after the export
        later = _tables(a)
        plan = plan_import(a.store, read_progress(tmp_path / "old.json"))
        assert plan.needs_permission and plan.newer_cards_here
        assert "not older than the file's" in plan.summary()
        backup = apply_import(a.store, plan, clock.now())
        assert _tables(a) == later  # nothing newer was overwritten
        assert backup.exists()
        apply_import(a.store, plan, clock.now(), replace_newer=True)  # the student said yes
        old = {c["question_id"]: c for c in read_progress(tmp_path / "old.json")["cards"]}
        for qid in plan.newer_cards_here:
            card = a.card(qid)
            assert card is not None and card.srs.reps == old[qid]["reps"] < later_reps(later, qid)
    assert len(list((tmp_path / "a" / "backups").glob(f"{IMPORT_BACKUP_PREFIX}*"))) == 2


def later_reps(tables: dict[str, list[tuple]], qid: str) -> int:
    return sum(1 for row in tables["review_log"] if row[0] == qid)


def test_a_file_that_is_not_progress_is_refused_plainly(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    for text, message in [("{", "damaged"), ('{"format": "other"}', "not a quizapp progress file"),
                          ('{"format": "quizapp-progress", "version": 99}', "newer quizapp"),
                          ('{"format": "quizapp-progress", "version": 1, "schema": "9999"}', "newer quizapp"),
                          ('{"format": "quizapp-progress", "version": 1, "cards": [{"x": 1}]}', "no question id")]:
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(TransferError) as info:
            read_progress(bad)
        assert message in info.value.message


def test_export_is_readable_json(tmp_path: Path, clock: FakeClock) -> None:
    with StudyService.open(tmp_path / "a", clock) as a:
        _study(a, 1)
        export_progress(a.store, tmp_path / "p.json", clock.now())
    data = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert data["format"] == "quizapp-progress" and data["exported_at"].startswith("2025-03-03")
    assert {"cards", "review_log", "exam_attempts", "practice_log", "settings", "card_tags", "id_aliases"} <= set(data)


def test_cli_moves_progress_between_data_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from quizapp.cli import main

    with StudyService.open(tmp_path / "a") as a:
        _study(a, 2)
        before = _tables(a)
    out = tmp_path / "p.json"
    assert main(["--data-dir", str(tmp_path / "a"), "progress-export", "-o", str(out)]) == 0
    assert main(["--data-dir", str(tmp_path / "b"), "progress-import", str(out)]) == 0
    assert "imported; the database as it was before is in" in capsys.readouterr().out
    with StudyService.open(tmp_path / "b") as b:
        assert _tables(b) == before
