"""The loaded question model: plain typed dataclasses, independent of Qt and of the database."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal


class QType(StrEnum):
    FLASHCARD = "flashcard"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TRUE_FALSE = "true_false"
    CLOZE = "cloze"
    SHORT_ANSWER = "short_answer"
    NUMERIC = "numeric"
    MATCHING = "matching"
    ORDERING = "ordering"


Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a bank, pointing at the file, line and column of the offending key."""

    file: str
    line: int
    column: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"


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


@dataclass(frozen=True, slots=True)
class Choice:
    text: str
    correct: bool = False
    why: str | None = None


@dataclass(kw_only=True, slots=True)
class Question:
    """Fields every question type shares. `file`/`line` say where it was written."""

    type: ClassVar[QType]
    id: str
    prompt: str
    topic: str
    file: str = ""
    line: int = 0
    explanation: str = ""
    sources: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    difficulty: int | None = None
    image: str | None = None  # resolved, absolute path (checked to stay inside the bank folder)
    replaces: tuple[str, ...] = ()
    content_hash: str = field(default="", compare=False)
    # (line, column) of some keys, so later cross-file checks can point at the exact key
    where: dict[str, tuple[int, int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def qtype(self) -> QType:
        return self.type

    def answer_fields(self) -> dict[str, Any]:
        """What the student must know: the part of the question whose change matters to progress."""
        return {}

    def compute_hash(self) -> str:
        payload = {"type": str(self.type), "prompt": self.prompt, **self.answer_fields()}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=list)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass(kw_only=True, slots=True)
class Flashcard(Question):
    type: ClassVar[QType] = QType.FLASHCARD
    back: str

    def answer_fields(self) -> dict[str, Any]:
        return {"back": self.back}


@dataclass(kw_only=True, slots=True)
class ChoiceQuestion(Question):
    """single_choice and multiple_choice share their shape; `multiple` tells them apart."""

    type: ClassVar[QType] = QType.SINGLE_CHOICE
    choices: tuple[Choice, ...]
    shuffle: bool = True
    multiple: bool = False

    @property
    def qtype(self) -> QType:
        return QType.MULTIPLE_CHOICE if self.multiple else QType.SINGLE_CHOICE

    def correct_indices(self) -> frozenset[int]:
        return frozenset(i for i, c in enumerate(self.choices) if c.correct)

    def answer_fields(self) -> dict[str, Any]:
        return {"choices": sorted((c.text, c.correct) for c in self.choices), "multiple": self.multiple}


@dataclass(kw_only=True, slots=True)
class TrueFalse(Question):
    type: ClassVar[QType] = QType.TRUE_FALSE
    answer: bool

    def answer_fields(self) -> dict[str, Any]:
        return {"answer": self.answer}


GAP_RE = re.compile(r"\{\{(.+?)\}\}")


@dataclass(kw_only=True, slots=True)
class Cloze(Question):
    """`text` holds gaps as {{answer}} or {{answer|alternative}}; `prompt` is an optional instruction."""

    type: ClassVar[QType] = QType.CLOZE
    text: str

    @property
    def gaps(self) -> list[list[str]]:
        return [[alt.strip() for alt in m.group(1).split("|")] for m in GAP_RE.finditer(self.text)]

    def segments(self) -> list[str]:
        """The text between gaps: len(segments) == len(gaps) + 1."""
        return GAP_RE.split(self.text)[::2]

    def answer_fields(self) -> dict[str, Any]:
        return {"text": self.text}


@dataclass(kw_only=True, slots=True)
class ShortAnswer(Question):
    type: ClassVar[QType] = QType.SHORT_ANSWER
    answers: tuple[str, ...]
    fuzzy: float | None = None  # similarity 0..1 accepted as a typo; None = exact after normalising

    def answer_fields(self) -> dict[str, Any]:
        return {"answers": sorted(self.answers)}


@dataclass(kw_only=True, slots=True)
class Numeric(Question):
    """Accepted when low <= value <= high; `answer` is the value shown as correct."""

    type: ClassVar[QType] = QType.NUMERIC
    answer: float
    low: float
    high: float
    unit: str = ""

    def answer_fields(self) -> dict[str, Any]:
        return {"answer": self.answer, "low": self.low, "high": self.high, "unit": self.unit}


@dataclass(kw_only=True, slots=True)
class Matching(Question):
    type: ClassVar[QType] = QType.MATCHING
    pairs: tuple[tuple[str, str], ...]

    def answer_fields(self) -> dict[str, Any]:
        return {"pairs": sorted(self.pairs)}


@dataclass(kw_only=True, slots=True)
class Ordering(Question):
    type: ClassVar[QType] = QType.ORDERING
    items: tuple[str, ...]

    def answer_fields(self) -> dict[str, Any]:
        return {"items": list(self.items)}


@dataclass(slots=True)
class Bank:
    """One bank file: a titled set of questions on one topic."""

    path: str
    title: str
    topic: str
    questions: list[Question] = field(default_factory=list)
    description: str = ""
