"""docs/search.md stays true: every query it shows parses, and its error example is what quizapp prints."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quizapp.cli.search import MALFORMED
from quizapp.study.search import SearchError, parse

DOC = Path(__file__).resolve().parents[2] / "docs" / "search.md"
TEXT = DOC.read_text(encoding="utf-8")


def _section(title: str) -> str:
    return TEXT.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def _first_cells(section: str) -> list[str]:
    return [m[1] for m in re.finditer(r"^\| `([^`]+)` \|", section, re.M)]


EXAMPLES = (_first_cells(_section("Words and phrases")) + _first_cells(_section("Combining"))
            + [q for row in re.findall(r"^\|.*\| (`.*`) \|$", _section("Filters"), re.M)
               for q in re.findall(r"`([^`]+)`", row)])


@pytest.mark.parametrize("query", EXAMPLES)
def test_every_example_query_parses(query: str) -> None:
    parse(query)


def test_there_are_examples_of_every_filter() -> None:
    shown = " ".join(EXAMPLES)
    for name in ("topic:", "tag:", "type:", "id:", "difficulty:", "rated:", "prop:lapses", "prop:interval",
                 "prop:due", "prop:stability", "prop:difficulty", "prop:retrievability", "is:due", " or ", "-"):
        assert name in shown, name


def test_the_error_example_is_what_the_command_prints() -> None:
    block = _section("Mistakes").split("```\n", 2)[1]
    command, message, echoed, caret = block.splitlines()[:4]
    query = command.split("search ", 1)[1].strip("'")
    with pytest.raises(SearchError) as caught:
        parse(query)
    assert message == f"error: {caught.value.message}"
    assert [echoed, caret] == ["  " + line for line in caught.value.caret(query).splitlines()]
    assert MALFORMED == 2 and "exits with status 2" in _section("Mistakes")
