"""What a type module registers: its name as banks write it, its class, and how people call it."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.bank.model import Question


@dataclass(frozen=True, slots=True)
class TypeInfo:
    """One registered question type. Several names may share a class (its `qtype` tells them apart)."""

    name: str  # what a bank writes after `type:`
    cls: type[Question]
    label: str  # for people: "Short answer"
    short: str  # a column heading: "short"
    order: int  # position in lists and tables
    summary: str = ""  # one line for docs and `quizapp schema`
