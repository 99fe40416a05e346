"""Grading edge cases per type: unicode, whitespace, case, tolerance boundaries, empty responses."""

from __future__ import annotations

import pytest

from quizapp.bank.grading import grade, normalise, parse_number
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.ordering import Ordering
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse

COMMON = {"id": "q", "prompt": "p", "topic": "t"}


def single() -> ChoiceQuestion:
    return ChoiceQuestion(choices=(Choice("NMDA", True), Choice("GABA-A", why="propofol"), Choice("mu")), **COMMON)


def multi() -> ChoiceQuestion:
    return ChoiceQuestion(choices=(Choice("a", True), Choice("b", True), Choice("c"), Choice("d")),
                          multiple=True, **COMMON)


def test_single_choice_right_wrong_and_empty() -> None:
    assert grade(single(), 0).correct
    wrong = grade(single(), 1)
    assert wrong.score == 0 and wrong.answered
    assert [p.why for p in wrong.parts if not p.ok] == [None, "propofol"]  # missed correct, wrong pick
    assert not grade(single(), None).answered
    assert not grade(single(), 7).answered  # out of range is no answer, not a crash
    assert not grade(single(), True).answered  # bool is not an index


@pytest.mark.parametrize(("picks", "score"), [
    ([0, 1], 1.0), ([0], 0.5), ([0, 2], 0.0), ([0, 1, 2], 0.5), ([2, 3], 0.0), ([1, 0, 0], 1.0),
])
def test_multiple_choice_partial_credit(picks, score) -> None:
    assert grade(multi(), picks).score == score


def test_multiple_choice_empty_is_unanswered() -> None:
    assert not grade(multi(), []).answered


def test_true_false() -> None:
    q = TrueFalse(answer=False, **COMMON)
    assert grade(q, False).correct and not grade(q, True).correct
    assert not grade(q, "false").answered  # text is not a boolean


def test_cloze_per_gap_case_space_and_alternatives() -> None:
    q = Cloze(text="In {{1962}} by {{Calvin Stevens|Stevens}} at {{Parke-Davis}}.", **COMMON)
    assert grade(q, ["1962", "  calvin   STEVENS ", "parke–davis"]).correct  # en dash typed
    r = grade(q, ["1962", "stevens", "Merck"])
    assert r.score == pytest.approx(2 / 3)
    assert [p.ok for p in r.parts] == [True, True, False] and r.parts[2].expected == "Parke-Davis"
    assert not grade(q, []).answered and grade(q, []).score == 0


def test_short_answer_normalised_and_fuzzy() -> None:
    exact = ShortAnswer(answers=("esketamine", "S-ketamine"), **COMMON)
    assert grade(exact, " Esketamine. ").correct
    assert grade(exact, "ＥＳＫＥＴＡＭＩＮＥ").correct  # full-width letters
    assert not grade(exact, "esketamin").correct
    fuzzy = ShortAnswer(answers=("esketamine",), fuzzy=0.85, **COMMON)
    assert grade(fuzzy, "esketamin").correct
    assert not grade(fuzzy, "arketamine").correct
    assert not grade(fuzzy, "").answered


def test_numeric_boundaries_units_and_locales() -> None:
    q = Numeric(answer=2.5, low=2.0, high=3.0, unit="h", **COMMON)
    for ok in ("2", "3", "2.5", "2,5", " 3 h", "3H", 2.0):
        assert grade(q, ok).correct, ok
    for bad in ("1.99", "3.01", "-2.5"):
        assert not grade(q, bad).correct, bad
    assert not grade(q, "").answered and not grade(q, "  ").answered
    for junk in ("two", "nan", "inf"):  # typed, so answered, but never accepted
        assert grade(q, junk).answered and not grade(q, junk).correct
    floaty = Numeric(answer=0.3, low=0.3, high=0.3, **COMMON)
    assert grade(floaty, 0.1 + 0.2).correct
    assert grade(q, "4").parts[0].expected == "2.5 (2–3) h"


def test_parse_number_forms() -> None:
    assert parse_number("1e-3") == 0.001
    assert parse_number("1 000") == 1000
    assert parse_number("237,73 g/mol", "g/mol") == 237.73
    assert parse_number("1,000.5") is None  # ambiguous thousands separators are refused, not guessed
    assert parse_number(None) is None and parse_number(True) is None


def test_matching_partial() -> None:
    q = Matching(pairs=(("Ketamine", "NMDA"), ("Propofol", "GABA-A"), ("Morphine", "mu")), **COMMON)
    assert grade(q, {"Ketamine": "NMDA", "Propofol": "GABA-A", "Morphine": "mu"}).correct
    r = grade(q, {"Ketamine": "GABA-A", "Propofol": "NMDA", "Morphine": "mu"})
    assert r.score == pytest.approx(1 / 3)
    assert not grade(q, {}).answered and not grade(q, "x").answered


def test_ordering_adjacent_pairs() -> None:
    q = Ordering(items=("1962", "1964", "1970", "1999"), **COMMON)
    assert grade(q, ["1962", "1964", "1970", "1999"]).correct
    assert grade(q, ["1964", "1962", "1970", "1999"]).score == pytest.approx(1 / 3)  # only 1970→1999 kept
    assert grade(q, ["1999", "1970", "1964", "1962"]).score == 0
    assert not grade(q, ["1962", "1964"]).answered  # not a permutation


def test_flashcard_self_rated() -> None:
    q = Flashcard(back="NMDA", **COMMON)
    assert grade(q, True).correct and grade(q, False).score == 0 and not grade(q, None).answered


def test_normalise_unicode_forms() -> None:
    assert normalise("Café") == normalise("Cafe\u0301")
    assert normalise("  A\tB\n") == "a b"
