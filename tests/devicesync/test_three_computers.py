"""Three computers through one folder: every answer once on each, the same cards, whichever syncs when."""

from __future__ import annotations

import random

import pytest

from quizapp.study import Rating


@pytest.mark.parametrize("seed", range(4))
def test_three_computers_studying_the_same_questions_converge(computers, sync_dir, questions, seed):
    rng = random.Random(seed)
    devices = [computers("laptop"), computers("desktop", skew_minutes=-4), computers("library", skew_minutes=7)]
    given: set[str] = set()
    ids = sorted(questions)
    for _ in range(40):
        d = rng.choice(devices)
        roll = rng.random()
        if roll < 0.6:
            given.add(d.answer(rng.choice(ids), rng.choice(list(Rating)), seconds=rng.randint(5, 4000)))
        elif roll < 0.7 and (uid := d.undo()) is not None:
            given.discard(uid)
        elif roll < 0.75:
            d.service.suspend(rng.choice(ids)) if rng.random() < 0.5 else d.service.unsuspend(rng.choice(ids))
        else:
            d.sync(sync_dir)
    for _ in range(2):
        for d in devices:
            d.sync(sync_dir)
    states = [d.state() for d in devices]
    assert states[0] == states[1] == states[2]
    for d in devices:
        uids = d.uids()
        assert sorted(uids) == sorted(given) and len(set(uids)) == len(uids)
    # A fourth computer that only now joins computes every card from scratch: the same again.
    newcomer = computers("newcomer")
    newcomer.sync(sync_dir)
    assert newcomer.state()["cards"] == states[0]["cards"] and newcomer.state()["log"] == states[0]["log"]


def test_a_computer_that_was_away_catches_up_with_both_others(computers, sync_dir):
    laptop, desktop, library = computers("laptop"), computers("desktop"), computers("library")
    for day in range(5):
        laptop.answer(f"q0{day % 3}")
        desktop.answer(f"q0{3 + day % 3}")
        laptop.sync(sync_dir)
        desktop.sync(sync_dir)
        for d in (laptop, desktop, library):
            d.clock.advance(days=1)
    library.answer("q00", Rating.Again)
    result = library.sync(sync_dir)
    assert sum(result.merged.values()) == 10
    laptop.sync(sync_dir)
    desktop.sync(sync_dir)
    assert laptop.state() == desktop.state() == library.state()
    assert laptop.service.card("q00").srs.reps == 3
