"""GIFT below the question level: escapes, records (one question each), answer blocks split into answers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from quizapp.bank.formats.base import LineError

# Escaped characters become private-use placeholders while the structure is parsed, then come back.
_PLACEHOLDER = {"\\": "\ue000", "~": "\ue001", "=": "\ue002", "#": "\ue003", "{": "\ue004", "}": "\ue005",
                ":": "\ue006", "n": "\ue007"}
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _PLACEHOLDER.items()}
_ESCAPE_RE = re.compile(r"\\([\\~=#{}:n])")
_RESTORE_RE = re.compile("[\ue000-\ue007]")
_TAG_RE = re.compile(r"\[tag:((?:\\\]|[^\]<>\x00-\x1f])+)\]")
# what export must escape in any text: the GIFT special characters, and a backslash before them
_SPECIAL_RE = re.compile(r"([\\~=#{}:])")
WEIGHT_RE = re.compile(r"^\s*%(-?[0-9]+(?:\.[0-9]*)?)%")


def protect(text: str) -> str:
    return _ESCAPE_RE.sub(lambda m: _PLACEHOLDER[m.group(1)], text)


def restore(text: str) -> str:
    return _RESTORE_RE.sub(lambda m: _RESTORE[m.group(0)], text)


def escape(text: str) -> str:
    """Text as GIFT must write it: special characters escaped, line breaks as \\n."""
    return _SPECIAL_RE.sub(r"\\\1", text).replace("\n", "\\n")


@dataclass(slots=True)
class Record:
    """The lines of one question (comment lines removed), each with its line number in the file."""

    lines: list[tuple[int, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    @property
    def first_line(self) -> int:
        return self.lines[0][0]

    @property
    def text(self) -> str:
        return "\n".join(t for _, t in self.lines)

    def line_at(self, offset: int) -> int:
        """The file line of a character offset into `protect(self.text)` (escapes never span lines)."""
        index = protect(self.text)[:offset].count("\n")
        return self.lines[min(index, len(self.lines) - 1)][0]


def records(text: str) -> Iterator[Record]:
    """Split a file into records at blank lines; `//` comment lines are dropped but their tags kept."""
    current = Record()
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            current.tags.extend(t.replace("\\]", "]").strip() for t in _TAG_RE.findall(stripped))
            continue
        if not stripped:
            if current.lines:
                yield current
            current = Record()
            continue
        current.lines.append((number, line))
    if current.lines:
        yield current


@dataclass(slots=True)
class Answer:
    """One `=` or `~` answer of a block, with its weight (percent), feedback and offset in the record."""

    marker: str
    text: str
    weight: float | None
    feedback: str | None
    offset: int


def split_answers(block: str, start: int, record: Record) -> list[Answer]:
    """Split the inside of `{...}` (already protected, general feedback removed) into its answers."""
    pieces = [(m.start(), m.group(0)) for m in re.finditer(r"[=~]", block)]
    lead = block[: pieces[0][0]] if pieces else block
    if lead.strip():
        raise LineError(record.line_at(start), f"text '{restore(lead.strip())}' before the first "
                                                 "'=' or '~' in the answers")
    answers = []
    for i, (pos, marker) in enumerate(pieces):
        end = pieces[i + 1][0] if i + 1 < len(pieces) else len(block)
        body = block[pos + 1: end]
        answers.append(_answer(marker, body, start + pos, record))
    return answers


def _answer(marker: str, body: str, offset: int, record: Record) -> Answer:
    weight = None
    m = WEIGHT_RE.match(body)
    if m:
        weight = float(m.group(1))
        if not -100 <= weight <= 100:
            raise LineError(record.line_at(offset), f"weight {m.group(1)}% is outside -100%..100%")
        body = body[m.end():]
    elif body.lstrip().startswith("%"):
        raise LineError(record.line_at(offset), f"bad weight '{restore(body.strip()[:12])}'; "
                                                  "write it like %50%")
    text, _, feedback = body.partition("#")
    return Answer(marker, text.strip(), weight, feedback.strip() if "#" in body else None, offset)


def parse_number(text: str, line: int) -> float:
    try:
        value = float(restore(text).strip())
    except ValueError:
        raise LineError(line, f"'{restore(text).strip()}' is not a number") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise LineError(line, f"'{restore(text).strip()}' is not a finite number")
    return value
