"""Custom study over a search: answers either reschedule (reviewing ahead with the real elapsed time)
or are practice only (logged apart, cards untouched)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from search_bank import load_and_sync, write_banks

from quizapp.srs.scheduling import NEW, CardState
from quizapp.study import FakeClock, Rating, StudyService
from quizapp.study.custom import PRESETS, CustomStudy, PracticeSession, custom_ids, start_custom
from quizapp.study.search import Search, SearchError


@pytest.fixture
def env(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[StudyService, Search, dict]]:
    data = tmp_path / "data"
    service = StudyService.open(data, clock)
    service.settings.set("fuzz", False)
    search = Search(data)
    loaded = load_and_sync(service, search, write_banks(tmp_path / "banks"), data)
    yield service, search, loaded.questions
    search.close()
    service.close()


def _drain(session, rating: Rating = Rating.Good) -> list[str]:
    shown = []
    while (item := session.next()) is not None:
        shown.append(item.question_id)
        session.answer(item.question_id, True, None, rating, 3000)
    return shown


def test_a_session_shows_what_the_search_finds_up_to_the_limit(env) -> None:
    service, search, questions = env
    session = start_custom(service, questions, search, CustomStudy("topic:pain"))
    assert sorted(_drain(session)[:4]) == ["pain-001", "pain-002", "pain-003", "pain-004"]
    assert custom_ids(service, search, CustomStudy("ketamine", limit=2), questions) == ["pain-001", "pain-002"]


def test_suspended_and_buried_cards_are_left_out(env) -> None:
    service, search, questions = env
    service.suspend("pain-001")
    service.bury("pain-002")
    assert custom_ids(service, search, CustomStudy("topic:pain"), questions) == ["pain-003", "pain-004"]


def test_a_malformed_query_starts_nothing(env) -> None:
    service, search, questions = env
    with pytest.raises(SearchError, match="Column 1"):
        start_custom(service, questions, search, CustomStudy("(topic:pain"))


def test_studying_ahead_reschedules_with_fsrs_and_the_real_elapsed_time(env, clock) -> None:
    service, search, questions = env
    normal = service.start_session(questions)
    normal.answer("psy-001", True, None, Rating.Easy, 2000)  # a review card, due in some days
    card = service.card("psy-001").srs
    assert card.due > int(clock.now().timestamp()) + 86400
    clock.advance(days=1)
    session = start_custom(service, questions, search, CustomStudy("id:psy-001"))
    assert session.next().question_id == "psy-001"
    outcome = session.answer("psy-001", True, None, Rating.Good, 2000)
    expected = service.srs().review(card, Rating.Good, clock.now(), seed="psy-001")  # one day elapsed
    assert service.card("psy-001").srs == expected and not outcome.practice
    assert service.today() == (0, 1)  # a review like any other: it counts for today


def test_practice_answers_are_logged_apart_and_move_no_card(env, clock) -> None:
    service, search, questions = env
    service.start_session(questions).answer("psy-002", False, None, Rating.Easy, 2000)
    before = {qid: service.card(qid) for qid in questions}
    session = start_custom(service, questions, search, CustomStudy("topic:psych", reschedule=False))
    assert isinstance(session, PracticeSession) and session.intervals("psy-002") == {}
    shown = _drain(session, Rating.Hard)
    assert sorted(shown) == ["psy-001", "psy-002", "psy-003", "psy-004"]
    assert {qid: service.card(qid) for qid in questions} == before
    conn = service.store.conn
    assert conn.execute("SELECT COUNT(*) FROM practice_log").fetchone() == (4,)
    assert conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (1,)
    assert service.today() == (1, 0)  # practice does not count against the daily limits


def test_a_practice_card_answered_again_comes_back_once_more(env) -> None:
    service, search, questions = env
    session = start_custom(service, questions, search, CustomStudy("id:pain-001,pain-002", reschedule=False))
    first = session.next()
    session.answer(first.question_id, True, None, Rating.Again, 1000)
    rest = _drain(session)
    assert rest[-1] == first.question_id and len(rest) == 2


def test_undo_takes_back_a_practice_answer(env) -> None:
    service, search, questions = env
    session = start_custom(service, questions, search, CustomStudy("id:pain-003", reschedule=False))
    item = session.next()
    session.answer(item.question_id, ["x"], None, Rating.Again, 1000)
    assert session.undo() == "pain-003"
    assert service.store.conn.execute("SELECT COUNT(*) FROM practice_log").fetchone() == (0,)
    assert session.next().question_id == "pain-003" and session.answered == 0
    assert service.card("pain-003").srs == CardState(state=NEW)


def test_the_presets_are_valid_queries(env) -> None:
    service, search, questions = env
    for name, query in PRESETS.items():
        ids = custom_ids(service, search, CustomStudy(query.format(topic="pain")), questions)
        assert isinstance(ids, list), name
    service.start_session(questions).answer("pain-001", 0, None, Rating.Again, 1000)
    mistakes = custom_ids(service, search, CustomStudy(PRESETS["Today's mistakes"]), questions)
    assert mistakes == ["pain-001"]
