"""Ordering: put items in their real order (a timeline, a pathway).

Response: the items as text, in the student's order. Credit per correctly ordered neighbouring pair.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result
from quizapp.bank.model import AnkiCard, GiftText, MoodleAnswer, MoodleXml, Question, Render, Unexpressible
from quizapp.bank.schema_parts import text_list
from quizapp.bank.types.info import TypeInfo


@dataclass(kw_only=True, slots=True)
class Ordering(Question):
    type: ClassVar[str] = "ordering"
    own_fields: ClassVar[frozenset[str]] = frozenset({"items"})
    items: tuple[str, ...]

    def answer_fields(self) -> dict[str, Any]:
        return {"items": list(self.items)}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        items = f.text_list("items", required=True, min_items=2)
        if len({i.casefold() for i in items}) != len(items):
            f.report.add(f.where("items"), f"{f.what}: two items are the same")
            raise Missing
        return cls(items=items, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"items": text_list(2)}, ["items"]

    def grade(self, response: Any) -> Result:
        given = [x for x in response if isinstance(x, str)] if isinstance(response, list | tuple) else []
        if sorted(given) != sorted(self.items):
            return Result(0.0, (Part("order", " → ".join(given), " → ".join(self.items), False),), answered=False)
        right_pairs = set(itertools.pairwise(self.items))
        parts = tuple(Part(f"{a} → {b}", f"{a} → {b}", f"{a} → {b}", (a, b) in right_pairs)
                      for a, b in itertools.pairwise(given))
        return Result(sum(p.ok for p in parts) / len(parts), parts)

    def yaml_fields(self) -> dict[str, Any]:
        return {"items": list(self.items)}

    def anki(self, render: Render) -> AnkiCard:
        shuffled = "".join(f"<li>{render(i)}</li>" for i in sorted(self.items, key=str.casefold))
        ordered = "".join(f"<li>{render(i)}</li>" for i in self.items)
        return AnkiCard("qa", {"front_extra": f"<p><i>Put in order:</i></p><ul>{shuffled}</ul>",
                               "back": f"<ol>{ordered}</ol>"})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        raise Unexpressible("ordering questions have no GIFT form")

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        # Moodle core's ordering (since 4.4): all items shown; "next item, excluding the last" gives credit per
        # correctly ordered neighbouring pair, as the app grades
        options = (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", str(len(self.items))),
                   ("gradingtype", "RELATIVE_NEXT_EXCLUDE_LAST"), ("showgrading", "SHOW"),
                   ("numberingstyle", "none"))
        return MoodleXml("ordering", options=options,
                         answers=tuple(MoodleAnswer(render(item), float(n)) for n, item in enumerate(self.items, 1)))

    def response_text(self, response: Any) -> str:
        return " → ".join(x for x in response if isinstance(x, str)) if isinstance(response, list) else ""

    def answer_text(self) -> str:
        return " → ".join(self.items)

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        return iter(())  # an order has no single wrong answer to name


TYPES = (TypeInfo("ordering", Ordering, "Ordering", "ordering", 90, "items put in their real order"),)
