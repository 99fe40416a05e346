"""Two computers, one sync folder: answers on both (the same question too) converge, whatever the order."""

from __future__ import annotations

import itertools
import json

import pytest
from sync_helpers import folder_files

from quizapp.study import Rating
from quizapp.study.devicesync.folder import ROOT


def _study(laptop, desktop) -> tuple[list[str], list[str]]:
    """Both answer q00 and q01 (the same questions), and one each of their own."""
    a = [laptop.answer("q00", Rating.Good), laptop.answer("q01", Rating.Again), laptop.answer("q02", Rating.Easy)]
    b = [desktop.answer("q00", Rating.Hard), desktop.answer("q01", Rating.Good), desktop.answer("q03", Rating.Good)]
    return a, b


@pytest.mark.parametrize("order", ["ab", "ba", "aba", "bab", "abab", "baab"])
def test_answers_on_both_computers_converge_whatever_order_the_syncs_come_in(computers, sync_dir, order):
    laptop, desktop = computers("laptop"), computers("desktop", skew_minutes=3)
    a, b = _study(laptop, desktop)
    device = {"a": laptop, "b": desktop}
    for name in order:
        device[name].sync(sync_dir)
    for name in "ab":  # whatever happened before, one more round each
        device[name].sync(sync_dir)
    assert sorted(laptop.uids()) == sorted(desktop.uids()) == sorted(a + b)
    assert laptop.state() == desktop.state()
    q00 = laptop.service.card("q00")
    assert q00.srs.reps == 2  # both answers to the same question count, in time order


