"""Short answer: the student types a word or phrase; accepted answers, optional typo tolerance.

Response: the typed text.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result, match
from quizapp.bank.model import AnkiCard, GiftText, MoodleAnswer, MoodleXml, Question, Render
from quizapp.bank.schema_parts import text_list
from quizapp.bank.types.info import TypeInfo

DEFAULT_FUZZY = 0.85  # what `fuzzy: true` means


@dataclass(kw_only=True, slots=True)
class ShortAnswer(Question):
    type: ClassVar[str] = "short_answer"
    own_fields: ClassVar[frozenset[str]] = frozenset({"answers", "fuzzy"})
    answers: tuple[str, ...]
    fuzzy: float | None = None  # similarity 0..1 accepted as a typo; None = exact after normalising

    def answer_fields(self) -> dict[str, Any]:
        return {"answers": sorted(self.answers)}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        answers = f.text_list("answers", required=True, min_items=1)
        fuzzy = f.raw("fuzzy")
        if fuzzy is True:
            fuzzy = DEFAULT_FUZZY
        elif fuzzy is False:
            fuzzy = None
        elif fuzzy is not None and (isinstance(fuzzy, bool) or not isinstance(fuzzy, int | float)
                                    or not 0.5 <= fuzzy <= 1):
            f.report.add(f.where("fuzzy"), f"{f.what}: 'fuzzy' must be true/false or a similarity from 0.5 to 1")
            raise Missing
        return cls(answers=answers, fuzzy=fuzzy, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"answers": text_list(1),
                "fuzzy": {"oneOf": [{"type": "boolean"}, {"type": "number", "minimum": 0.5, "maximum": 1}]}}, \
            ["answers"]

    def grade(self, response: Any) -> Result:
        given = response if isinstance(response, str) else ""
        found, typo = match(given, self.answers, self.fuzzy)
        ok = found is not None
        # A typo accepted is shown with the spelling it was taken for, so the student learns that spelling.
        part = Part("answer", given, found if typo and found else self.answers[0], ok, typo_of=found if typo else None)
        return Result(float(ok), (part,), answered=bool(given.strip()))

    def yaml_fields(self) -> dict[str, Any]:
        fuzzy: dict[str, Any] = {}
        if self.fuzzy is not None:
            fuzzy["fuzzy"] = True if self.fuzzy == DEFAULT_FUZZY else self.fuzzy
        return {"answers": list(self.answers), **fuzzy}

    def anki(self, render: Render) -> AnkiCard:
        also = (f"<br>Also accepted: {', '.join(html.escape(a) for a in self.answers[1:])}"
                if len(self.answers) > 1 else "")
        return AnkiCard("qa", {"front_extra": "", "back": f"<b>{html.escape(self.answers[0])}</b>{also}"})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        lost = ("typo tolerance (fuzzy)",) if self.fuzzy is not None else ()
        # Moodle reads '*' in a short answer as "any text": a literal one is written '\\*'
        answers = " =".join(plain(a).replace("*", "\\*") for a in self.answers)
        return GiftText(text(self.prompt) + " ", ("=" + answers,), lost=lost)

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        lost = ("typo tolerance (fuzzy)",) if self.fuzzy is not None else ()
        answers = tuple(MoodleAnswer(plain(a).replace("*", "\\*"), 100.0, html=False) for a in self.answers)
        return MoodleXml("shortanswer", options=(("usecase", "0"),), answers=answers, lost=lost)

    def response_text(self, response: Any) -> str:
        return response.strip() if isinstance(response, str) else ""

    def answer_text(self) -> str:
        return " or ".join(self.answers)


TYPES = (TypeInfo("short_answer", ShortAnswer, "Short answer", "short", 60, "a typed word or phrase"),)
