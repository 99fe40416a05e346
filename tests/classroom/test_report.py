"""The instructor's report from real pushes: every figure recomputed by hand from the raw answers."""

from __future__ import annotations

import dataclasses
import math
import statistics
from pathlib import Path

import pytest

from quizapp.study.classroom.itemstats import group_size, point_biserial, upper_lower
from quizapp.study.classroom.report import (
    NEGATIVE_DISCRIMINATION,
    TOO_EASY,
    UNUSED_DISTRACTOR,
    class_report,
    report_json,
)

# What each student answers, in order: (question, response). Option 0 is right; q5 is a cloze.
ADA = [("q1", 0), ("q2", 0), ("q3", 2), ("q4", 0), ("q5", ["NMDA"]), ("q3", 0)]  # q3 wrong first, right later
BOB = [("q1", 0), ("q2", 1), ("q3", 0), ("q4", 3), ("q5", ["GABA"])]
RIGHT = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "q5": ["NMDA"]}


@pytest.fixture
def pushed(classdb, student_at):
    """Ada and Bob each answer on their own computer and push as their own login."""
    for name, answers in (("Ada", ADA), ("Bob", BOB)):
        login, password = classdb.add_student(name)
        me = student_at(name)
        for i, (qid, response) in enumerate(answers):
            me.answer(qid, response, duration_ms=1000 * (i + 1) + (500 if name == "Bob" else 0))
        result = me.push(classdb.student_url(login), password)
        assert result.ok and result.added == len(answers), result.message
    return classdb


def _first(answers):
    seen = {}
    for i, (qid, response) in enumerate(answers):
        seen.setdefault(qid, (response == RIGHT[qid], i))
    return seen


def test_two_students_figures_match_a_hand_computation(pushed, bank):
    report = class_report(pushed.url, bank, min_responses=2)
    ada, bob = _first(ADA), _first(BOB)
    total = {"ada": sum(c for c, _ in ada.values()) / len(ada), "bob": sum(c for c, _ in bob.values()) / len(bob)}
    assert total == {"ada": 0.8, "bob": 0.4}  # Ada: 4 of 5 right the first time; Bob: 2 of 5
    assert [(s.name, s.items, s.total) for s in report.students] == [("Ada", 5, 0.8), ("Bob", 5, 0.4)]
    assert report.answers == len(ADA) + len(BOB)

    items = {i.question_id: i for i in report.items}
    assert set(items) == set(RIGHT)
    for qid, item in items.items():
        xs = [ada[qid][0], bob[qid][0]]
        ts = [total["ada"], total["bob"]]
        assert item.responses == 2 and item.current is True
        assert item.p_correct == sum(xs) / 2
        if len(set(xs)) == 2:  # Pearson's r of the 0/1 item score with the total is the point-biserial
            assert item.discrimination == pytest.approx(statistics.correlation([float(x) for x in xs], ts))
        else:
            assert item.discrimination is None
        # two students: the top 27 % (rounded, at least one) is Ada, the bottom is Bob
        assert item.upper_lower == float(ada[qid][0]) - float(bob[qid][0])
        assert (item.file, item.line, item.prompt) == (bank[qid].file, bank[qid].line, bank[qid].prompt)
    assert items["q2"].discrimination == pytest.approx(1.0)  # the stronger student alone right
    assert items["q3"].discrimination == pytest.approx(-1.0)  # the weaker student alone right
    assert items["q3"].answers == 3  # Ada's later right answer is study, not a response

    # distractors: each wrong option with how many picked it
    assert items["q2"].distractors == {"Kidney": 1, "Lung": 0}
    assert items["q3"].distractors == {"Ketamine N-oxide": 0, "Dehydronorketamine": 1}
    assert items["q4"].distractors == {"Miosis": 0, "Bradycardia": 0, "Hypothermia": 1}
    assert items["q5"].distractors == {"gap 1: GABA": 1} and items["q5"].distractors_from == "parts"
    # median time of the first answers: Ada's q3 took 3 s, Bob's 3.5 s
    assert items["q3"].median_time_ms == 3250

    codes = {qid: {f.code for f in i.flags} for qid, i in items.items()}
    assert NEGATIVE_DISCRIMINATION in codes["q3"] and NEGATIVE_DISCRIMINATION not in codes["q2"]
    assert TOO_EASY in codes["q1"]  # facility 1.0 > 0.95
    assert UNUSED_DISTRACTOR in codes["q1"] and UNUSED_DISTRACTOR in codes["q2"]
    assert not codes["q5"] - {TOO_EASY}  # a cloze has no options to leave unpicked
    problems = [str(p) for p in report.problems()]
    q3 = f"{bank['q3'].file}:{bank['q3'].line}:1: warning: q3: negative discrimination (point-biserial -1.00)"
    assert any(p.startswith(q3) for p in problems) and bank["q3"].file.endswith("pd.yaml")

    # per topic: latest answer of each (student, question): pk = Ada 2/2, Bob 1/2; pd = Ada 3/3, Bob 1/3
    topics = {t.topic: t for t in report.topics}
    assert topics["pk"].mastery == pytest.approx(3 / 4) and topics["pd"].mastery == pytest.approx(4 / 6)
    # pd answers: Ada's q3 twice, q4, q5; Bob's q3, q4, q5
    assert (topics["pd"].students, topics["pd"].questions, topics["pd"].answers) == (2, 3, 7)


