"""GIFT import, one construct at a time: a small input and the question (or note) it must give."""

from __future__ import annotations

import pytest
from fmt_helpers import parse

from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.cloze import Cloze
from quizapp.bank.types.matching import Matching
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse


def one(text: str):
    result = parse("gift", text)
    assert len(result.questions) == 1, result
    return result.questions[0], result.notes


def messages(notes) -> list[str]:
    return [f"{n.line}: {n.message}" for n in notes]


def test_single_choice_with_feedback_and_general_feedback() -> None:
    q, notes = one("""
        Which receptor does ketamine block? {
          =NMDA#It blocks the open channel.
          ~GABA-A#That is propofol's target.
          ####Ketamine is an NMDA antagonist.
        }
        """)
    assert isinstance(q, ChoiceQuestion) and not q.multiple
    assert q.prompt == "Which receptor does ketamine block?"
    assert q.choices == (Choice("NMDA", True, "It blocks the open channel."),
                         Choice("GABA-A", False, "That is propofol's target."))
    assert q.explanation == "Ketamine is an NMDA antagonist."
    assert q.line == 1 and notes == []


def test_weights_without_equals_make_a_multiple_answer_question() -> None:
    q, notes = one("Metabolites? {~%50%norketamine ~%50%hydroxynorketamine ~%-100%morphine}")
    assert isinstance(q, ChoiceQuestion) and q.multiple
    assert [c.correct for c in q.choices] == [True, True, False]
    assert notes == []


def test_unequal_weights_are_reported() -> None:
    _, notes = one("Pick? {~%70%a ~%30%b ~%-100%c}")
    assert messages(notes) == ["1: unequal weights become equal credit for each right choice"]


def test_partial_credit_on_a_wrong_choice_is_reported_with_its_line() -> None:
    q, notes = one("""
        ::T1:: Pick one {
        =right
        ~%50%half
        ~wrong
        }
        """)
    assert [c.correct for c in q.choices] == [True, False, False]
    assert messages(notes) == ["3: 'T1': 50% credit for 'half' not kept; it counts as wrong"]


@pytest.mark.parametrize(("block", "answer"), [("T", True), ("TRUE", True), ("F", False), ("FALSE", False),
                                               ("true", True)])
def test_true_false(block: str, answer: bool) -> None:
    q, _ = one(f"Ketamine is racemic. {{{block}}}")
    assert isinstance(q, TrueFalse) and q.answer is answer


def test_true_false_feedback_becomes_the_explanation_and_the_rest_is_reported() -> None:
    q, notes = one("Ketamine is racemic. {T#No: it is a 1:1 mixture.#Yes.}")
    assert q.explanation == "No: it is a 1:1 mixture."
    assert messages(notes) == ["1: true/false feedback 'Yes.' not kept (the explanation holds one text)"]


def test_short_answer_keeps_every_full_credit_answer() -> None:
    q, notes = one("Who synthesised ketamine? {=Calvin Stevens =Stevens =%50%Parke-Davis}")
    assert isinstance(q, ShortAnswer) and q.answers == ("Calvin Stevens", "Stevens")
    assert messages(notes) == ["1: partial-credit answer 'Parke-Davis' (50%) not kept"]


@pytest.mark.parametrize(("block", "value", "low", "high"), [
    ("#2.5:0.5", 2.5, 2.0, 3.0), ("#2..3", 2.5, 2.0, 3.0), ("#4", 4.0, 4.0, 4.0), ("#-1.5:0", -1.5, -1.5, -1.5),
    ("#=2:0.1 =%50%3:1", 2.0, 1.9, 2.1),
])
def test_numeric(block: str, value: float, low: float, high: float) -> None:
    q, _ = one(f"Half-life in hours? {{{block}}}")
    assert isinstance(q, Numeric)
    assert (q.answer, q.low, q.high) == pytest.approx((value, low, high))


def test_numeric_partial_credit_answers_are_reported() -> None:
    _, notes = one("""
        Half-life in hours? {#
          =2.5:0.5#Right
          =%50%2.5:1.5#Close
        }
        """)
    assert messages(notes) == ["3: partial-credit answer '2.5:1.5' (50%) not kept",
                               "2: feedback on answer '2.5:0.5' not kept (no place for it)"]


def test_matching() -> None:
    q, _ = one("Match {=ketamine -> NMDA =propofol -> GABA-A =fentanyl -> mu opioid}")
    assert isinstance(q, Matching)
    assert q.pairs == (("ketamine", "NMDA"), ("propofol", "GABA-A"), ("fentanyl", "mu opioid"))


