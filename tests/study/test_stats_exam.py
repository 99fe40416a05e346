"""Misconceptions, exam history, the exam-day forecast, drills from statistics, and `quizapp stats --json`."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from fsrs import Card, Scheduler, State
from test_stats import NOW, add_log, set_card  # same folder: pytest puts it on sys.path

from quizapp.bank.model import Question
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse
from quizapp.cli import main
from quizapp.srs.scheduling import NEW, REVIEW
from quizapp.store.models import ExamAttempt
from quizapp.study import FakeClock, StudyService
from quizapp.study.stats import StatsFilter, compute_stats, stats_json
from quizapp.study.stats.drill import drill_questions
from quizapp.study.stats.exams import get_exam_date, set_exam_date
from quizapp.study.stats.plan import TODAY_BUDGET

FIXTURE_BANK = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "bank"


def _choice(qid: str, right: str, wrong: str, why: str, topic: str = "mech") -> ChoiceQuestion:
    return ChoiceQuestion(id=qid, prompt=f"Which enantiomer ({qid})?", topic=topic, explanation="Because.",
                          choices=(Choice(right, True), Choice(wrong, False, why), Choice("Racemate", False)))


@pytest.fixture
def mixed() -> dict[str, Question]:
    qs: list[Question] = [
        _choice("c1", "Esketamine", "Arketamine", "Arketamine is the R-enantiomer."),
        _choice("c2", "Esketamine", "Arketamine", ""),
        ShortAnswer(id="s1", prompt="Main metabolite?", topic="pk", answers=("norketamine",),
                    explanation="N-demethylation gives norketamine."),
        TrueFalse(id="t1", prompt="Ketamine is an opioid.", topic="pk", answer=False, explanation="It is not."),
        TrueFalse(id="t2", prompt="Ketamine is a barbiturate.", topic="pk", answer=False, explanation="No."),
    ]
    for q in qs:
        q.content_hash = q.compute_hash()
    return {q.id: q for q in qs}


@pytest.fixture
def svc(tmp_path: Path, clock: FakeClock, mixed) -> StudyService:
    service = StudyService.open(tmp_path / "mixed", clock)
    service.sync(mixed)
    yield service
    service.close()


def test_repeated_wrong_answers_become_misconceptions_with_their_why(svc, mixed) -> None:
    day = NOW - timedelta(days=1)
    add_log(svc, "c1", day, rating=1, score=0.0, response=1)  # Arketamine
    add_log(svc, "c1", day, rating=1, score=0.0, response=1)
    add_log(svc, "c2", day, rating=1, score=0.0, response=1)  # the same mix-up in another question
    add_log(svc, "c1", day, rating=1, score=0.0, response=2)  # Racemate once: a slip, not a pattern
    add_log(svc, "c1", day, rating=3, score=1.0, response=0)
    add_log(svc, "s1", day, rating=1, score=0.0, response="Dehydronorketamine")
    add_log(svc, "s1", day, rating=1, score=0.0, response="dehydronorketamine ")  # same answer, typed again
    add_log(svc, "t1", day, rating=1, score=0.0, response=True)  # "true" for "false" in two different
    add_log(svc, "t2", day, rating=1, score=0.0, response=True)  # statements: two slips, not one pattern
    s = compute_stats(svc, mixed)
    found = {m.given: m for m in s.misconceptions}
    assert set(found) == {"Arketamine", "Dehydronorketamine"}
    arke = found["Arketamine"]
    assert (arke.count, arke.expected, arke.question_ids) == (3, "Esketamine", ("c1", "c2"))
    assert arke.why == "Arketamine is the R-enantiomer." and arke.prompt == "Which enantiomer (c1)?"
    typed = found["Dehydronorketamine"]
    assert (typed.count, typed.expected, typed.why) == (2, "norketamine", "N-demethylation gives norketamine.")
    assert s.misconceptions[0] is arke  # most frequent first
    assert compute_stats(svc, mixed, StatsFilter(topics=("pk",))).misconceptions == (typed,)


def test_only_the_latest_wrong_answers_count(svc, mixed, monkeypatch) -> None:
    from quizapp.study.stats import misconceptions

    monkeypatch.setattr(misconceptions, "RECENT_WRONG", 3)
    for days_ago in (30, 29):  # an old habit, since corrected ...
        add_log(svc, "c1", NOW - timedelta(days=days_ago), rating=1, score=0.0, response=1)
    for days_ago in (3, 2, 1):  # ... and a new one
        add_log(svc, "c1", NOW - timedelta(days=days_ago), rating=1, score=0.0, response=2)
    (m,) = compute_stats(svc, mixed).misconceptions
    assert (m.given, m.count) == ("Racemate", 3)


def test_misconception_drill_holds_exactly_its_questions(svc, mixed) -> None:
    session = drill_questions(svc, mixed, ["c2", "c1", "gone"])
    shown = []
    while (item := session.next()) is not None:
        shown.append(item.question_id)
        session.answer(item.question_id, 0, None, 3, 1000)
    assert shown[:2] == ["c2", "c1"] and set(shown) == {"c1", "c2"}  # then their learning steps


def test_exam_history_per_blueprint(svc, mixed) -> None:
    base = int((NOW - timedelta(days=3)).timestamp())
    with svc.store.session() as orm:
        for k, (title, score, passed) in enumerate((("Comprehensive", 6.0, False), ("Quick quiz", 9.0, True),
                                                    ("Comprehensive", 8.5, True))):
            orm.add(ExamAttempt(started_at=base + k * 3600, finished_at=base + k * 3600 + 600, score=score,
                                max_score=10.0, passed=passed, meta=json.dumps({"result": {"title": title}})))
        orm.add(ExamAttempt(started_at=base, finished_at=None, max_score=10.0))  # never finished
        orm.commit()
    exams = {e.blueprint: e for e in compute_stats(svc, mixed).exams}
    assert set(exams) == {"Comprehensive", "Quick quiz"}
    comp = exams["Comprehensive"]
    assert [x.percent for x in comp.sittings] == [60.0, 85.0] and (comp.best, comp.latest) == (85.0, 85.0)
    assert [x.passed for x in comp.sittings] == [False, True]


def test_a_sitting_stored_by_the_exam_feature_shows_in_the_history(svc, mixed, clock) -> None:
    from quizapp.study import exam_store
    from quizapp.study.blueprint import Blueprint, Section
    from quizapp.study.exam import ExamRun

    run = ExamRun.start(Blueprint("Enantiomers", (Section(2, "mech"),), time_limit_s=None), mixed, clock, seed=1)
    attempt_id = exam_store.begin(svc, run)
    run.answer(0, clock, index=0)
    run.answer(1, clock, index=1)
    clock.advance(minutes=5)
    score = run.submit(mixed, clock)
    exam_store.finish(svc, attempt_id, run, score)
    (history,) = compute_stats(svc, mixed).exams
    assert history.blueprint == "Enantiomers" and history.latest == pytest.approx(score.percent)


def _fsrs_recall(row: tuple, at: datetime) -> float:
    """The retrievability fsrs itself gives a stored card at `at`."""
    stability, difficulty, last = row
    card = Card(card_id=1, state=State.Review, stability=stability, difficulty=difficulty,
                last_review=datetime.fromtimestamp(last, UTC))
    return Scheduler().get_card_retrievability(card, at)


def test_exam_day_forecast_matches_fsrs_and_suggests_todays_study(service, questions) -> None:
    now = int(NOW.timestamp())
    studied = {"q000": (2.0, 6.0, now - 5 * 86400), "q002": (40.0, 4.0, now - 2 * 86400),
               "q001": (10.0, 5.0, now - 86400)}
    for qid, (stability, difficulty, last) in studied.items():
        set_card(service, qid, state=REVIEW, stability=stability, fsrs_difficulty=difficulty, last_review=last,
                 due=now, reps=3)
    exam_day = date(2025, 4, 9)  # 30 days ahead
    set_exam_date(service.store, exam_day)
    assert get_exam_date(service.store.conn) == exam_day
    plan = compute_stats(service, questions).exam_plan
    assert plan is not None and plan.days_left == 30
    at = datetime.combine(exam_day, time(9), tzinfo=UTC)
    by_topic = {t.topic: t for t in plan.topics}
    pk = sum(_fsrs_recall(studied[q], at) for q in ("q000", "q002")) / 20  # pk: even ids; 18 unseen count 0
    assert by_topic["pk"].predicted == pytest.approx(pk)
    assert by_topic["pd"].predicted == pytest.approx(_fsrs_recall(studied["q001"], at) / 20)
    assert plan.predicted == pytest.approx((pk * 20 + by_topic["pd"].predicted * 20) / 40)
    assert all(t.after_today >= t.predicted for t in plan.topics) and plan.after_today > plan.predicted
    ids = plan.question_ids
    assert 0 < len(ids) <= TODAY_BUDGET and len(set(ids)) == len(ids)
    assert sum(tip.new for tip in plan.today) <= service.settings.get("new_per_day")
    assert "q000" in ids  # the least-remembered studied question gains most from a review today
    service.clock.set(datetime(2025, 4, 10, 9, 0, tzinfo=UTC))
    late = compute_stats(service, questions)
    assert late.exam_date == exam_day and late.exam_plan is None  # the exam has passed
    set_exam_date(service.store, None)
    assert compute_stats(service, questions).exam_date is None


def test_new_questions_are_suggested_only_within_the_daily_limit(service, questions) -> None:
    service.settings.set("new_per_day", 3)
    add_log(service, "q010", NOW.replace(hour=8), state_before=NEW)
    plan = compute_stats(service, questions, exam_date=date(2025, 3, 20)).exam_plan
    assert sum(tip.new for tip in plan.today) == 2


def test_cli_json_is_the_computed_statistics(tmp_path: Path, capsys) -> None:
    from quizapp.bank.loader import load_banks

    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "stats", "--no-shipped-banks", "--banks", str(FIXTURE_BANK), "--json",
                 "--days", "30"]) == 0
    printed = json.loads(capsys.readouterr().out)
    questions = load_banks([FIXTURE_BANK]).questions
    with StudyService.open(data) as service:
        expected = stats_json(compute_stats(service, questions, StatsFilter(days=30)))
    printed.pop("generated_at"), expected.pop("generated_at")
    assert printed == expected
    assert printed["filter"] == {"days": 30, "topics": []} and len(printed["calendar"]) == 365


def test_cli_text_report_and_bad_range(tmp_path: Path, capsys) -> None:
    args = ["--data-dir", str(tmp_path / "data"), f"--banks={FIXTURE_BANK}", "stats", "--no-shipped-banks"]
    assert main([*args, "--exam-date", "2099-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Today: 0 answered" in out and "Mastery by topic" in out and "Exam on 2099-01-01" in out
    assert main([*args, "--days", "0"]) == 2
