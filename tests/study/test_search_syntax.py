"""The search language's grammar: what each form reads as, and one pointed sentence for every malformed one."""

from __future__ import annotations

import pytest

from quizapp.study.search import SearchError, parse
from quizapp.study.search.syntax import And, Everything, Match, Not, Or, Prop, Rated, State, Text


def test_words_next_to_each_other_are_all_required() -> None:
    assert parse("nmda  receptor") == And((Text("nmda", False, 0), Text("receptor", False, 6)))


def test_a_quoted_phrase_is_one_term_and_may_hold_parentheses_and_colons() -> None:
    assert parse('"nmda (glutamate) receptor: site"') == Text("nmda (glutamate) receptor: site", False, 0)
    assert parse(r'"say \"no\""') == Text('say "no"', False, 0)


def test_a_trailing_star_asks_for_words_that_begin_so() -> None:
    assert parse("keta*") == Text("keta", True, 0)
    assert parse('"nmda rec*"') == Text("nmda rec", True, 0)


def test_or_binds_looser_than_and_and_parentheses_group() -> None:
    tree = parse("a b or c")
    assert tree == Or((And((Text("a", False, 0), Text("b", False, 2))), Text("c", False, 7)))
    grouped = parse("a (b OR c)")
    assert grouped == And((Text("a", False, 0), Or((Text("b", False, 3), Text("c", False, 8)))))


def test_and_may_be_written_out() -> None:
    assert parse("a and b") == And((Text("a", False, 0), Text("b", False, 6)))


def test_minus_negates_a_term_a_group_or_a_filter() -> None:
    assert parse("-nmda") == Not(Text("nmda", False, 1))
    assert parse("-(a or b)") == Not(Or((Text("a", False, 2), Text("b", False, 7))))
    assert parse("-tag:x") == Not(Match("tag", ("x",), 1))


def test_a_hyphen_inside_a_word_is_part_of_the_word() -> None:
    assert parse("anti-nmda") == Text("anti-nmda", False, 0)


def test_the_empty_query_is_everything() -> None:
    assert parse("") == Everything()
    assert parse("   ") == Everything()


def test_filters_read_their_values() -> None:
    assert parse("topic:pain") == Match("topic", ("pain",), 0)
    assert parse('tag:"two words"') == Match("tag", ("two words",), 0)
    assert parse("TYPE:Cloze") == Match("type", ("cloze",), 0)
    assert parse("type:*choice") == Match("type", ("*choice",), 0)
    assert parse("id:a,b") == Match("id", ("a", "b"), 0)
    assert parse("difficulty:1,3") == Match("difficulty", ("1", "3"), 0)
    assert parse("is:due") == State("due", 0)
    assert parse("rated:7") == Rated(7, None, 0)
    assert parse("rated:7:1") == Rated(7, 1, 0)
    assert parse("prop:lapses>3") == Prop("lapses", ">", 3.0, 0)
    assert parse("prop:ivl>=30") == Prop("interval", ">=", 30.0, 0)
    assert parse("prop:retrievability<0.8") == Prop("retrievability", "<", 0.8, 0)
    assert parse("prop:due!=-1") == Prop("due", "!=", -1.0, 0)


def test_quoting_a_colon_makes_it_text() -> None:
    assert parse('"note:x"') == Text("note:x", False, 0)


def _error(query: str) -> SearchError:
    with pytest.raises(SearchError) as caught:
        parse(query)
    return caught.value


# (query, 1-based column the message names, a phrase the message holds)
MALFORMED = [
    ('"nmda receptor', 1, "quote is never closed"),
    ('tag:"open', 5, "quote is never closed"),
    ("(nmda or opioid", 1, "'(' is never closed"),
    ("(", 1, "'(' is never closed"),
    ("nmda)", 5, "')' has no '('"),
    (")", 1, "')' has no '('"),
    ("()", 1, "parentheses are empty"),
    ("nmda or", 6, "'or' needs a search term after it"),
    ("or nmda", 1, "'or' needs a search term before it"),
    ("a or or b", 3, "'or' needs a search term after it"),
    ("(a or) b", 4, "'or' needs a search term after it"),
    ("a and", 3, "'and' needs a search term after it"),
    ("and a", 1, "'and' needs a search term before it"),
    ("- nmda", 1, "'-' must stand right before"),
    ("nmda -", 6, "'-' must stand right before"),
    ("-or a", 1, "'-' needs a search term after it"),
    ("(-)", 2, "'-' must stand right before"),
    ("*mine", 1, "'*' may only end a word"),
    ("ket*mine", 4, "'*' may only end a word"),
    ("?!", 1, "no letters or digits"),
    ('"..."', 1, "no letters or digits"),
    ("deck:default", 1, "no filter 'deck:'"),
    ("a note:b", 3, "no filter 'note:'"),
    ("topic:", 7, "'topic:' needs a value"),
    ("tag:", 5, "'tag:' needs a value"),
    ('tag:""', 5, "'tag:' needs a value"),
    ("id:a,,b", 4, "'id:' needs a value"),
    ("type:essay", 6, "no question type 'essay'"),
    ("type:cloze,poem", 6, "no question type 'poem'"),
    ("is:", 4, "'is:' needs a value"),
    ("is:late", 4, "is:late is not a card state"),
    ("rated:", 7, "rated: takes a number of days"),
    ("rated:0", 7, "rated: takes a number of days"),
    ("rated:week", 7, "rated: takes a number of days"),
    ("rated:7:", 9, "the rating after rated:DAYS:"),
    ("rated:7:5", 9, "the rating after rated:DAYS:"),
    ("prop:", 6, "prop: needs a property"),
    ("prop:ease>2", 6, "prop: needs a property"),
    ("prop:lapses", 12, "needs a comparison"),
    ("prop:lapses>", 13, "prop:lapses> needs a number after it"),
    ("prop:lapses>three", 13, "'three' after prop:lapses> is not a number"),
    ("prop:lapses>>3", 13, "'>3' after prop:lapses> is not a number"),
    ("prop:interval>=nan", 16, "not a number"),
    ("difficulty:", 12, "'difficulty:' needs a value"),
    ("difficulty:4", 12, "difficulty: takes the bank's level"),
    ("difficulty:hard", 12, "difficulty: takes the bank's level"),
]


@pytest.mark.parametrize(("query", "column", "phrase"), MALFORMED)
def test_every_malformed_form_is_one_sentence_naming_its_column(query: str, column: int, phrase: str) -> None:
    error = _error(query)
    assert error.position + 1 == column
    assert error.message.startswith(f"Column {column}: ")
    assert phrase in error.message
    assert error.message.endswith(".") and "\n" not in error.message


def test_the_caret_line_points_under_the_column() -> None:
    query = "nmda or (tag:x"
    lines = _error(query).caret(query).splitlines()
    assert lines == [query, " " * 8 + "^"]
