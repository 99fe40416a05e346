"""Statistics from hand-built review logs and card states, each with an answer worked out by hand."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from quizapp.srs.scheduling import LEARNING, NEW, REVIEW
from quizapp.study import FakeClock, StudyService
from quizapp.study.stats import StatsFilter, compute_stats, stats_json

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # a Monday; the conftest clock


def add_log(service: StudyService, qid: str, when: datetime, rating: int = 3, score: float | None = None,
            state_before: int = REVIEW, duration_ms: int = 1000, response: object = True) -> None:
    service.store.conn.execute(
        "INSERT INTO review_log (question_id, reviewed_at, rating, score, response, duration_ms, confident, "
        "state_before, card_before) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, '{}')",
        (qid, int(when.timestamp()), rating, score, json.dumps(response), duration_ms, state_before))


def set_card(service: StudyService, qid: str, **values: object) -> None:
    sets = ", ".join(f"{k} = ?" for k in values)
    service.store.conn.execute(f"UPDATE cards SET {sets} WHERE question_id = ?", (*values.values(), qid))


def stats(service: StudyService, questions, **filter_args):
    return compute_stats(service, questions, StatsFilter(**filter_args))


def test_an_empty_log_gives_zeros_everywhere(service, questions) -> None:
    s = stats(service, questions)
    assert s.today.reviewed == 0 and s.today.correct_share is None and s.today.still_due == 0
    assert (s.streak.current, s.streak.longest, s.streak.days_studied) == (0, 0, 0)
    assert len(s.calendar) == 365 and s.calendar[-1].day == NOW.date() and not any(d.count for d in s.calendar)
    assert len(s.forecast) == 30 and s.forecast[0].day == NOW.date() and not any(d.count for d in s.forecast)
    assert all(w.retention is None for w in s.retention)
    assert {m.topic: (m.total, m.studied, m.mastery, m.weak) for m in s.mastery} == {
        "pd": (20, 0, 0.0, False), "pk": (20, 0, 0.0, False)}
    assert not (s.leeches or s.hardest or s.exams or s.misconceptions) and s.exam_plan is None
    assert sum(b.count for b in s.difficulty) == sum(b.count for b in s.stability) == 0
    json.dumps(stats_json(s))  # serialisable as it is


def test_a_single_day_of_answers(service, questions) -> None:
    add_log(service, "q000", NOW.replace(hour=8), rating=3, score=1.0, state_before=NEW, duration_ms=4000)
    add_log(service, "q001", NOW.replace(hour=8, minute=30), rating=1, score=0.0, state_before=NEW, duration_ms=6000)
    add_log(service, "q002", NOW.replace(hour=8, minute=45), rating=2, state_before=REVIEW, duration_ms=2000)
    s = stats(service, questions)
    t = s.today
    assert (t.reviewed, t.correct, t.new, t.seconds) == (3, 2, 2, 12.0)
    assert t.correct_share == pytest.approx(2 / 3)
    assert s.calendar[-1].count == 3 and sum(d.count for d in s.calendar) == 3
    assert (s.streak.current, s.streak.longest, s.streak.days_studied) == (1, 1, 1)
    # only the answer to a question in review counts for true retention; Hard passes
    assert [(w.week.isoformat(), w.reviews, w.passed, w.retention) for w in s.retention if w.reviews] == [
        ("2025-03-10", 1, 1, 1.0)]


def test_days_follow_the_rollover_hour_and_the_clock_zone(tmp_path, questions) -> None:
    zone = timezone(timedelta(hours=-5))  # 09:00 UTC is 04:00 here
    clock = FakeClock(datetime(2025, 3, 10, 12, 0, tzinfo=zone))
    with StudyService.open(tmp_path / "tz", clock) as service:
        service.sync(questions)
        add_log(service, "q000", datetime(2025, 3, 10, 3, 30, tzinfo=zone))  # before 4 am: yesterday
        add_log(service, "q001", datetime(2025, 3, 10, 4, 30, tzinfo=zone))  # today
        s = stats(service, questions)
        assert [(d.day.isoformat(), d.count) for d in s.calendar[-2:]] == [("2025-03-09", 1), ("2025-03-10", 1)]
        assert s.today.reviewed == 1 and s.streak.current == 2
        service.settings.set("rollover_hour", 2)
        s = stats(service, questions)
        assert [d.count for d in s.calendar[-2:]] == [0, 2] and s.today.reviewed == 2


def test_streak_counts_yesterday_while_today_is_open(service, questions) -> None:
    for days_ago in (1, 2, 3, 7, 8):
        add_log(service, "q000", NOW - timedelta(days=days_ago))
    s = stats(service, questions)
    assert (s.streak.current, s.streak.longest, s.streak.days_studied) == (3, 3, 5)
    add_log(service, "q000", NOW)
    assert stats(service, questions).streak.current == 4


def test_a_streak_longer_than_the_calendar(service, questions) -> None:
    for days_ago in range(400):
        add_log(service, "q000", NOW - timedelta(days=days_ago))
    s = stats(service, questions)
    assert s.streak.current == s.streak.longest == 400 and s.streak.days_studied == 365


def test_weekly_true_retention_against_desired(service, questions) -> None:
    monday = NOW - timedelta(days=7)
    for i, rating in enumerate((3, 1, 4, 2)):
        add_log(service, f"q00{i}", monday + timedelta(days=i), rating=rating)
    add_log(service, "q005", monday, rating=1, state_before=LEARNING)  # a learning step: not retention
    service.settings.set("desired_retention", 0.85)
    s = stats(service, questions)
    week = next(w for w in s.retention if w.week == monday.date())
    assert (week.reviews, week.passed, week.retention) == (4, 3, 0.75)
    assert s.desired_retention == 0.85


def test_time_range_and_topic_filter(service, questions) -> None:
    add_log(service, "q000", NOW - timedelta(days=40), rating=1)  # pk, outside 30 days
    add_log(service, "q001", NOW - timedelta(days=2), rating=3)  # pd
    add_log(service, "q002", NOW - timedelta(days=2), rating=1)  # pk
    month = stats(service, questions, days=30)
    assert sum(w.reviews for w in month.retention) == 2
    assert sum(w.reviews for w in stats(service, questions, days=None).retention) == 3
    pk = stats(service, questions, days=None, topics=("pk",))
    assert sum(w.reviews for w in pk.retention) == 2 and sum(d.count for d in pk.calendar) == 2
    assert [m.topic for m in pk.mastery] == ["pk"]
    assert pk.topics == ("pd", "pk")  # the filter menu still offers every topic


def test_forecast_counts_due_questions_per_day(service, questions) -> None:
    day = 86400
    now = int(NOW.timestamp())
    set_card(service, "q000", state=REVIEW, due=now - 3 * day, stability=5.0, last_review=now - 8 * day)  # overdue
    set_card(service, "q001", state=REVIEW, due=now + 3 * day, stability=5.0, last_review=now - day)
    set_card(service, "q002", state=REVIEW, due=now + 3 * day + 3600, stability=5.0, last_review=now - day)
    set_card(service, "q003", state=REVIEW, due=now + 3 * day, stability=5.0, last_review=now - day, suspended=1)
    set_card(service, "q004", state=REVIEW, due=now + 40 * day, stability=50.0, last_review=now - day)
    set_card(service, "q005", state=LEARNING, due=now + 600, stability=1.0, last_review=now)
    s = stats(service, questions)
    counts = [d.count for d in s.forecast]
    assert counts[0] == 2 and counts[3] == 2 and sum(counts) == 4
    assert s.today.still_due == 2


def test_difficulty_and_stability_distributions(service, questions) -> None:
    for qid, difficulty, stability in (("q000", 1.5, 0.5), ("q001", 5.0, 2.0), ("q002", 5.9, 400.0),
                                       ("q003", 10.0, 30.0)):
        set_card(service, qid, state=REVIEW, fsrs_difficulty=difficulty, stability=stability,
                 last_review=int(NOW.timestamp()), due=int(NOW.timestamp()) + 86400)
    s = stats(service, questions)
    assert {b.label: b.count for b in s.difficulty if b.count} == {"1–2": 1, "5–6": 2, "9–10": 1}
    assert {b.label: b.count for b in s.stability if b.count} == {"0–1d": 1, "1–3d": 1, "1–3m": 1, "1y+": 1}


def test_leeches_and_hardest_questions_with_their_accuracy(service, questions) -> None:
    now = int(NOW.timestamp())
    set_card(service, "q007", state=REVIEW, fsrs_difficulty=9.5, stability=1.0, last_review=now, due=now, lapses=9,
             leech=1)
    set_card(service, "q008", state=REVIEW, fsrs_difficulty=3.0, stability=9.0, last_review=now, due=now, lapses=1)
    for rating in (1, 1, 3, 1):
        add_log(service, "q007", NOW - timedelta(days=1), rating=rating)
    add_log(service, "q008", NOW - timedelta(days=1), rating=3)
    s = stats(service, questions)
    (leech,) = s.leeches
    assert (leech.question_id, leech.lapses, leech.answers, leech.correct, leech.accuracy) == ("q007", 9, 4, 1, 0.25)
    assert leech.prompt == "Prompt 7" and leech.topic == "pd"
    assert [q.question_id for q in s.hardest] == ["q007", "q008"] and s.hardest[1].accuracy == 1.0


def test_mastery_marks_the_weakest_studied_topics(service, questions) -> None:
    now = int(NOW.timestamp())
    set_card(service, "q000", state=REVIEW, stability=1.0, last_review=now - 30 * 86400, due=now)  # pk, forgotten
    set_card(service, "q001", state=REVIEW, stability=100.0, last_review=now, due=now + 86400)  # pd, fresh
    s = stats(service, questions)
    by_topic = {m.topic: m for m in s.mastery}
    assert by_topic["pk"].recall < by_topic["pd"].recall == pytest.approx(1.0)
    assert by_topic["pd"].mastery == pytest.approx(1 / 20)
    assert s.weak_topics == ("pd", "pk")  # the three weakest studied topics are marked: here both
    assert [t.topic for t in service.weak_topics()] == ["pk", "pd"]


def test_parallel_and_single_connection_agree(service, questions) -> None:
    for days_ago in range(0, 60, 3):
        add_log(service, f"q{days_ago % 40:03d}", NOW - timedelta(days=days_ago), rating=1 + days_ago % 4)
    a = compute_stats(service, questions, StatsFilter(days=None), parallel=True)
    b = compute_stats(service, questions, StatsFilter(days=None), parallel=False)
    assert stats_json(a) == stats_json(b)
