"""CSV import: a header row naming the columns, then one question per row."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from quizapp.bank.formats.base import FormatError, Imported, ImportFormat, LineError, Note, register_import
from quizapp.bank.model import Question
from quizapp.bank.types.choice import Choice, ChoiceQuestion
from quizapp.bank.types.flashcard import Flashcard
from quizapp.bank.types.numeric import Numeric
from quizapp.bank.types.short_answer import ShortAnswer
from quizapp.bank.types.true_false import TrueFalse

_ALIASES = {
    "question": "question", "prompt": "question", "front": "question",
    "answer": "answer", "back": "answer", "correct": "answer",
    "type": "type", "explanation": "explanation", "tags": "tags", "difficulty": "difficulty",
    "choices": "choices", "unit": "unit",
}
_CHOICE_COLUMN = re.compile(r"^(choice|option|wrong|distractor)\s*_?\s*[a-z0-9]{0,3}$")
_TRUE = {"true", "t", "yes", "y", "1", "wahr", "vrai"}
_FALSE = {"false", "f", "no", "n", "0", "falsch", "faux"}
_TYPES = ("flashcard", "single_choice", "multiple_choice", "true_false", "short_answer", "numeric")
_NUMBER = r"-?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?"
_TOLERANCE_RE = re.compile(rf"^\s*({_NUMBER})\s*(?:(?::|±|\+/-)\s*({_NUMBER})|\.\.\s*({_NUMBER}))?\s*$")


@register_import
class CsvFormat(ImportFormat):
    name = "csv"
    extension = ".csv"
    description = "CSV with a header row: question, answer, optional choice columns, tags, explanation"

    def parse(self, text: str, file: str = "<input>") -> Imported:
        out = Imported()
        errors: list[Note] = []
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text), dialect, strict=True)
        try:
            header = next(reader)
        except StopIteration:
            raise FormatError(file, [Note(1, "file is empty; it needs a header row", "error")]) from None
        except csv.Error as exc:
            raise FormatError(file, [Note(1, f"CSV error: {exc}", "error")]) from None
        columns = self._columns(header, file)
        line = reader.line_num + 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                unclosed = "end of data" in str(exc) or "EOF" in str(exc)
                errors.append(Note(line, "a quoted cell is never closed (its row starts here)" if unclosed
                                   else f"CSV error: {exc}", "error"))
                break
            if any(cell.strip() for cell in row):
                try:
                    out.questions.append(self._row(row, columns, line, header))
                except LineError as exc:
                    errors.append(Note(exc.line, exc.message, "error"))
            line = reader.line_num + 1
        if errors:
            raise FormatError(file, errors)
        return out

    def _columns(self, header: list[str], file: str) -> dict[str, list[int]]:
        columns: dict[str, list[int]] = {}
        for i, name in enumerate(header):
            key = name.strip().casefold()
            role = _ALIASES.get(key) or ("choice" if _CHOICE_COLUMN.match(key) else None)
            if role:
                columns.setdefault(role, []).append(i)
        missing = [c for c in ("question", "answer") if c not in columns]
        if missing:
            raise FormatError(file, [Note(1, f"the header row needs a {' and an '.join(missing)} column "
                                             f"(found: {', '.join(h.strip() for h in header)})", "error")])
        return columns

    def _row(self, row: list[str], columns: dict[str, list[int]], line: int, header: list[str]) -> Question:
        def cell(role: str) -> str:
            return " ".join(row[i].strip() for i in columns.get(role, []) if i < len(row) and row[i].strip())

        extra = [row[i] for i in range(len(header), len(row)) if row[i].strip()]
        if extra:
            raise LineError(line, f"row has {len(row)} cells but the header names {len(header)}")
        prompt, answer = cell("question"), cell("answer")
        if not prompt:
            raise LineError(line, "empty question")
        if not answer:
            raise LineError(line, "empty answer")
        choices = [row[i].strip() for i in columns.get("choice", []) if i < len(row) and row[i].strip()]
        if "choices" in columns:
            choices += [c.strip() for c in cell("choices").split("|") if c.strip()]
        qtype = cell("type").casefold().replace("-", "_").replace(" ", "_")
        if qtype and qtype not in _TYPES:
            raise LineError(line, f"unknown type '{qtype}' (one of: {', '.join(_TYPES)})")
        qtype = qtype or ("single_choice" if choices else "flashcard")
        common: dict[str, Any] = {"id": "", "topic": "", "line": line, "prompt": prompt,
                                  "explanation": cell("explanation"),
                                  "tags": tuple(t for t in re.split(r"[,;\s]+", cell("tags")) if t),
                                  "difficulty": _difficulty(cell("difficulty"), line)}
        if qtype in ("single_choice", "multiple_choice"):
            return _choice(answer, choices, qtype == "multiple_choice", line, common)
        if choices:
            raise LineError(line, f"choice columns are filled but the type is {qtype}")
        if qtype == "true_false":
            word = answer.casefold()
            if word not in _TRUE | _FALSE:
                raise LineError(line, f"true_false answer '{answer}' is not true or false")
            return TrueFalse(answer=word in _TRUE, **common)
        if qtype == "short_answer":
            return ShortAnswer(answers=tuple(a.strip() for a in answer.split("|") if a.strip()), **common)
        if qtype == "numeric":
            return _numeric(answer, cell("unit"), line, common)
        return Flashcard(back=answer, **common)


def _difficulty(text: str, line: int) -> int | None:
    if not text:
        return None
    if text not in ("1", "2", "3"):
        raise LineError(line, f"difficulty '{text}' must be 1, 2 or 3")
    return int(text)


def _choice(answer: str, choices: list[str], multiple: bool, line: int, common: dict[str, Any]) -> Question:
    right = [a.strip() for a in answer.split("|") if a.strip()] if multiple else [answer]
    if len(right) > 1 and not multiple:
        raise LineError(line, "several answers given; set the type to multiple_choice")
    folded = [c.casefold() for c in choices]
    # a right answer not among the listed choices is added in front of them
    ordered = [r for r in right if r.casefold() not in folded] + choices
    if len(ordered) < 2:
        raise LineError(line, "a choice question needs at least two choices")
    keys = {r.casefold() for r in right}
    return ChoiceQuestion(choices=tuple(Choice(c, c.casefold() in keys) for c in ordered), multiple=multiple,
                          **common)


def _numeric(answer: str, unit: str, line: int, common: dict[str, Any]) -> Question:
    m = _TOLERANCE_RE.match(answer)
    if not m:
        raise LineError(line, f"numeric answer '{answer}' is not a number, 'value:tolerance' or 'low..high'")
    value, tol, high = (None if g is None else float(g.replace(",", ".")) for g in m.groups())
    assert value is not None
    if high is not None:
        if high < value:
            raise LineError(line, f"range {answer} runs backwards")
        return Numeric(answer=(value + high) / 2, low=value, high=high, unit=unit, **common)
    width = abs(tol or 0.0)
    return Numeric(answer=value, low=value - width, high=value + width, unit=unit, **common)
