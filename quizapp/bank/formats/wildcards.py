"""Moodle's short-answer patterns (`*` stands for any text, `\\*` for a star) in the bank's terms.

The bank has no pattern matching, so a star becomes typo tolerance on the words around it: a student who
types `an arylcyclohexylamine` for `*arylcyclohexylamine*` is still accepted, most other additions are not;
the importer says so for each answer, so the instructor can check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_STAR = re.compile(r"(?<!\\)\*")


@dataclass(slots=True)
class Converted:
    answers: list[str] = field(default_factory=list)
    fuzzy: bool = False  # some answer had a wildcard: accept typos around its words
    notes: list[str] = field(default_factory=list)


def has_wildcard(answer: str) -> bool:
    return bool(_STAR.search(answer))


def convert(answers: list[str], can_fuzzy: bool = True) -> Converted:
    """The literal answers, whether typo tolerance stands in for a wildcard, and a note per change."""
    out = Converted()
    for answer in answers:
        if not has_wildcard(answer):
            out.answers.append(answer.replace("\\*", "*"))
            continue
        literal = " ".join(_STAR.sub(" ", answer).split()).replace("\\*", "*")
        if not literal:
            out.notes.append(f"answer '{answer}' (any text at all) dropped: the app needs a right answer to compare")
            continue
        out.answers.append(literal)
        tolerance = "with typo tolerance" if can_fuzzy else "exactly (a cloze gap has no typo tolerance)"
        out.notes.append(f"Moodle wildcard in '{answer}' (a '*' stands for any text) has no equivalent: "
                         f"'{literal}' is accepted {tolerance}; check that this accepts what you meant")
        out.fuzzy = out.fuzzy or can_fuzzy
    out.answers = list(dict.fromkeys(out.answers))
    return out
