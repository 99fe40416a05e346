"""New cards interleave topics by default, and sibling questions (one fact asked twice) are kept apart:
one of them a day, the others buried for the day once it is answered, as Anki buries siblings."""

from __future__ import annotations

from datetime import timedelta

from quizapp.bank.model import Question
from quizapp.bank.types.flashcard import Flashcard
from quizapp.study import Rating, StudyService
from quizapp.study.settings import SPECS


def _bank(topics: tuple[str, ...] = ("adverse", "chemistry", "history"), per_topic: int = 6,
          facts: dict[str, str] | None = None) -> dict[str, Question]:
    """Questions written bank after bank: every question of the first topic, then the next topic's."""
    out: dict[str, Question] = {}
    for topic in topics:
        for i in range(per_topic):
            qid = f"{topic}-{i}"
            q = Flashcard(id=qid, prompt=f"{topic} question {i}", back="b", topic=topic,
                          fact=(facts or {}).get(qid, ""))
            q.content_hash = q.compute_hash()
            out[qid] = q
    return out


def _shown(session, n: int) -> list[str]:
    out = []
    for _ in range(n):
        item = session.next()
        if item is None:
            break
        out.append(item.question_id)
        session.answer(item.question_id, True, None, Rating.Easy, 3000)
    return out


def _open(tmp_path, clock, questions, name: str = "d") -> StudyService:
    svc = StudyService.open(tmp_path / name, clock)
    svc.settings.set("fuzz", False)
    svc.sync(questions)
    return svc


def test_new_cards_take_the_topics_in_turn_by_default(tmp_path, clock) -> None:
    questions = _bank()
    assert SPECS["new_order"].default == "interleaved"
    with _open(tmp_path, clock, questions) as svc:
        shown = _shown(svc.start_session(questions, seed=1), 6)
    assert [qid.rsplit("-", 1)[0] for qid in shown] == ["adverse", "chemistry", "history"] * 2
    assert shown[:3] == ["adverse-0", "chemistry-0", "history-0"]  # each topic still in bank order


def test_bank_order_can_still_be_chosen(tmp_path, clock) -> None:
    questions = _bank()
    with _open(tmp_path, clock, questions) as svc:
        svc.settings.set("new_order", "bank")
        assert _shown(svc.start_session(questions, seed=1), 3) == ["adverse-0", "adverse-1", "adverse-2"]


def test_siblings_are_not_both_new_on_one_day_and_the_other_comes_the_next(tmp_path, clock) -> None:
    questions = _bank(facts={"adverse-0": "eye-signs", "adverse-1": "eye-signs", "history-3": "eye-signs"})
    with _open(tmp_path, clock, questions) as svc:
        session = svc.start_session(questions, seed=1)
        assert session.remaining.new == 16  # 18 questions, two of them siblings of a third
        shown = _shown(session, 20)
        assert "adverse-0" in shown and "adverse-1" not in shown and "history-3" not in shown
        card = svc.card("adverse-1")
        assert card is not None and card.buried_until > 0  # buried for the day once its sibling was answered
        clock.advance(days=1)
        tomorrow = _shown(svc.start_session(questions, seed=1), 20)
        assert "adverse-1" in tomorrow and "history-3" not in tomorrow  # one sibling a day


def test_answering_a_review_buries_its_due_siblings(tmp_path, clock) -> None:
    questions = _bank(topics=("a",), per_topic=3, facts={"a-0": "f", "a-2": "f"})
    with _open(tmp_path, clock, questions) as svc:
        svc.settings.set("new_order", "bank")
        _shown(svc.start_session(questions, seed=1), 5)  # a-0 and a-1 learnt; a-2 buried
        clock.advance(days=2)
        _shown(svc.start_session(questions, seed=1), 5)  # a-2 learnt today (a-0 is not due yet)
        clock.advance(days=60)  # all three due now
        session = svc.start_session(questions, seed=1)
        assert session.remaining.review == 2  # a-0 or a-2, not both, plus a-1
        shown = _shown(session, 5)
        assert len({"a-0", "a-2"} & set(shown)) == 1


def test_undo_brings_back_the_siblings_an_answer_buried(tmp_path, clock) -> None:
    questions = _bank(topics=("a",), per_topic=3, facts={"a-0": "f", "a-1": "f"})
    with _open(tmp_path, clock, questions) as svc:
        svc.settings.set("new_order", "bank")
        session = svc.start_session(questions, seed=1)
        item = session.next()
        assert item.question_id == "a-0"
        session.answer("a-0", True, None, Rating.Easy, 3000)
        assert svc.card("a-1").buried_until > 0
        session.undo()
        assert svc.card("a-1").buried_until == 0
        assert session.next().question_id == "a-0"
        clock.advance(timedelta(minutes=1))
        assert svc.start_session(questions).remaining.new == 2  # a-0 and a-2: a-1 is a-0's sibling again

