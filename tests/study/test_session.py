"""Sessions over simulated days: order, daily limits, rollover hour, due dates as FSRS schedules them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from quizapp.bank.grading import Result
from quizapp.study import FakeClock, Rating, Selection, StudyService


def test_new_cards_are_limited_per_day_and_the_limit_resets_at_the_rollover_hour(service, questions, clock, drain):
    service.settings.set("new_per_day", 5)
    first = service.start_session(questions, seed=1)
    assert first.remaining.new == 5
    shown = drain(first, Rating.Easy)
    assert len(shown) == 5 and first.done
    # Same study day (before 4 am): a new session offers no more new cards.
    clock.set(datetime(2025, 3, 11, 3, 59, tzinfo=UTC))
    assert service.start_session(questions).remaining.new == 0
    clock.set(datetime(2025, 3, 11, 4, 0, tzinfo=UTC))
    assert service.start_session(questions).remaining.new == 5
    assert service.today() == (0, 0)


def test_learning_cards_come_first_then_reviews_with_new_mixed_in(service, questions, clock, drain):
    service.settings.set("new_per_day", 4)
    s = service.start_session(questions, seed=3)
    drain(s, Rating.Easy)  # 4 cards straight to review
    clock.advance(days=30)
    s = service.start_session(questions, seed=3)
    assert (s.remaining.review, s.remaining.new) == (4, 4)
    item = s.next()
    s.answer(item.question_id, False, Result(0.0), Rating.Again, 5000)
    clock.advance(minutes=10)  # the failed card's step is over: it comes before anything else
    assert s.next().question_id == item.question_id


def test_the_same_seed_gives_the_same_order(tmp_path, questions, clock):
    orders = []
    for run in range(2):
        with StudyService.open(tmp_path / f"d{run}", FakeClock(clock.now())) as svc:
            svc.settings.set("new_order", "random")
            svc.sync(questions)
            s = svc.start_session(questions, seed=42)
            orders.append([s.next().question_id for _ in range(3) if s.remaining.total])
    assert orders[0] == orders[1]


def test_a_card_returns_when_fsrs_says_and_not_before(service, questions, clock):
    s = service.start_session(questions, Selection.of(topics=["pk"]), seed=0)
    item = s.next()
    qid = item.question_id
    outcome = s.answer(qid, True, None, Rating.Easy, 3000)
    assert outcome.interval >= timedelta(days=1)
    assert outcome.due == clock.now() + outcome.interval
    service.settings.set("new_per_day", 0)
    clock.set(outcome.due - timedelta(days=1))
    assert service.start_session(questions, Selection.of(topics=["pk"])).next() is None
    clock.set(outcome.due + timedelta(hours=1))
    later = service.start_session(questions, Selection.of(topics=["pk"]), seed=0)
    item = later.next()
    assert (item.question_id, item.kind) == (qid, "review")


def test_reviews_per_day_limit(service, questions, clock, drain):
    service.settings.set("new_per_day", 10)
    drain(service.start_session(questions, seed=0), Rating.Easy)
    clock.advance(days=60)
    service.settings.set("reviews_per_day", 3)
    service.settings.set("new_per_day", 0)
    s = service.start_session(questions)
    assert s.remaining.review == 3
    drain(s)
    assert service.start_session(questions).remaining.review == 0


def test_intervals_shown_are_the_intervals_given(service, questions, clock):
    service.settings.set("fuzz", True)
    s = service.start_session(questions, seed=0)
    item = s.next()
    s.answer(item.question_id, True, None, Rating.Easy, 3000)
    clock.advance(days=40)
    s = service.start_session(questions, seed=0)
    while (it := s.next()).question_id != item.question_id:
        s.answer(it.question_id, True, None, Rating.Good, 3000)
    preview = s.intervals(item.question_id)
    assert preview[Rating.Again] < preview[Rating.Hard] <= preview[Rating.Good] <= preview[Rating.Easy]
    outcome = s.answer(item.question_id, True, None, Rating.Good, 3000)
    assert outcome.interval == preview[Rating.Good]


def test_selection_by_tag_and_difficulty(service, questions, drain):
    s = service.start_session(questions, Selection.of(tags=["even"], difficulties=[1]), seed=0)
    shown = [questions[qid] for qid in drain(s)]
    assert shown and all("even" in q.tags and q.difficulty == 1 for q in shown)


def test_the_log_keeps_what_the_student_answered(service, questions):
    s = service.start_session(questions)
    item = s.next()
    s.answer(item.question_id, {"gaps": ["NMDA"]}, Result(0.5), Rating.Hard, 12345, confident=False)
    row = service.store.conn.execute(
        "SELECT response, score, rating, duration_ms, confident FROM review_log").fetchone()
    assert row == ('{"gaps": ["NMDA"]}', 0.5, 2, 12345, 0)


def test_a_learning_card_waits_for_its_step(service, questions, clock):
    service.settings.set("new_per_day", 1)
    service.settings.set("learning_steps", [30.0])
    s = service.start_session(questions)
    item = s.next()
    s.answer(item.question_id, True, None, Rating.Again, 2000)
    assert s.next() is None and not s.done
    assert s.next_due_at == clock.now() + timedelta(minutes=30)
    clock.advance(minutes=11)  # within Anki's 20-minute learn-ahead, with nothing else to do
    assert s.next().question_id == item.question_id


def test_a_question_answered_out_of_order_leaves_the_session(service, questions, drain):
    peek = service.start_session(questions, seed=5)  # same seed, same order: tells what comes second
    peek.next()
    second = peek.next().question_id
    s = service.start_session(questions, seed=5)
    first = s.next().question_id
    s.answer(second, True, None, Rating.Easy, 3000)  # not the one shown
    s.answer(first, True, None, Rating.Easy, 3000)
    rest = drain(s, Rating.Easy)
    assert first not in rest and second not in rest
    assert len(rest) == 18  # 20 new cards a day, two answered


def test_a_limited_session_takes_the_most_overdue_reviews_first(service, questions, clock, drain):
    service.settings.set("new_per_day", 12)
    studied = drain(service.start_session(questions, seed=0), Rating.Easy)
    now = int(clock.now().timestamp())
    with service.store.transaction() as conn:  # card k overdue by k + 1 days
        conn.executemany("UPDATE cards SET due = ? WHERE question_id = ?",
                         [(now - (k + 1) * 86400, qid) for k, qid in enumerate(studied)])
    service.settings.set("new_per_day", 0)
    service.settings.set("reviews_per_day", 4)
    assert drain(service.start_session(questions, seed=1)) == studied[:-5:-1]
