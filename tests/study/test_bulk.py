"""Bulk card actions (the Browse window's): each one transaction, each undone exactly, nothing else disturbed."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from quizapp.srs.scheduling import NEW, REVIEW
from quizapp.study import Rating
from quizapp.study.bulk import CardEditor


def _studied(service, questions, ids: list[str], rating: Rating = Rating.Easy) -> None:
    session = service.start_session(questions)
    for qid in ids:
        session.answer(qid, True, None, rating, 2000)


def test_suspend_and_unsuspend_many_then_undo(service, questions) -> None:
    editor = CardEditor(service)
    ids = ["q000", "q001", "q002"]
    edit = editor.apply("suspend", ids)
    assert edit.changed == 3 and all(service.card(q).suspended for q in ids)
    assert service.totals().suspended == 3
    again = editor.apply("suspend", ids)  # already suspended: nothing changes, nothing to undo
    assert again.changed == 0 and editor.last is edit
    undone = editor.undo()
    assert (undone.action, undone.restored, undone.skipped) == ("suspend", 3, 0)
    assert not any(service.card(q).suspended for q in ids)
    assert editor.undo() is None


def test_bury_until_the_next_study_day_and_unbury(service, questions, clock) -> None:
    editor = CardEditor(service)
    editor.apply("bury", ["q003", "q004"])
    assert service.totals().buried == 2
    tomorrow_4am = datetime(2025, 3, 11, 4, 0, tzinfo=UTC)
    assert service.card("q003").buried_until == int(tomorrow_4am.timestamp())
    editor.apply("unbury", ["q003"])
    assert service.totals().buried == 1


def test_flag_keeps_an_existing_reason_and_unflag_clears_it(service) -> None:
    service.flag("q005", "content changed")
    editor = CardEditor(service)
    editor.apply("flag", ["q005", "q006"], reason="check wording")
    assert (service.card("q005").flag_reason, service.card("q006").flag_reason) == ("content changed", "check wording")
    editor.apply("unflag", ["q005", "q006"])
    assert not service.card("q005").flagged and service.card("q005").flag_reason is None
    editor.undo()
    assert service.card("q005").flag_reason == "content changed" and service.card("q006").flagged


def test_reset_makes_cards_new_keeps_the_log_and_undo_brings_the_schedule_back(service, questions) -> None:
    _studied(service, questions, ["q000", "q001"])
    before = {q: service.card(q) for q in ("q000", "q001")}
    editor = CardEditor(service)
    edit = editor.apply("reset", ["q000", "q001", "q002"])  # q002 is new already
    assert edit.changed == 2
    assert all(service.card(q).srs.state == NEW and service.card(q).srs.reps == 0 for q in ("q000", "q001"))
    assert service.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (2,)
    editor.undo()
    assert {q: service.card(q) for q in ("q000", "q001")} == before


def test_undo_leaves_alone_a_card_changed_again_since(service, questions) -> None:
    editor = CardEditor(service)
    editor.apply("reset", ["q000", "q001"])  # both new already: nothing to undo
    assert not editor.can_undo
    _studied(service, questions, ["q000", "q001"])
    editor.apply("reset", ["q000", "q001"])
    _studied(service, questions, ["q001"], Rating.Good)  # studied again after the reset
    answered = service.card("q001")
    undone = editor.undo()
    assert (undone.restored, undone.skipped) == (1, 1)
    assert service.card("q001") == answered  # the later answer is kept
    assert service.card("q000").srs.state == REVIEW


def test_reschedule_makes_cards_due_at_the_start_of_that_study_day(service, questions, clock) -> None:
    _studied(service, questions, ["q000"])
    editor = CardEditor(service)
    studied = service.card("q000").srs
    editor.apply("reschedule", ["q000", "q001"], day=date(2025, 3, 20))
    due = int(datetime(2025, 3, 20, 4, 0, tzinfo=UTC).timestamp())
    card = service.card("q000").srs
    assert (card.state, card.due, card.stability, card.reps) == (REVIEW, due, studied.stability, studied.reps)
    fresh = service.card("q001").srs  # never answered: given FSRS's first memory state
    assert fresh.state == REVIEW and fresh.due == due and fresh.stability > 0 and fresh.difficulty > 0
    clock.set(datetime(2025, 3, 20, 9, 0, tzinfo=UTC))
    assert service.totals().due == 2
    editor.undo()
    assert service.card("q001").srs.state == NEW


def test_reschedule_refuses_the_past_and_unknown_actions_are_errors(service) -> None:
    editor = CardEditor(service)
    with pytest.raises(ValueError, match="not to the past"):
        editor.apply("reschedule", ["q000"], day=date(2025, 3, 9))
    with pytest.raises(ValueError, match="needs the day"):
        editor.apply("reschedule", ["q000"])
    with pytest.raises(ValueError, match="unknown action 'delete'"):
        editor.apply("delete", ["q000"])
    assert not editor.can_undo


def test_an_action_on_every_card_skips_unknown_ids_and_undoes_as_a_whole(service, questions) -> None:
    ids = list(questions)
    editor = CardEditor(service)
    edit = editor.apply("suspend", [*ids, "not-a-card"])
    assert edit.asked == len(ids) + 1 and edit.changed == len(ids)
    assert service.totals().suspended == len(ids)
    editor.undo()
    assert service.totals().suspended == 0
