"""Malformed GIFT: every error found at once, each with its FILE:LINE, and nothing half-imported."""

from __future__ import annotations

import pytest
from fmt_helpers import parse

from quizapp.bank.formats import FormatError
from quizapp.bank.formats.base import decode


def errors(text: str) -> list[str]:
    with pytest.raises(FormatError) as info:
        parse("gift", text, "bank.gift")
    return str(info.value).splitlines()


@pytest.mark.parametrize(("text", "expected"), [
    ("Q1? {T}\n\nQ2? {=a ~b\n\nQ3? {T}", "bank.gift:3: error: '{' is never closed with '}' "
                                         "(a blank line ends a question)"),
    ("Q? T}", "bank.gift:1: error: '}' without an opening '{' (write \\} for a brace)"),
    ("Q? {=a {=b}", "bank.gift:1: error: a second '{' inside the answers (write \\{ for a brace)"),
    ("Q? {T} and {F}", "bank.gift:1: error: a question has one answer block; this brace starts another "
                       "(write \\{ or \\} for a brace)"),
    ("::title Q? {T}", "bank.gift:1: error: the title's '::' is never closed with '::'"),
    ("Q? {=a ~}", "bank.gift:1: error: empty answer after '~'"),
    ("Q? {\n=a\n~\n}", "bank.gift:3: error: empty answer after '~'"),
    ("Q? {#abc}", "bank.gift:1: error: 'abc' is not a number"),
    ("Q? {#\n=1:0\n=%50%x:1\n}", "bank.gift:3: error: 'x' is not a number"),
    ("Q? {#3..1}", "bank.gift:1: error: range 3..1 runs backwards"),
    ("Q? {#}", "bank.gift:1: error: numeric answer is empty after '#'"),
    ("Q? {~a ~b}", "bank.gift:1: error: no correct answer: mark one with '=' or give right answers a positive "
                   "%weight%"),
    ("Q? {~%150%a ~b}", "bank.gift:1: error: weight 150% is outside -100%..100%"),
    ("Q? {~%abc%a =b}", "bank.gift:1: error: bad weight '%abc%a'; write it like %50%"),
    ("Q? {=a -> 1 =b}", "bank.gift:1: error: a matching question holds only '=left -> right' pairs"),
    ("Q? {=a -> }", "bank.gift:1: error: matching pair with nothing after '->'"),
    ("Q? {stray =a}", "bank.gift:1: error: text 'stray' before the first '=' or '~' in the answers"),
])
def test_malformed_construct_gives_its_line(text: str, expected: str) -> None:
    assert expected in errors(text)


def test_all_errors_are_reported_together() -> None:
    found = errors("A? {=a ~}\n\nB? {T}\n\nC? {#x}\n")
    assert found == ["bank.gift:1: error: empty answer after '~'", "bank.gift:5: error: 'x' is not a number"]


def test_wrong_encoding_names_the_line() -> None:
    data = b"Q1? {T}\n\n" + "Qu'est-ce que la kétamine? {T}".encode("latin-1")
    with pytest.raises(FormatError) as info:
        decode(data, "bank.gift")
    assert str(info.value) == "bank.gift:3: error: file is not UTF-8 text; save it as UTF-8"
    assert info.value.line == 3
