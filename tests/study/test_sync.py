"""Banks change under the student's progress: removed, reworded and renamed questions."""

from __future__ import annotations

import dataclasses

from quizapp.study import Rating, Selection


def _studied(service, questions, qid: str) -> None:
    s = service.start_session(questions, seed=0)
    while (item := s.next()).question_id != qid:
        s.forget(item.question_id)
    s.answer(qid, True, None, Rating.Easy, 1000)


def test_a_removed_question_keeps_its_history_and_comes_back_with_it(service, questions):
    _studied(service, questions, "q000")
    fewer = {k: v for k, v in questions.items() if k != "q000"}
    report = service.sync(fewer)
    assert report.deactivated == ["q000"]
    assert service.totals().total == 39
    assert "q000" not in [service.start_session(fewer).next().question_id]
    report = service.sync(questions)
    assert report.reactivated == ["q000"]
    assert service.card("q000").srs.reps == 1


def test_a_reworded_question_keeps_its_schedule_but_is_flagged(service, questions):
    _studied(service, questions, "q000")
    due = service.card("q000").srs.due
    changed = dict(questions)
    q = dataclasses.replace(questions["q000"], back="A corrected answer")
    q.content_hash = q.compute_hash()
    changed["q000"] = q
    report = service.sync(changed)
    assert report.changed == ["q000"]
    card = service.card("q000")
    assert card.flagged and card.flag_reason == "content changed" and card.srs.due == due
    # A reworded question nobody studied yet is just updated.
    q1 = dataclasses.replace(questions["q001"], back="Other")
    q1.content_hash = q1.compute_hash()
    assert service.sync({**changed, "q001": q1}).changed == []


def test_replaces_moves_card_and_log_to_the_new_id(service, questions):
    _studied(service, questions, "q000")
    renamed = {k: v for k, v in questions.items() if k != "q000"}
    new = dataclasses.replace(questions["q000"], id="ketamine-pk-1", replaces=("q000",))
    renamed[new.id] = new
    report = service.sync(renamed)
    assert report.renamed == {"q000": "ketamine-pk-1"}
    assert service.card("ketamine-pk-1").srs.reps == 1
    assert service.card("q000") is None
    log_ids = {r[0] for r in service.store.conn.execute("SELECT question_id FROM review_log")}
    assert log_ids == {"ketamine-pk-1"}


def test_topic_and_tag_changes_follow_the_bank(service, questions):
    moved = dict(questions)
    moved["q000"] = dataclasses.replace(questions["q000"], topic="history", tags=("new-tag",))
    report = service.sync(moved)
    assert report.updated == 1 and not report.changed
    assert service.counts()["history"].total == 1
    s = service.start_session(moved, Selection.of(tags=["new-tag"]))
    assert s.next().question_id == "q000" and s.next() is None
