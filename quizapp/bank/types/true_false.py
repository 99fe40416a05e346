"""True/false: one statement, judged true or false.

Response: a bool.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result
from quizapp.bank.model import AnkiCard, GiftText, MoodleAnswer, MoodleXml, Question, Render
from quizapp.bank.types.info import TypeInfo


@dataclass(kw_only=True, slots=True)
class TrueFalse(Question):
    type: ClassVar[str] = "true_false"
    own_fields: ClassVar[frozenset[str]] = frozenset({"answer"})
    guessable: ClassVar[bool] = True
    answer: bool

    def answer_fields(self) -> dict[str, Any]:
        return {"answer": self.answer}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        value = f.raw("answer")
        if not isinstance(value, bool):
            f.report.add(f.where("answer"), f"{f.what}: 'answer' must be true or false")
            raise Missing
        return cls(answer=value, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"answer": {"type": "boolean"}}, ["answer"]

    def grade(self, response: Any) -> Result:
        if not isinstance(response, bool):
            return Result(0.0, (), answered=False)
        ok = response == self.answer
        return Result(float(ok), (Part("statement", str(response).lower(), str(self.answer).lower(), ok),))

    def yaml_fields(self) -> dict[str, Any]:
        return {"answer": self.answer}

    def anki(self, render: Render) -> AnkiCard:
        return AnkiCard("qa", {"front_extra": "<p><i>True or false?</i></p>",
                               "back": "<b>True</b>" if self.answer else "<b>False</b>"})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        return GiftText(text(self.prompt) + " ", ("TRUE" if self.answer else "FALSE",))

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        return MoodleXml("truefalse", answers=(MoodleAnswer("true", 100.0 if self.answer else 0.0, html=False),
                                               MoodleAnswer("false", 0.0 if self.answer else 100.0, html=False)))

    def response_text(self, response: Any) -> str:
        return {True: "True", False: "False"}.get(response, "") if isinstance(response, bool) else ""

    def answer_text(self) -> str:
        return "True" if self.answer else "False"

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        # "false" for "true" means something only within this statement
        for given, expected, why, _ in Question.wrong_parts(self, response):
            yield given, expected, why, True


TYPES = (TypeInfo("true_false", TrueFalse, "True/false", "t/f", 40, "a statement judged true or false"),)
