"""Helpers for format tests: parse small inputs, compare questions without their file positions."""

from __future__ import annotations

import dataclasses
import textwrap
from typing import Any

from quizapp.bank.formats import IMPORTERS, Imported
from quizapp.bank.model import Question


def parse(fmt: str, text: str, file: str = "in.txt") -> Imported:
    """Parse dedented text with the named importer."""
    return IMPORTERS[fmt]().parse(textwrap.dedent(text).lstrip("\n"), file)


def meaning(q: Question) -> dict[str, Any]:
    """What a question means to a student: everything but where it was read from and its id."""
    fields = dataclasses.asdict(q)
    for key in ("file", "line", "where", "content_hash", "id", "topic", "sources"):
        fields.pop(key, None)
    return {"type": str(q.qtype), **fields}