def test_the_merged_state_is_what_studying_all_the_answers_on_one_computer_gives(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    one = computers("one")
    # The same answers at the same times, all given on one computer: the truth the merge must reach.
    laptop.answer("q00", Rating.Good, seconds=0)
    desktop.clock.advance(seconds=60)
    desktop.answer("q00", Rating.Again, seconds=0)
    laptop.clock.advance(days=3)
    laptop.answer("q00", Rating.Good, seconds=0)
    one.answer("q00", Rating.Good, seconds=60)
    one.answer("q00", Rating.Again, seconds=3 * 86400 - 60)
    one.answer("q00", Rating.Good, seconds=0)
    for d in (laptop, desktop, laptop):
        d.sync(sync_dir)
    expected = one.service.card("q00")
    for d in (laptop, desktop):
        card = d.service.card("q00")
        assert card.srs == expected.srs and card.leech == expected.leech


def test_a_second_round_changes_nothing(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    _study(laptop, desktop)
    laptop.service.suspend("q04")
    desktop.service.settings.set("new_per_day", 5)
    for d in (laptop, desktop, laptop, desktop):
        d.sync(sync_dir)
    states = (laptop.state(), desktop.state())
    files = folder_files(sync_dir)
    again = [d.sync(sync_dir) for d in (laptop, desktop, laptop)]
    assert all(r.wrote == 0 and not r.changed and r.files_merged == 0 for r in again)
    assert (laptop.state(), desktop.state()) == states
    assert folder_files(sync_dir) == files


def test_an_undo_on_one_computer_takes_the_answer_back_on_the_other(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    kept = laptop.answer("q00")
    taken_back = laptop.answer("q01")
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    assert taken_back in desktop.uids()
    assert laptop.undo() == taken_back
    laptop.sync(sync_dir)
    result = desktop.sync(sync_dir)
    assert result.removed == 1
    assert sorted(desktop.uids()) == sorted(laptop.uids()) == [kept]
    assert desktop.service.card("q01").srs.reps == 0 and laptop.state() == desktop.state()
    # The answer's segment is still in the folder: a computer that reads it only now never gets the answer.
    late = computers("late")
    late.sync(sync_dir)
    assert late.uids() == [kept] and late.state()["cards"] == laptop.state()["cards"]


def test_an_answer_undone_before_it_was_synced_never_reaches_the_other_computer(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.answer("q00")
    laptop.undo()
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    assert desktop.uids() == [] and desktop.service.card("q00").srs.reps == 0


def test_suspend_bury_and_flag_reach_the_other_computer_and_the_newest_wins(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop", skew_minutes=1)
    laptop.service.suspend("q00")
    laptop.service.flag("q01", "wrong key?")
    laptop.service.bury("q02")
    desktop.service.unsuspend("q00")  # a minute later on the desktop's clock: it wins
    for d in (laptop, desktop, laptop):
        d.sync(sync_dir)
    for d in (laptop, desktop):
        assert not d.service.card("q00").suspended
        card = d.service.card("q01")
        assert card.flagged and card.flag_reason == "wrong key?"
        assert d.service.card("q02").buried_until > 0
    assert laptop.state() == desktop.state()


def test_settings_take_the_newest_change_and_appearance_stays_on_each_computer(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.service.settings.set("desired_retention", 0.8)
    desktop.clock.advance(minutes=5)
    desktop.service.settings.set("desired_retention", 0.85)
    desktop.service.settings.set("theme", "dark")
    laptop.service.settings.set("sync_folder", str(sync_dir))
    for d in (laptop, desktop, laptop):
        d.sync(sync_dir)
    assert laptop.service.settings.get("desired_retention") == desktop.service.settings.get("desired_retention") == 0.85
    assert laptop.service.settings.get("theme") == "system" and desktop.service.settings.get("sync_folder") == ""


def test_a_settings_change_applies_from_its_time_on_not_to_the_past(computers, sync_dir):
    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.answer("q00", Rating.Good)
    laptop.clock.advance(days=2)
    laptop.answer("q00", Rating.Good)
    laptop.sync(sync_dir)
    before = laptop.service.card("q00").srs
    desktop.clock.advance(days=3)  # after both answers: the card keeps its schedule
    desktop.service.settings.set("desired_retention", 0.75)
    desktop.sync(sync_dir)
    laptop.sync(sync_dir)
    assert laptop.service.card("q00").srs == before == desktop.service.card("q00").srs
    laptop.clock.advance(days=3)
    laptop.answer("q00", Rating.Good)  # under the new retention, on both
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    assert laptop.state() == desktop.state()


def test_answers_to_a_question_the_other_computer_does_not_have_are_kept_until_its_bank_arrives(
        computers, sync_dir, questions):
    fewer = {k: v for k, v in questions.items() if k != "q07"}
    laptop, desktop = computers("laptop"), computers("desktop", bank=fewer)
    laptop.answer("q07", Rating.Good)
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    card = desktop.service.card("q07")
    assert card is not None and not card.active and card.srs.reps == 1
    report = desktop.service.sync(questions)  # the bank arrives: the card is back, not flagged as reworded
    assert report.reactivated == ["q07"] and report.changed == []
    assert desktop.service.card("q07").srs == laptop.service.card("q07").srs


def test_the_folder_holds_progress_only_never_question_text(computers, sync_dir, questions):
    laptop = computers("laptop")
    laptop.answer("q00")
    laptop.service.flag("q01")
    laptop.sync(sync_dir)
    [segment] = [p for p in (sync_dir / ROOT).rglob("*") if p.is_file()]
    import gzip

    text = gzip.decompress(segment.read_bytes()).decode()
    for q in questions.values():
        assert q.prompt not in text and q.back not in text
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines[0]["format"] == "quizapp-sync" and lines[-1]["end"] == len(lines) - 2
    kinds = {e["kind"] for e in lines[1:-1]}
    assert kinds == {"answer", "card"}
    assert all({"id", "device", "at", "question", "hash"} <= set(e) for e in lines[1:-1])


@pytest.mark.parametrize("first", list(itertools.permutations("ab")))
def test_each_computer_writes_only_in_its_own_folder(computers, sync_dir, first):
    laptop, desktop = computers("laptop"), computers("desktop")
    _study(laptop, desktop)
    device = {"a": laptop, "b": desktop}
    results = [device[n].sync(sync_dir) for n in first]
    dirs = sorted(p.name for p in (sync_dir / ROOT).iterdir())
    assert dirs == sorted(r.device for r in results)
    for r in results:
        assert all(p.parent.name == r.device for p in r.written)


def test_browse_bulk_actions_and_their_undo_reach_the_other_computer(computers, sync_dir):
    from quizapp.study.bulk import CardEditor

    laptop, desktop = computers("laptop"), computers("desktop")
    laptop.answer("q03")
    editor = CardEditor(laptop.service)
    editor.apply("suspend", ["q00", "q01"])
    editor.apply("flag", ["q02"], reason="check the key")
    editor.apply("flag", ["q01"], reason="typo")
    editor.undo()  # the flag on q01 is taken back: the other computer must not see it either
    editor.apply("reset", ["q03"])
    for d in (laptop, desktop, laptop):
        d.sync(sync_dir)
    for d in (laptop, desktop):
        assert d.service.card("q00").suspended and d.service.card("q01").suspended
        assert d.service.card("q02").flagged and d.service.card("q02").flag_reason == "check the key"
        assert not d.service.card("q01").flagged
        assert d.service.card("q03").srs.reps == 0  # reset, though its answer stays in the log
    assert laptop.state() == desktop.state()
