"""Matching: pair each item on the left with its partner on the right.

Response: a mapping left -> chosen right. Partial credit per pair.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result, normalise
from quizapp.bank.model import AnkiCard, GiftText, MoodleXml, Question, Render
from quizapp.bank.types.info import TypeInfo
from quizapp.bank.yamlsafe import LMap


@dataclass(kw_only=True, slots=True)
class Matching(Question):
    type: ClassVar[str] = "matching"
    own_fields: ClassVar[frozenset[str]] = frozenset({"pairs"})
    pairs: tuple[tuple[str, str], ...]

    def answer_fields(self) -> dict[str, Any]:
        return {"pairs": sorted(self.pairs)}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        raw = f.raw("pairs")
        if not isinstance(raw, LMap) or len(raw) < 2:
            f.report.add(f.where("pairs"), f"{f.what}: 'pairs' must be a mapping of at least 2 'left: right' lines")
            raise Missing
        pairs = []
        for left, right in raw.items():
            if isinstance(right, bool) or not isinstance(right, str | int | float) or not str(right).strip():
                f.report.add(raw.where(left), f"{f.what}: pair '{left}' needs a text on its right")
                raise Missing
            pairs.append((str(left).strip(), str(right).strip()))
        rights = [r.casefold() for _, r in pairs]
        if len(set(rights)) != len(rights):
            f.report.add(f.where("pairs"), f"{f.what}: two pairs share a right-hand side, so matching is ambiguous")
            raise Missing
        return cls(pairs=tuple(pairs), **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"pairs": {"type": "object", "minProperties": 2,
                          "additionalProperties": {"type": ["string", "number"]}}}, ["pairs"]

    def grade(self, response: Any) -> Result:
        chosen: Mapping[str, Any] = response if isinstance(response, Mapping) else {}
        parts = []
        for left, right in self.pairs:
            got = chosen.get(left)
            got = got if isinstance(got, str) else ""
            parts.append(Part(left, got, right, normalise(got) == normalise(right)))
        answered = any(p.given for p in parts)
        return Result(sum(p.ok for p in parts) / len(parts), tuple(parts), answered)

    @classmethod
    def decode(cls, values: list[Any]) -> dict[str, Any]:
        (pairs,) = values
        return {"pairs": tuple((a, b) for a, b in pairs)}

    def yaml_fields(self) -> dict[str, Any]:
        return {"pairs": dict(self.pairs)}

    def anki(self, render: Render) -> AnkiCard:
        lefts = "".join(f"<li>{render(left)}</li>" for left, _ in self.pairs)
        rows = "".join(f"<tr><td>{render(left)}</td><td>→ {render(right)}</td></tr>" for left, right in self.pairs)
        return AnkiCard("qa", {"front_extra": f"<ul>{lefts}</ul>", "back": f"<table>{rows}</table>"})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        pairs = " ".join(f"={text(left)} -> {plain(right)}" for left, right in self.pairs)
        return GiftText(text(self.prompt) + " ", (pairs,))

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        return MoodleXml("matching", options=(("shuffleanswers", "true"),),
                         subquestions=tuple((render(left), plain(right)) for left, right in self.pairs))

    def response_text(self, response: Any) -> str:
        given = response if isinstance(response, Mapping) else {}
        return "\n".join(f"- {left} → {given[left]}" for left, _ in self.pairs if isinstance(given.get(left), str)
                         and given.get(left))

    def answer_text(self) -> str:
        return "\n".join(f"- {left} → {right}" for left, right in self.pairs)

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        return self.labelled_wrong_parts(response)


TYPES = (TypeInfo("matching", Matching, "Matching", "matching", 80, "pair each left item with its right partner"),)
