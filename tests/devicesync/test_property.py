"""Property: any interleaving of answers, undos, card actions, settings changes and syncs on three computers
never loses or doubles an answer, and two rounds of syncs leave all three with the same cards and logs."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_helpers import START, Device, make_questions

from quizapp.store.store import DB_NAME
from quizapp.study import FakeClock

QUESTIONS = make_questions(5)  # few, so the computers often answer the same ones
IDS = sorted(QUESTIONS)
DEVICES = 3

op = st.one_of(
    st.tuples(st.just("answer"), st.integers(0, DEVICES - 1), st.sampled_from(IDS), st.integers(1, 4),
              st.integers(1, 3 * 86400)),
    st.tuples(st.just("undo"), st.integers(0, DEVICES - 1)),
    st.tuples(st.just("sync"), st.integers(0, DEVICES - 1)),
    st.tuples(st.just("card"), st.integers(0, DEVICES - 1), st.sampled_from(IDS),
              st.sampled_from(["suspend", "unsuspend", "bury", "flag", "unflag"])),
    st.tuples(st.just("retention"), st.integers(0, DEVICES - 1), st.sampled_from([0.8, 0.85, 0.9, 0.95])),
    st.tuples(st.just("wait"), st.integers(0, DEVICES - 1), st.integers(60, 5 * 86400)),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(op, max_size=40), skews=st.lists(st.integers(-15, 15), min_size=DEVICES, max_size=DEVICES))
def test_random_interleavings_never_lose_or_double_an_answer_and_converge(template, ops, skews):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "Sync"
        folder.mkdir()
        devices = []
        for i, skew in enumerate(skews):
            (root / f"d{i}").mkdir()
            shutil.copy(template, root / f"d{i}" / DB_NAME)
            devices.append(Device(root / f"d{i}", QUESTIONS, FakeClock(START + timedelta(minutes=skew))))
        try:
            given_: set[str] = set()
            for o in ops:
                d = devices[o[1]]
                if o[0] == "answer":
                    given_.add(d.answer(o[2], o[3], seconds=o[4]))
                elif o[0] == "undo" and (uid := d.undo()) is not None:
                    given_.discard(uid)
                elif o[0] == "sync":
                    d.sync(folder)
                elif o[0] == "card":
                    getattr(d.service, o[3])(o[2])
                elif o[0] == "retention":
                    d.service.settings.set("desired_retention", o[2])
                elif o[0] == "wait":
                    d.clock.advance(seconds=o[2])
            for _ in range(2):
                for d in devices:
                    d.sync(folder)
            states = [d.state() for d in devices]
            for d in devices:
                uids = d.uids()
                assert len(uids) == len(set(uids)) and set(uids) == given_
            assert states[1] == states[0] and states[2] == states[0]
            again = [d.sync(folder) for d in devices]
            assert all(r.wrote == 0 and not r.changed for r in again)
            assert [d.state() for d in devices] == states
        finally:
            for d in devices:
                d.close()