def test_missing_word_short_answer_becomes_a_cloze() -> None:
    q, _ = one("Ketamine was first made in {=1962 =nineteen sixty-two} by Calvin Stevens.")
    assert isinstance(q, Cloze)
    assert q.text == "Ketamine was first made in {{1962|nineteen sixty-two}} by Calvin Stevens."
    assert q.prompt == ""


def test_missing_word_choice_keeps_a_blank_in_the_prompt() -> None:
    q, _ = one("Ketamine is a {=dissociative ~opioid ~benzodiazepine} anaesthetic.")
    assert isinstance(q, ChoiceQuestion)
    assert q.prompt == "Ketamine is a _____ anaesthetic."


def test_essay_and_description_are_reported_not_dropped() -> None:
    result = parse("gift", """
        Discuss ketamine abuse. {}

        ::Intro:: This text has no answers.

        Still imported {T}
        """)
    assert len(result.questions) == 1
    assert messages(result.notes) == [
        "1: essay questions are not supported; skipped",
        "3: description item 'Intro' (text without answers) skipped: the app has no place for it"]


def test_title_comments_and_tags_in_comments() -> None:
    q, _ = one("""
        // a comment line is ignored
        // [tag:pharmacology] [tag:nmda]
        ::Receptor title:: Ketamine blocks NMDA. {T}
        """)
    assert q.prompt == "Ketamine blocks NMDA."
    assert q.tags == ("pharmacology", "nmda")
    assert q.line == 3


def test_escapes() -> None:
    q, _ = one(r"Escapes\: \~ \= \# \{ \} and\nnew line {=a\=b\}c}")
    assert q.prompt == "Escapes: ~ = # { } and\nnew line"
    assert q.answers == ("a=b}c",)


def test_formats_markdown_plain_and_html() -> None:
    md, _ = one("[markdown]Is **this** bold? {T}")
    assert md.prompt == "Is **this** bold?"
    plain, _ = one("[plain]2 < 3 and <b> stays {T}")
    assert plain.prompt == "2 < 3 and <b> stays"
    html, notes = one('[html]<p>Is <b>this</b> H<sub>2</sub>O &amp; x<sup>2</sup>?<img src="a.png"></p>{T}')
    assert html.prompt == "Is **this** H~2~O & x^2^?"
    assert messages(notes) == ["1: image 'a.png' is not in the GIFT file (GIFT holds no images); put 'a.png' "
                               "beside the file to import it"]


def test_untagged_html_is_converted_too() -> None:
    q, _ = one("<p>Ketamine is <i>racemic</i>.</p> {T}")
    assert q.prompt == "Ketamine is *racemic*."


def test_each_category_starts_a_section() -> None:
    result = parse("gift", """
        NMDA antagonist. {T}

        $CATEGORY: $course$/top/Ketamine/Pharmacology

        NMDA antagonist at the PCP site. {T}

        $CATEGORY: $course$/top/Ketamine/Side effects

        Emergence reactions are common in adults. {T}

        Hypersalivation occurs. {T}
        """)
    assert result.category == "$course$/top/Ketamine/Pharmacology"
    sections = [result.sections.get(i) for i in range(len(result.questions))]
    assert sections[0] is None
    assert [(s.title, s.topic, s.line) for s in sections[1:] if s] == [
        ("Pharmacology", "pharmacology", 3), ("Side effects", "side-effects", 7), ("Side effects", "side-effects", 7)]
    assert [q.tags for q in result.questions] == [(), (), (), ()]


def test_several_equals_in_a_single_choice_are_reported_and_skipped() -> None:
    result = parse("gift", "Either? {=a =b ~c}")
    assert result.questions == []
    assert messages(result.notes) == ["1: several '=' answers in one single-answer question (any of them right) "
                                      "cannot be expressed; skipped"]


def test_matching_distractor_without_left_is_reported() -> None:
    q, notes = one("Match {=a -> 1 =b -> 2 = -> 3}")
    assert q.pairs == (("a", "1"), ("b", "2"))
    assert messages(notes) == ["1: extra right side '3' (a distractor with no left) not kept"]


def test_crlf_and_bom_files_read_like_any_other(tmp_path) -> None:
    from quizapp.bank.formats.base import decode

    text = decode("\ufeffQ? {T}\r\n\r\nR? {F}\r\n".encode(), "x.gift")
    result = parse("gift", text)
    assert [q.line for q in result.questions] == [1, 3]
