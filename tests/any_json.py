"""Shared by the property tests: arbitrary JSON values as Python's json module reads them, and one
real question of every registered type (from tests/bank/fixtures/valid/every_type.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from quizapp.bank.loader import load_banks
from quizapp.bank.model import Question

EVERY_TYPE = Path(__file__).parent / "bank" / "fixtures" / "valid" / "every_type.yaml"

# What a JSON file can hold that Python's json module reads back: integers of any size up to its digit
# limit, NaN and infinities (it accepts them), lone surrogates from \ud800 escapes, deep nesting.
BIG = st.sampled_from([10**400, -(10**400), 2**1024, 2**63, -(2**63) - 1, 10**4000])
ODD_TEXT = st.sampled_from(["", " ", "\ud800", "1e999", "-inf", "nan", "Infinity", "0x10", "1_000", "\x00"])
SCALARS = (st.none() | st.booleans() | st.integers() | BIG | st.floats(allow_nan=True, allow_infinity=True)
           | st.text(max_size=30) | ODD_TEXT)


def json_values(leaves: st.SearchStrategy[Any] = SCALARS, max_leaves: int = 25) -> st.SearchStrategy[Any]:
    """Nested lists and objects over `leaves` (object keys are text, as in JSON)."""
    keys = st.text(max_size=10) | leaves.filter(lambda v: isinstance(v, str))
    return st.recursive(leaves, lambda inner: st.lists(inner, max_size=6)
                        | st.dictionaries(keys, inner, max_size=6), max_leaves=max_leaves)


def one_of_each_type() -> dict[str, Question]:
    """type name -> the sample bank's first question of that type."""
    loaded = load_banks([EVERY_TYPE])
    assert not loaded.errors, loaded.errors
    found: dict[str, Question] = {}
    for question in loaded.questions.values():
        found.setdefault(question.qtype, question)
    return found


def _texts(value: Any) -> Iterator[str]:
    """Every text inside a question's answer fields: choices, gaps, pairs, items, groups."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _texts(k)
            yield from _texts(v)


def responses(question: Question) -> st.SearchStrategy[Any]:
    """Arbitrary JSON, plus JSON built from the question's own words and small indexes, so each grader's
    real paths run (right and wrong picks, pairs, gaps, orders), not only its first type check."""
    own = sorted(set(_texts(question.answer_fields())) | {question.prompt})
    return json_values(SCALARS | st.sampled_from(own) | st.integers(-2, 12))
