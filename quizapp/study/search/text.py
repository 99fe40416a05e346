"""A question's searchable text, gathered from its fields generically, and the folding used for names.

Every str a question holds is searchable (its prompt, choices and their whys, answers, pairs, items,
explanation...), except the bookkeeping every question shares (id, topic, tags, file, sources...).
The walk goes through dataclass fields, tuples and lists, so a new question type needs nothing here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from quizapp.bank.model import Question

# Fields of every question that are not its text: filters (topic:, tag:, id:) or bookkeeping.
NOT_TEXT = frozenset(f.name for f in fields(Question)) - {"prompt", "explanation"}
SHOWN_CHARS = 240  # of the first text, kept for the Browse table and sorting
_SPACE = re.compile(r"\s+")
# **bold**, *emphasis* and `code` are shown as plain words (2*3*4 is left alone)
_MARKUP = re.compile(r"(?<![\w*`])(\*\*|\*|`)(\S(?:.*?\S)?)\1(?![\w*`])")


@cache
def _text_fields(cls: type) -> tuple[str, ...]:
    """The fields of a dataclass that may hold text, in order (looked up once per class)."""
    return tuple(f.name for f in fields(cls) if f.name not in NOT_TEXT)


def _strings(value: Any, out: list[str]) -> None:
    if isinstance(value, str):
        if value:
            out.append(value)
    elif isinstance(value, tuple | list):
        for item in value:
            _strings(item, out)
    elif is_dataclass(value) and not isinstance(value, type):
        for name in _text_fields(type(value)):
            _strings(getattr(value, name), out)


def searchable_text(question: Question) -> list[str]:
    """Every piece of text of `question`: the prompt, the type's own fields in order, the explanation."""
    out: list[str] = []
    for name in _text_fields(type(question)):
        if name != "explanation":
            _strings(getattr(question, name), out)
    _strings(question.explanation, out)
    return out


def shown_text(pieces: list[str]) -> str:
    """One line for a table: the first piece (the prompt, or the first text of a question without one)."""
    line = _MARKUP.sub(r"\2", _SPACE.sub(" ", pieces[0])).strip() if pieces else ""
    return line if len(line) <= SHOWN_CHARS else line[:SHOWN_CHARS - 1] + "…"


def fold(text: str) -> str:
    """Case and accents dropped (é -> e), as the text index compares words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def pattern(value: str) -> re.Pattern[str]:
    """A folded value in which `*` stands for any run of characters."""
    return re.compile(".*".join(re.escape(part) for part in fold(value).split("*")), re.DOTALL)