def test_flags_wait_for_enough_responses_and_topics_filter(pushed, bank):
    report = class_report(pushed.url, bank)  # the default needs 5 responses: two students raise nothing
    assert report.flagged == []
    only_pk = class_report(pushed.url, bank, topics=["pk"], min_responses=2)
    assert {i.question_id for i in only_pk.items} == {"q1", "q2"} and [t.topic for t in only_pk.topics] == ["pk"]
    assert [s.total for s in only_pk.students] == [0.8, 0.4]  # totals still over everything answered
    data = report_json(only_pk)
    assert data["students"] == 2
    assert {"question_id", "content_hash", "responses", "p_correct", "discrimination", "distractors"} <= set(
        data["items"][0])


def test_a_reworded_question_starts_fresh(pushed, bank):
    reworded = dict(bank)
    q3 = dataclasses.replace(bank["q3"], prompt="Reworded: which metabolite is active?")
    q3.content_hash = q3.compute_hash()
    reworded["q3"] = q3
    report = class_report(pushed.url, reworded, min_responses=2)
    [old] = [i for i in report.items if i.question_id == "q3"]
    assert old.content_hash == bank["q3"].content_hash and old.current is False
    # today's bank cannot grade answers to the old wording: wrong responses are counted as given
    assert old.distractors == {"2": 1} and old.distractors_from == "responses"
    assert not any(f.code == UNUSED_DISTRACTOR for f in old.flags)


def test_the_27_percent_index_and_point_biserial_by_hand():
    # ten students: totals and whether each got the item right
    totals = [0.95, 0.9, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2]
    right = [True, True, False, True, True, False, True, False, False, False]
    assert group_size(10) == 3  # 27 % of 10 is 2.7
    # top three: 2 of 3 right; bottom three: none
    assert upper_lower([(f"s{i}", t, c) for i, (t, c) in enumerate(zip(totals, right, strict=True))]) == (
        pytest.approx(2 / 3))
    m1 = statistics.mean(t for t, c in zip(totals, right, strict=True) if c)
    m0 = statistics.mean(t for t, c in zip(totals, right, strict=True) if not c)
    expected = (m1 - m0) / statistics.pstdev(totals) * math.sqrt(0.5 * 0.5)
    assert point_biserial(right, totals) == pytest.approx(expected)
    assert point_biserial(right, totals) == pytest.approx(statistics.correlation([float(c) for c in right], totals))


def test_the_lint_shows_what_the_class_flagged_at_each_question_line(pushed, bank, tmp_path, capsys):
    import json

    from quizapp.bank.lint.class_report import class_findings
    from quizapp.cli import main

    report = report_json(class_report(pushed.url, bank, min_responses=2))
    findings = class_findings(report, bank)
    q3 = [f for f in findings if f.rule == f"class:{NEGATIVE_DISCRIMINATION}"]
    assert [(f.file, f.line) for f in q3] == [(bank["q3"].file, bank["q3"].where["id"][0])]
    assert "in class (2 responses): negative discrimination" in q3[0].message
    path = tmp_path / "class.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    folder = str(Path(bank["q3"].file).parent)  # only the class's banks
    assert main(["lint", "--class-report", str(path), "--no-shipped-banks", "--banks", folder]) == 1
    out = capsys.readouterr().out
    assert f"{bank['q3'].file}:{bank['q3'].where['id'][0]}" in out and "[class:" in out
