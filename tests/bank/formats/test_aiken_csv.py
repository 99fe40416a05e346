"""Aiken and CSV import: each construct and each malformed input, with its line."""

from __future__ import annotations

import pytest
from fmt_helpers import parse

from quizapp.bank.formats import FormatError
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse


def test_aiken_questions_with_both_letter_styles() -> None:
    result = parse("aiken", """
        Which receptor does ketamine block?
        A. NMDA
        B. GABA-A
        C) Mu opioid
        ANSWER: A

        Who first synthesised ketamine?
        A) Paul Janssen
        B) Calvin Stevens
        ANSWER: B
        Which year?
        A. 1962
        B. 1970
        ANSWER: a
        """)
    first, second, third = result.questions
    assert isinstance(first, ChoiceQuestion) and not first.multiple
    assert first.prompt == "Which receptor does ketamine block?"
    assert first.choices == (Choice("NMDA", True), Choice("GABA-A"), Choice("Mu opioid"))
    assert [c.correct for c in second.choices] == [False, True]
    assert [q.line for q in result.questions] == [1, 7, 11]
    assert third.choices[0].correct


@pytest.mark.parametrize(("text", "expected"), [
    ("Q?\nA. x\nB. y\n", "in.txt:3: error: question has no 'ANSWER: <letter>' line"),
    ("Q?\nA. x\nB. y\nANSWER: C\n", "in.txt:4: error: ANSWER 'C' is not one of the options A, B"),
    ("Q?\nA. x\nANSWER: A\n", "in.txt:1: error: a question needs at least two options like 'A. text'"),
    ("Q?\nA. x\nmore text\nB. y\nANSWER: A\n", "in.txt:3: error: text after the options; each option is one "
                                               "line like 'B. text'"),
    ("Q?\nA. x\nA. y\nANSWER: A\n", "in.txt:3: error: option A given twice"),
])
def test_aiken_errors(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as info:
        parse("aiken", text)
    assert expected in str(info.value).splitlines()


def test_csv_every_kind_of_row() -> None:
    result = parse("csv", """
        question,answer,choice1,choice2,type,tags,explanation,difficulty,unit
        Ketamine blocks which receptor?,NMDA,GABA-A,Mu opioid,,pharm nmda,It blocks the channel.,1,
        What does NMDA stand for?,N-methyl-D-aspartate,,,,,,,
        Ketamine is racemic.,yes,,,true_false,,,,
        Spell the S-enantiomer.,esketamine|S-ketamine,,,short_answer,,,,
        Half-life?,2.5:0.5,,,numeric,,,,h
        "Metabolites, pick two",norketamine|hydroxynorketamine,morphine,,multiple_choice,,,,
        """)
    choice, card, tf, short, num, multi = result.questions
    assert isinstance(choice, ChoiceQuestion)
    assert choice.choices == (Choice("NMDA", True), Choice("GABA-A"), Choice("Mu opioid"))
    assert choice.tags == ("pharm", "nmda") and choice.difficulty == 1
    assert choice.explanation == "It blocks the channel."
    assert isinstance(card, Flashcard) and card.back == "N-methyl-D-aspartate"
    assert isinstance(tf, TrueFalse) and tf.answer is True
    assert isinstance(short, ShortAnswer) and short.answers == ("esketamine", "S-ketamine")
    assert isinstance(num, Numeric) and (num.answer, num.low, num.high, num.unit) == (2.5, 2.0, 3.0, "h")
    assert isinstance(multi, ChoiceQuestion) and multi.multiple
    assert [c.correct for c in multi.choices] == [True, True, False]
    assert [q.line for q in result.questions] == [2, 3, 4, 5, 6, 7]


def test_csv_semicolons_and_a_choices_column() -> None:
    result = parse("csv", """
        Question;Answer;Choices
        Ketamine blocks?;NMDA;GABA-A|NMDA|Mu opioid
        """)
    assert [(c.text, c.correct) for c in result.questions[0].choices] == [
        ("GABA-A", False), ("NMDA", True), ("Mu opioid", False)]


def test_csv_line_numbers_count_multi_line_cells() -> None:
    result = parse("csv", 'question,answer\n"two\nlines",a\nnext,b\n')
    assert [q.line for q in result.questions] == [2, 4]


@pytest.mark.parametrize(("text", "expected"), [
    ("front_text,back_text\nq,a\n", "in.txt:1: error: the header row needs a question and an answer column "
                                    "(found: front_text, back_text)"),
    ("question,answer\nq,\n", "in.txt:2: error: empty answer"),
    ("question,answer\n,a\n", "in.txt:2: error: empty question"),
    ("question,answer,type\nq,abc,numeric\n", "in.txt:2: error: numeric answer 'abc' is not a number, "
                                              "'value:tolerance' or 'low..high'"),
    ("question,answer,type\nq,maybe,true_false\n", "in.txt:2: error: true_false answer 'maybe' is not true or "
                                                   "false"),
    ("question,answer,type\nq,a,essay\n", "in.txt:2: error: unknown type 'essay' (one of: flashcard, "
                                          "single_choice, multiple_choice, true_false, short_answer, numeric)"),
    ("question,answer\nq,a,extra\n", "in.txt:2: error: row has 3 cells but the header names 2"),
    ("question,answer,difficulty\nq,a,5\n", "in.txt:2: error: difficulty '5' must be 1, 2 or 3"),
    ("question,answer\nok,a\n\nq,\"unclosed\nmore\n", "in.txt:4: error: a quoted cell is never closed (its row "
                                                  "starts here)"),
])
def test_csv_errors(text: str, expected: str) -> None:
    with pytest.raises(FormatError) as info:
        parse("csv", text)
    assert expected in str(info.value).splitlines()
