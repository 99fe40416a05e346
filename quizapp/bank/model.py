"""The question model every type shares: the common fields, the hooks each type implements, sources, banks.

A question type is one module in quizapp/bank/types/ holding a `Question` subclass that overrides the
hooks below (how it is parsed, graded, cached, written and exported, and how a response reads). The rest
of the code calls the hooks and never names a type.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from random import Random
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from quizapp.bank.problems import Problem, Severity

if TYPE_CHECKING:
    from quizapp.bank.fields import Fields
    from quizapp.bank.result import Result

__all__ = ["AnkiCard", "Bank", "GiftText", "MoodleAnswer", "MoodleRich", "MoodleXml", "Problem", "Question", "Render",
           "Severity", "Source", "Unexpressible"]
Render = Callable[[str], str]  # bank Markdown -> HTML (quizapp.bank.markup.to_html or an inline variant)


@dataclass(frozen=True, slots=True)
class Source:
    """A citable public reference; questions point at it by key."""

    key: str
    title: str
    url: str | None = None
    doi: str | None = None
    authors: str | None = None
    year: int | None = None
    publisher: str | None = None

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        return f"https://doi.org/{self.doi}" if self.doi else None

    def citation(self) -> str:
        parts = [p for p in (self.authors, self.title, self.publisher) if p]
        text = ". ".join(parts)
        return f"{text} ({self.year})" if self.year else text


class Unexpressible(Exception):
    """A question a foreign format has no construct for; exporters note it and go on."""


@dataclass(frozen=True, slots=True)
class AnkiCard:
    """What a question puts on an Anki note: which of the export's note types, and its type-specific fields.

    kind "qa": front_extra (shown under the prompt) and back; "choice": choices (shown) and answer;
    "deletions" (Anki's own gap-fill note type): text (with {{c1::...}} deletions) and extra.
    """

    kind: Literal["qa", "choice", "deletions"]
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class GiftText:
    """A question in GIFT: escaped text before its answer block, the block's answers, text after it.

    The exporter writes `before{answers general-feedback}after`; `multiline` puts each answer on a line
    of its own (choices, as Moodle's own export does). `lost` names what GIFT cannot carry.
    """

    before: str
    answers: tuple[str, ...]
    after: str = ""
    multiline: bool = False
    lost: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MoodleRich:
    """An element holding HTML text, written `<name format="html"><text>...</text></name>` (e.g. graderinfo)."""

    html: str


@dataclass(frozen=True, slots=True)
class MoodleAnswer:
    """One `<answer>` of a Moodle question.

    `fraction` is the percentage Moodle writes (100, 33.33333, -50; for items to put in order, their position);
    `html` says whether the text is HTML (choices, items) or plain (typed answers, numbers, "true");
    `extra` are child elements after the feedback, such as ("tolerance", "0.5").
    """

    text: str
    fraction: float
    feedback: str = ""
    html: bool = True
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MoodleXml:
    """A question in Moodle XML terms; the exporter adds the parts every question has (name, question text,
    general feedback, idnumber, tags, image).

    `qtype` is the `type` attribute Moodle writes ("multichoice", "multianswer", ...); `text` replaces the
    rendered prompt as question text when set (a passage whose gaps hold embedded answers); `options` are the
    elements before the answers, in Moodle's own order; `subquestions` are (item HTML, answer plain text)
    pairs; `units` a numerical's (unit, multiplier) list; `after` the elements after
    those (a numerical's unit handling); `lost` names what Moodle cannot hold.
    """

    qtype: str
    text: str | None = None
    options: tuple[tuple[str, str | MoodleRich], ...] = ()
    answers: tuple[MoodleAnswer, ...] = ()
    subquestions: tuple[tuple[str, str], ...] = ()
    units: tuple[tuple[str, float], ...] = ()
    after: tuple[tuple[str, str], ...] = ()
    lost: tuple[str, ...] = ()


@dataclass(kw_only=True, slots=True)
class Question:
    """Fields every question type shares. `file`/`line` say where it was written."""

    type: ClassVar[str]  # the type's name as banks write it (`type: ...`)
    # Class-level facts a type declares; the defaults fit most types.
    own_fields: ClassVar[frozenset[str]] = frozenset()  # its YAML keys beyond the common ones
    prompt_required: ClassVar[bool] = True
    self_graded: ClassVar[bool] = False  # the student rates themselves: no grade, no place in a mock exam
    guessable: ClassVar[bool] = False  # answered by picking one of a few options: negative marking applies

    id: str
    prompt: str
    topic: str
    file: str = ""
    line: int = 0
    explanation: str = ""
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulty: int | None = None
    image: str | None = None  # resolved, absolute path (checked to stay inside the bank folder, and safe)
    image_alt: str = ""  # the image in words: its accessible name, tooltip and text wherever it cannot be shown
    image_shown: Literal["prompt", "feedback"] = "prompt"  # under the prompt, or only with the feedback
    replaces: tuple[str, ...] = ()
    fact: str = ""  # questions written on the same fact are siblings: a day's study shows one of them
    # The sibling group: `fact`, or a key given to near-duplicate prompts (quizapp/bank/siblings.py); "" alone
    siblings: str = field(default="", compare=False)
    content_hash: str = field(default="", compare=False)
    # (line, column) of some keys, so later cross-file checks can point at the exact key
    where: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.fact and not self.siblings:
            self.siblings = self.fact

    @property
    def qtype(self) -> str:
        """The type's name; a type whose class serves several names says which one this is."""
        return self.type

    def stem(self) -> str:
        """The text a student reads before answering (the prompt, and a passage with its blanks), compared
        to find near-duplicate questions."""
        extra = self.report_text()
        return f"{self.prompt} {extra}" if extra else self.prompt

    # --- definition -------------------------------------------------------------------------------
    def answer_fields(self) -> dict[str, Any]:
        """What the student must know: the part of the question whose change matters to progress."""
        return {}

    def hash_type(self) -> str:
        """The type name the content hash covers (kept as first written, so hashes stay stable)."""
        return self.type

    def compute_hash(self) -> str:
        payload = {"type": self.hash_type(), "prompt": self.prompt, **self.answer_fields()}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=list)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    @classmethod
    def parse(cls, f: Fields, name: str, common: dict[str, Any]) -> Question:
        """Build the question from its mapping; record each problem in `f.report` and raise Missing on errors."""
        raise NotImplementedError

    @classmethod
    def schema(cls, name: str) -> tuple[dict[str, Any], list[str]]:
        """The JSON Schema properties of the type's own keys, and which of them are required."""
        raise NotImplementedError

    def option_order(self, rng: Random | None) -> list[int] | None:
        """The order to show the type's options in (indexes as written; shuffled with `rng` when the
        question allows it), for a mock exam to keep; None for a type without options to order."""
        return None

    # --- grading ----------------------------------------------------------------------------------
    def grade(self, response: Any) -> Result:
        """Score a response; an empty or malformed one (any JSON value) scores 0, never raises."""
        raise NotImplementedError

    # --- the bank cache ---------------------------------------------------------------------------
    def encode(self) -> list[Any]:
        """The type's own fields as JSON values, in declaration order (the cache's compact form)."""
        return [_plain(getattr(self, name)) for name in self.own_slots()]

    @classmethod
    def decode(cls, values: list[Any]) -> dict[str, Any]:
        """The constructor arguments for the type's own fields, from `encode`'s values."""
        names = cls.own_slots()
        if len(values) != len(names):
            raise ValueError("field mismatch")
        return {name: tuple(v) if isinstance(v, list) else v for name, v in zip(names, values, strict=True)}

    @classmethod
    def own_slots(cls) -> tuple[str, ...]:
        """The dataclass fields the type adds to the common ones, in declaration order."""
        cached = cls.__dict__.get("_own_slots_cache")
        if cached is None:
            from dataclasses import fields

            common = {f.name for f in fields(Question)}
            cached = tuple(f.name for f in fields(cls) if f.name not in common)
            type.__setattr__(cls, "_own_slots_cache", cached)
        return cached

    # --- writing back and exporting ---------------------------------------------------------------
    def yaml_fields(self) -> dict[str, Any]:
        """The type's own keys as an author would write them (only non-default ones), for the bank writer."""
        raise NotImplementedError

    def anki(self, render: Render) -> AnkiCard:
        """The Anki note content; `render` turns bank Markdown into HTML."""
        raise NotImplementedError

    def gift(self, text: Render, plain: Callable[[str], str]) -> GiftText:
        """The GIFT form of the question; Unexpressible if none. `text` turns bank Markdown into the HTML
        GIFT writes under `[html]`, escaped; `plain` escapes a plain value (a typed answer, a number)."""
        raise Unexpressible(f"{self.type} questions have no GIFT form")

    def moodle_xml(self, render: Render, plain: Callable[[str], str]) -> MoodleXml:
        """The Moodle XML form of the question; Unexpressible where Moodle core has no equivalent.
        `render` turns bank Markdown into an HTML fragment, `plain` into plain text (for Moodle's plain
        fields: typed answers, the answers items are paired with)."""
        raise Unexpressible(f"{self.type} questions have no Moodle XML form")

    # --- describing answers (exam report, misconception statistics) --------------------------------
    def response_text(self, response: Any) -> str:
        """What the student gave, as Markdown ("" when blank or malformed)."""
        return ""

    def answer_text(self) -> str:
        """The correct answer, as Markdown."""
        return ""

    def report_text(self) -> str:
        """Text the exam report shows under the prompt (e.g. a passage with numbered blanks)."""
        return ""

    def wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        """(given, expected, why, own_question) for each wrong part of a response, for the misconception
        statistics; own_question: the mistake means something only within this question ("false" for
        "true"), so it is not merged with the same words in other questions."""
        for part in self.grade(response).parts:
            if not part.ok and part.given.strip():
                yield part.given, part.expected, part.why or self.explanation, False

    def labelled_wrong_parts(self, response: Any) -> Iterator[tuple[str, str, str, bool]]:
        """`wrong_parts` for types whose parts are labelled items ("left → chosen" for "left → right")."""
        for part in self.grade(response).parts:
            if not part.ok and part.given.strip():
                yield (f"{part.label} → {part.given}", f"{part.label} → {part.expected}",
                       part.why or self.explanation, False)


def _plain(value: Any) -> Any:
    """A field value as JSON data: tuples become lists (recursively); dataclasses become lists of fields."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    slots = getattr(type(value), "__slots__", None)
    if slots and hasattr(value, "__dataclass_fields__"):
        return [_plain(getattr(value, s)) for s in value.__dataclass_fields__]
    return value


@dataclass(slots=True)
class Bank:
    """One bank file: a titled set of questions on one topic."""

    path: str
    title: str
    topic: str
    questions: list[Question] = field(default_factory=list)
    description: str = ""
    # questions left out for errors: (id, question line, id line, id column), so ids are still compared
    rejected: list[tuple[str, int, int, int]] = field(default_factory=list)
