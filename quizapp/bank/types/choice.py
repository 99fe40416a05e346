"""Single and multiple choice: pick the one right option, or every right one, from a shuffled list.

Response: single_choice an int (the index of the chosen option as written in the bank), multiple_choice
a list of ints. Each wrong option carries a `why` naming the misconception it catches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from random import Random
from typing import Any, ClassVar

from quizapp.bank.fields import Fields, Missing
from quizapp.bank.grading import Part, Result
from quizapp.bank.model import AnkiCard, GiftText, MoodleAnswer, MoodleXml, Question, Render
from quizapp.bank.schema_parts import TEXTISH
from quizapp.bank.types.info import TypeInfo
from quizapp.bank.yamlsafe import LList, LMap

SINGLE, MULTIPLE = "single_choice", "multiple_choice"
# Moodle accepts only these grade percentages; 100/k is among them for k = 1..10
_MOODLE_PERCENTS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5)


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    correct: bool = False
    why: str | None = None


@dataclass(kw_only=True, slots=True)
class ChoiceQuestion(Question):
    """single_choice and multiple_choice share their shape; `multiple` tells them apart."""

    type: ClassVar[str] = SINGLE
    own_fields: ClassVar[frozenset[str]] = frozenset({"choices", "shuffle"})
    guessable: ClassVar[bool] = True
    choices: tuple[Choice, ...]
    shuffle: bool = True
    multiple: bool = False

    @property
    def qtype(self) -> str:
        return MULTIPLE if self.multiple else SINGLE

    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def option_order(self, rng: Random | None) -> list[int] | None:
        order = list(range(len(self.choices)))
        if rng is not None and self.shuffle:
            rng.shuffle(order)
        return order

    def answer_fields(self) -> dict[str, Any]:
        return {"choices": sorted((c.text, c.correct) for c in self.choices), "multiple": self.multiple}

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        raw = f.raw("choices")
        if not isinstance(raw, LList) or len(raw) < 2:
            f.report.add(f.where("choices"), f"{f.what}: 'choices' must be a list of at least 2 choices")
            raise Missing
        choices = []
        for i, item in enumerate(raw):
            if isinstance(item, str | int | float) and not isinstance(item, bool):
                item_map = LMap(raw.where(i))
                item_map["text"] = str(item)
                item = item_map
            if not isinstance(item, LMap):
                f.report.add(raw.where(i), f"{f.what}: choice {i + 1} must be text or {{text: ..., correct: true}}")
                raise Missing
            cf = Fields(item, f.report, f"{f.what}, choice {i + 1}")
            choices.append(Choice(cf.text("text") or "", cf.flag("correct", False), cf.text("why", required=False)))
            cf.check_unknown({"text", "correct", "why"})
        texts = [c.text.casefold() for c in choices]
        if len(set(texts)) != len(texts):
            f.report.add(f.where("choices"), f"{f.what}: two choices have the same text")
            raise Missing
        n_correct = sum(c.correct for c in choices)
        if n_correct == 0:
            f.report.add(f.where("choices"), f"{f.what}: no choice is marked 'correct: true'")
            raise Missing
        if name == SINGLE and n_correct > 1:
            f.report.add(f.where("choices"),
                         f"{f.what}: single_choice has {n_correct} correct choices; use multiple_choice")
            raise Missing
        for i, c in enumerate(choices):
            if not c.correct and not c.why:
                f.report.add(raw.where(i), f"{f.what}: wrong choice {i + 1} has no 'why'", "warning")
        return cls(choices=tuple(choices), shuffle=f.flag("shuffle", True), multiple=name == MULTIPLE, **common)

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        choice = {"oneOf": [TEXTISH, {"type": "object", "required": ["text"], "additionalProperties": False,
                                      "properties": {"text": TEXTISH, "correct": {"type": "boolean"},
                                                     "why": TEXTISH}}]}
        # at least one choice is marked correct (a bare text is a wrong choice)
        keyed = {"contains": {"type": "object", "required": ["correct"], "properties": {"correct": {"const": True}}}}
        if name == SINGLE:
            keyed["maxContains"] = 1
        return {"choices": {"type": "array", "minItems": 2, "items": choice, **keyed},
                "shuffle": {"type": "boolean"}}, ["choices"]

    def picks(self, response: Any) -> set[int]:
        """The choices a response picks (indexes as written): single_choice reads one int, multiple_choice
        a list of them; anything else (another type's response, a bool, an index out of range) picks none."""
        raw = (response if isinstance(response, list | tuple) else []) if self.multiple else [response]
        return {p for p in raw if isinstance(p, int) and not isinstance(p, bool) and 0 <= p < len(self.choices)}

    def grade(self, response: Any) -> Result:
        picks = self.picks(response)
        parts = []
        for i, c in enumerate(self.choices):
            picked = i in picks
            if picked or c.correct:
                parts.append(Part(c.text, "chosen" if picked else "not chosen",
                                  "correct" if c.correct else "wrong", picked == c.correct,
                                  None if c.correct else c.why))
        if not picks:
            return Result(0.0, tuple(parts), answered=False)
        keys = self.correct_indices()
        right, wrong = len(picks & keys), len(picks - keys)
        score = max(0.0, (right - wrong) / len(keys)) if self.multiple else float(right == 1)
        return Result(score, tuple(parts))

    def encode(self) -> list[Any]:
        return [[[c.text, c.correct, c.why] for c in self.choices], self.shuffle, self.multiple]

    @classmethod
    def decode(cls, values: list[Any]) -> dict[str, Any]:
        choices, shuffle, multiple = values
        return {"choices": tuple(Choice(t, bool(c), w) for t, c, w in choices), "shuffle": shuffle,
                "multiple": multiple}

    def yaml_fields(self) -> dict[str, Any]:
        choices = []
        for c in self.choices:
            item: dict[str, Any] = {"text": c.text}
            if c.correct:
                item["correct"] = True
            if c.why:
                item["why"] = c.why
            choices.append(item)
        return {"choices": choices, **({} if self.shuffle else {"shuffle": False})}

    def note_order(self) -> list[int]:
        """The fixed order a note of another tool shows the choices in (it cannot shuffle at each showing):
        shuffled with a seed made from the question id, so every export writes the same order (Anki
        updates the note in place) and the key is not always first, as banks tend to write it."""
        seed = int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:8], "big")
        order = self.option_order(Random(seed))
        assert order is not None
        return order

    def anki(self, render: Render) -> AnkiCard:
        hint = "<p><i>Select all that apply.</i></p>" if self.multiple else ""
        shown_order = [self.choices[i] for i in self.note_order()]
        shown = "".join(f"<li><b>{_letter(i)}.</b> {render(c.text)}</li>" for i, c in enumerate(shown_order))
        answer = []
        for i, c in enumerate(shown_order):
            mark = "✔" if c.correct else "✘"
            why = f' <span class="why">— {render(c.why)}</span>' if c.why else ""
            answer.append(f"<li>{mark} <b>{_letter(i)}.</b> {render(c.text)}{why}</li>")
        return AnkiCard("choice", {"choices": f'{hint}<ul class="choices">{shown}</ul>',
                                   "answer": f'<ul class="answer">{"".join(answer)}</ul>'})

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        def feedback(why: str | None) -> str:
            return f"#{text(why)}" if why else ""

        if self.multiple:
            k = len(self.correct_indices())
            right, wrong = _percent(k), "-" + _percent(k)
            answers = [f"~%{right if c.correct else wrong}%{text(c.text)}{feedback(c.why)}" for c in self.choices]
        else:
            answers = [f"{'=' if c.correct else '~'}{text(c.text)}{feedback(c.why)}" for c in self.choices]
        lost = () if self.shuffle else ("the fixed choice order (Moodle's shuffle setting is not in GIFT)",)
        return GiftText(text(self.prompt) + " ", tuple(answers), multiline=True, lost=lost)

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        k = len(self.correct_indices())
        if self.multiple:  # +100/k per key and -100/k per wrong pick, floored at 0: the app's own scoring
            right, wrong = float(_percent(k)), -float(_percent(k))
        else:
            right, wrong = 100.0, 0.0
        answers = tuple(MoodleAnswer(render(c.text), right if c.correct else wrong, render(c.why) if c.why else "")
                        for c in self.choices)
        return MoodleXml("multichoice", options=(
            ("single", "false" if self.multiple else "true"), ("shuffleanswers", "true" if self.shuffle else "false"),
            ("answernumbering", "abc"), ("showstandardinstruction", "0")), answers=answers)

    def response_text(self, response: Any) -> str:
        chosen = [self.choices[i].text for i in sorted(self.picks(response))]
        if self.multiple:
            return "\n".join(f"- {c}" for c in chosen)
        return chosen[0] if chosen else ""

    def answer_text(self) -> str:
        right = [c.text for c in self.choices if c.correct]
        return "\n".join(f"- {r}" for r in right) if self.multiple else right[0]

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        right = " / ".join(c.text for c in self.choices if c.correct)
        for i in sorted(self.picks(response)):
            if not self.choices[i].correct:
                yield self.choices[i].text, right, self.choices[i].why or self.explanation, False


def _letter(i: int) -> str:
    return chr(ord("A") + i) if i < 26 else str(i + 1)


def _percent(k: int) -> str:
    exact = 100 / k
    nearest = min(_MOODLE_PERCENTS, key=lambda p: abs(p - exact))
    return f"{nearest:g}"


TYPES = (
    TypeInfo(SINGLE, ChoiceQuestion, "Single choice", "single", 20, "one right option among several"),
    TypeInfo(MULTIPLE, ChoiceQuestion, "Multiple choice", "multiple", 30, "every right option among several"),
)
