"""Numeric: the student types a number; accepted within a tolerance or a range, with an optional unit.

Response: the typed text (or a number). Accepted when low <= value <= high; `answer` is the value shown.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result, fmt, parse_number
from quizapp.bank.model import AnkiCard, GiftText, Question, Render
from quizapp.bank.schema_parts import NUMBER
from quizapp.bank.types.info import TypeInfo

TOLERANCE_RE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*(%?)\s*$")
# `answer: 1-2` (or 1–2, 1 to 2): an author meaning a range of accepted values
RANGE_TEXT_RE = re.compile(r"^\s*(-?[0-9]+(?:\.[0-9]+)?)\s*(?:-|\u2013|\u2014|to)\s*(-?[0-9]+(?:\.[0-9]+)?)\s*$")


@dataclass(kw_only=True, slots=True)
class Numeric(Question):
    type: ClassVar[str] = "numeric"
    own_fields: ClassVar[frozenset[str]] = frozenset({"answer", "tolerance", "range", "unit"})
    answer: float
    low: float
    high: float
    unit: str = ""

    def answer_fields(self) -> dict[str, Any]:
        return {"answer": self.answer, "low": self.low, "high": self.high, "unit": self.unit}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        unit = f.text("unit", required=False) or ""
        if f.has("range"):
            rng = f.raw("range")
            if (not isinstance(rng, list) or len(rng) != 2
                    or any(isinstance(v, bool) or not isinstance(v, int | float) for v in rng) or rng[0] > rng[1]):
                f.report.add(f.where("range"), f"{f.what}: 'range' must be [low, high] with low <= high")
                raise Missing
            low, high = float(rng[0]), float(rng[1])
            answer = f.number("answer", required=False)
            if answer is None:
                answer = (low + high) / 2
            elif not low <= answer <= high:
                f.report.add(f.where("answer"), f"{f.what}: 'answer' lies outside 'range'")
                raise Missing
            return cls(answer=answer, low=low, high=high, unit=unit, **common)
        written = f.raw("answer")
        as_range = RANGE_TEXT_RE.match(written) if isinstance(written, str) else None
        if as_range:
            f.report.add(f.where("answer"), f"{f.what}: 'answer' must be a number, not text; for a range of accepted "
                                            f"values write 'range: [{as_range[1]}, {as_range[2]}]'")
            raise Missing
        answer = f.number("answer")
        assert answer is not None
        tol = f.raw("tolerance")
        width = 0.0
        if tol is not None:
            if isinstance(tol, bool):
                f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' must be a number or a percentage")
                raise Missing
            if isinstance(tol, int | float):
                width = float(tol)
            else:
                m = TOLERANCE_RE.match(str(tol))
                if not m:
                    f.report.add(f.where("tolerance"),
                                 f"{f.what}: tolerance '{tol}' is not a number or a percentage like '5%'")
                    raise Missing
                width = float(m.group(1)) * (abs(answer) / 100 if m.group(2) else 1)
            if width < 0:
                f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' cannot be negative")
                raise Missing
        return cls(answer=answer, low=answer - width, high=answer + width, unit=unit, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"answer": NUMBER,
                "tolerance": {"oneOf": [{"type": "number", "minimum": 0},
                                        {"type": "string", "pattern": r"^\s*[0-9]+(\.[0-9]+)?\s*%?\s*$"}]},
                "range": {"type": "array", "items": NUMBER, "minItems": 2, "maxItems": 2},
                "unit": {"type": "string"}}, []

    def expected(self) -> str:
        """The right value as shown: '2.5', or '2.5 (2–3)' for a range, with the unit."""
        text = fmt(self.answer) if self.low == self.high else f"{fmt(self.answer)} ({fmt(self.low)}–{fmt(self.high)})"
        return f"{text} {self.unit}" if self.unit else text

    def grade(self, response: Any) -> Result:
        value = parse_number(response if isinstance(response, str | int | float) else None, self.unit)
        if value is None:
            shown = response if isinstance(response, str) else ""
            return Result(0.0, (Part("value", shown, self.expected(), False),), answered=bool(shown.strip()))
        # a relative epsilon so that 0.1 + 0.2 style float noise at the boundary still counts
        eps = 1e-9 * max(1.0, abs(self.low), abs(self.high))
        ok = self.low - eps <= value <= self.high + eps
        return Result(float(ok), (Part("value", fmt(value), self.expected(), ok),))

    def yaml_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"answer": self.answer}
        width = self.answer - self.low
        # `tolerance` only when the loader's own arithmetic gives back exactly these bounds
        if self.low == self.high == self.answer:
            pass
        elif width >= 0 and self.answer - width == self.low and self.answer + width == self.high:
            out["tolerance"] = width
        else:
            out["range"] = [self.low, self.high]
        if self.unit:
            out["unit"] = self.unit
        return out

    def anki(self, render: Render) -> AnkiCard:
        unit = f" {html.escape(self.unit)}" if self.unit else ""
        span = "" if self.low == self.high else f" (accepted {self.low:g}–{self.high:g})"
        return AnkiCard("qa", {"front_extra": "", "back": f"<b>{self.answer:g}{unit}</b>{span}"})

    def gift(self, escape: Callable[[str], str]) -> GiftText:
        lost = []
        if self.unit:
            lost.append(f"the unit '{self.unit}' (GIFT numbers have none; the prompt should name it)")
        width = (self.high - self.low) / 2
        if self.low == self.high:
            spec = _num(self.answer)
        elif abs(self.answer - (self.low + width)) <= 1e-9 * max(1.0, abs(self.answer)):
            spec = f"{_num(self.answer)}:{_num(width)}"
        else:
            spec = f"{_num(self.low)}..{_num(self.high)}"
            lost.append(f"the shown answer {_num(self.answer)} (GIFT ranges show their midpoint)")
        return GiftText(escape(self.prompt) + " ", (f"#{spec}",), lost=tuple(lost))

    def response_text(self, response: Any) -> str:
        text = str(response).strip() if isinstance(response, str | int | float) else ""
        if text and self.unit and not text.casefold().endswith(self.unit.casefold()):
            text = f"{text} {self.unit}"
        return text

    def answer_text(self) -> str:
        span = "" if self.low == self.high else f" (accepted {self.low:g}–{self.high:g})"
        return f"{self.answer:g} {self.unit}".strip() + span

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        # 5 for 10 means something only within this question
        for given, expected, why, _ in Question.wrong_parts(self, response):
            yield given, expected, why, True


def _num(x: float) -> str:
    return f"{x:.15g}"


TYPES = (TypeInfo("numeric", Numeric, "Numeric", "numeric", 70, "a number within a tolerance or range"),)
