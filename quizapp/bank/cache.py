"""A cache of parsed bank files keyed by their content hash, so unchanged banks open in a blink.

Entries are JSON (never pickle: a cache file is data, not code), carry the loader version, and are
checked on read; anything odd means the file is simply parsed again.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import fields
from pathlib import Path
from typing import Any

from quizapp.bank.model import (
    Choice,
    ChoiceQuestion,
    Cloze,
    Flashcard,
    Matching,
    Numeric,
    Ordering,
    Problem,
    Question,
    ShortAnswer,
    TrueFalse,
)

CACHE_VERSION = 3
_CLASSES: dict[str, type[Question]] = {
    c.__name__: c
    for c in (Flashcard, ChoiceQuestion, TrueFalse, Cloze, ShortAnswer, Numeric, Matching, Ordering)
}


def _encode_question(q: Question) -> dict[str, Any]:
    out: dict[str, Any] = {"cls": type(q).__name__}
    for f in fields(q):
        value = getattr(q, f.name)
        if f.name == "choices":
            value = [[c.text, c.correct, c.why] for c in value]
        out[f.name] = value
    return out


def _decode_question(raw: dict[str, Any]) -> Question:
    cls = _CLASSES[raw.pop("cls")]
    names = {f.name for f in fields(cls)}
    if set(raw) != names:
        raise ValueError("field mismatch")
    for key in ("sources", "tags", "replaces", "items", "answers"):
        if key in raw:
            raw[key] = tuple(raw[key])
    if "choices" in raw:
        raw["choices"] = tuple(Choice(t, bool(c), w) for t, c, w in raw["choices"])
    if "pairs" in raw:
        raw["pairs"] = tuple((a, b) for a, b in raw["pairs"])
    raw["where"] = {k: (int(v[0]), int(v[1])) for k, v in raw["where"].items()}
    return cls(**raw)


class BankCache:
    """Stores one JSON entry per (file content, bank folder) in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> tuple[dict[str, Any], list[Question], list[Problem]] | None:
        try:
            raw = json.loads(self._path(key).read_text(encoding="utf-8"))
            if raw.get("version") != CACHE_VERSION or raw.get("key") != key:
                return None
            questions = [_decode_question(q) for q in raw["questions"]]
            problems = [Problem(*p) for p in raw["problems"]]
            return raw["header"], questions, problems
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, key: str, header: dict[str, Any], questions: list[Question], problems: list[Problem]) -> None:
        payload = {
            "version": CACHE_VERSION,
            "key": key,
            "header": header,
            "questions": [_encode_question(q) for q in questions],
            "problems": [[p.file, p.line, p.column, p.message, p.severity] for p in problems],
        }
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, self._path(key))
        except OSError:
            pass  # a cache that cannot be written only costs speed next time
