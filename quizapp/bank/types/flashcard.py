"""Flashcard: a front and a back; the student turns the card and rates how well they knew it.

Response: a bool, knew it (rated above Again) or not. Self-graded, so it has no place in a mock exam.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields
from quizapp.bank.grading import Part, Result
from quizapp.bank.model import AnkiCard, GiftText, MoodleRich, MoodleXml, Question, Render, Unexpressible
from quizapp.bank.schema_parts import TEXTISH
from quizapp.bank.types.info import TypeInfo


@dataclass(kw_only=True, slots=True)
class Flashcard(Question):
    type: ClassVar[str] = "flashcard"
    own_fields: ClassVar[frozenset[str]] = frozenset({"back"})
    self_graded: ClassVar[bool] = True
    back: str

    def answer_fields(self) -> dict[str, Any]:
        return {"back": self.back}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        return cls(back=f.text("back") or "", **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"back": TEXTISH}, ["back"]

    def grade(self, response: Any) -> Result:
        if not isinstance(response, bool):
            return Result(0.0, (), answered=False)
        return Result(1.0 if response else 0.0,
                      (Part("self-rated", "knew it" if response else "forgot", self.back, response),))

    def yaml_fields(self) -> dict[str, Any]:
        return {"back": self.back}

    def anki(self, render: Render) -> AnkiCard:
        return AnkiCard("qa", {"front_extra": "", "back": render(self.back)})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        raise Unexpressible("flashcards have no GIFT form (an essay would lose the answer)")

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        # Moodle core has no self-rated card; an essay keeps the back as the information for graders
        options = (("responseformat", "editor"), ("responserequired", "1"), ("responsefieldlines", "5"),
                   ("attachments", "0"), ("attachmentsrequired", "0"), ("graderinfo", MoodleRich(render(self.back))),
                   ("responsetemplate", MoodleRich("")))
        return MoodleXml("essay", options=options,
                         lost=("self-rating (an essay is graded by the teacher; the back is its grader information)",))

    def response_text(self, response: Any) -> str:
        return {True: "Knew it", False: "Did not know it"}.get(response, "") if isinstance(response, bool) else ""

    def answer_text(self) -> str:
        return self.back

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        return iter(())  # self-rated: there is no wrong answer to name


TYPES = (TypeInfo("flashcard", Flashcard, "Flashcard", "flashcard", 10,
                  "front and back; the student rates how well they knew it"),)
