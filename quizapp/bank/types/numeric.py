"""Numeric: the student types a number; accepted within a tolerance or a range, with an optional unit.

Response: the typed text (or a number). Accepted when low <= value <= high; `answer` is the value shown.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing, finite
from quizapp.bank.grading import Part, Result, fmt, parse_number
from quizapp.bank.model import AnkiCard, GiftText, MoodleAnswer, MoodleXml, Question, Render
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
            bounds = ([finite(v) for v in rng if not isinstance(v, bool) and isinstance(v, int | float)]
                      if isinstance(rng, list) and len(rng) == 2 else [])
            if len(bounds) != 2 or None in bounds or bounds[0] > bounds[1]:  # type: ignore[operator]
                f.report.add(f.where("range"), f"{f.what}: 'range' must be [low, high] with low <= high, both finite")
                raise Missing
            low, high = bounds  # type: ignore[misc]
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
                width = finite(tol)
            else:
                m = TOLERANCE_RE.match(str(tol))
                if not m:
                    f.report.add(f.where("tolerance"),
                                 f"{f.what}: tolerance '{tol}' is not a number or a percentage like '5%'")
                    raise Missing
                width = finite(float(m.group(1)) * (abs(answer) / 100 if m.group(2) else 1))
            # .nan would accept nothing, .inf everything; and the bounds themselves must stay finite
            if width is None or not math.isfinite(answer - width) or not math.isfinite(answer + width):
                f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' must be a finite number, not {tol}")
                raise Missing
            if width < 0:
                f.report.add(f.where("tolerance"), f"{f.what}: 'tolerance' cannot be negative")
                raise Missing
        return cls(answer=answer, low=answer - width, high=answer + width, unit=unit, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        return {"answer": NUMBER,
                "tolerance": {"oneOf": [{**NUMBER, "minimum": 0},
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
        width = self.tolerance()
        # `tolerance` only when the loader's own arithmetic gives back exactly these bounds
        if self.low == self.high == self.answer:
            pass
        elif width is not None:
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

    def tolerance(self) -> float | None:
        """The shortest decimal t with answer - t == low and answer + t == high (the loader's and Moodle's
        own arithmetic), so 237.7 ± 0.1 is written 0.1, not 0.09999999999999432; None if there is none."""
        width = self.answer - self.low
        if width < 0:
            return None
        for digits in range(1, 18):
            t = float(f"{width:.{digits}g}")
            if self.answer - t == self.low and self.answer + t == self.high:
                return t
        return None

    def _centred(self) -> tuple[float, float, str | None]:
        """(value, tolerance) as Moodle writes them; a range not centred on the answer keeps its bounds
        and shows their midpoint, which is named as lost."""
        if self.low == self.high == self.answer:
            return self.answer, 0.0, None
        width = self.tolerance()
        if width is not None:
            return self.answer, width, None
        mid, half = (self.low + self.high) / 2, (self.high - self.low) / 2
        near = 1e-12 * max(1.0, half)  # a shorter spelling of the same half-width, never a wider one
        half = next((t for t in (float(f"{half:.{d}g}") for d in range(1, 18)) if abs(t - half) <= near), half)
        return mid, half, f"the shown answer {decimal(self.answer)} (the range's midpoint is shown instead)"

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        lost = []
        if self.unit:
            lost.append(f"the unit '{self.unit}' (GIFT numbers have none; the prompt should name it)")
        if self.low == self.high:
            spec = decimal(self.answer)
        elif (width := self.tolerance()) is not None:
            spec = f"{decimal(self.answer)}:{decimal(width)}"
        else:
            spec = f"{decimal(self.low)}..{decimal(self.high)}"
            lost.append(f"the shown answer {decimal(self.answer)} (GIFT ranges show their midpoint)")
        return GiftText(text(self.prompt) + " ", (f"#{spec}",), lost=tuple(lost))

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        value, width, lost = self._centred()
        answer = MoodleAnswer(decimal(value), 100.0, html=False, extra=(("tolerance", decimal(width)),))
        # units optional and not graded (unitgradingtype 0, a text box: showunits 0), as the app reads them
        after = (("unitgradingtype", "0"), ("unitpenalty", "0.1000000"), ("showunits", "0" if self.unit else "3"),
                 ("unitsleft", "0"))
        return MoodleXml("numerical", answers=(answer,), units=((self.unit, 1.0),) if self.unit else (),
                         after=after, lost=(lost,) if lost else ())

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


def decimal(x: float) -> str:
    """The shortest decimal that reads back as exactly `x`: 0.1, 237.73, 300, 1e-06."""
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


TYPES = (TypeInfo("numeric", Numeric, "Numeric", "numeric", 70, "a number within a tolerance or range"),)
