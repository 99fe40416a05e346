"""A cache of parsed bank files keyed by their content hash, so unchanged banks open in a blink.

Entries are JSON (never pickle: a cache file is data, not code), carry the loader version, and are
checked on read; anything odd means the file is simply parsed again.
"""

from __future__ import annotations

import gc
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

CACHE_VERSION = 4
_CLASSES: dict[str, type[Question]] = {
    c.__name__: c
    for c in (Flashcard, ChoiceQuestion, TrueFalse, Cloze, ShortAnswer, Numeric, Matching, Ordering)
}


_NAMES: dict[str, tuple[str, ...]] = {name: tuple(f.name for f in fields(cls)) for name, cls in _CLASSES.items()}
_TUPLES = frozenset({"sources", "tags", "replaces", "items", "answers"})
_SHARED = ("file", "topic", "sources", "tags", "replaces")  # fields of every Question


def _encode_question(q: Question) -> list[Any]:
    """[class name, field values in declaration order]: compact, and fast to decode."""
    values: list[Any] = [type(q).__name__]
    for name in _NAMES[type(q).__name__]:
        value = getattr(q, name)
        if name == "choices":
            value = [[c.text, c.correct, c.why] for c in value]
        values.append(value)
    return values


def _decode_question(raw: list[Any], shared: dict[Any, Any]) -> Question:
    names = _NAMES[raw[0]]
    if len(raw) != len(names) + 1:
        raise ValueError("field mismatch")
    kwargs = dict(zip(names, raw[1:], strict=True))
    for key in _TUPLES.intersection(kwargs):
        kwargs[key] = tuple(kwargs[key])
    # A bank repeats its file, topic, tag and source lists in every question: one object each, not one
    # per question (≈300 bytes a question; JSON decoding gives every occurrence its own copy).
    for key in _SHARED:
        value = kwargs[key]
        kwargs[key] = shared.setdefault(value, value)
    if "choices" in kwargs:
        kwargs["choices"] = tuple(Choice(t, bool(c), w) for t, c, w in kwargs["choices"])
    if "pairs" in kwargs:
        kwargs["pairs"] = tuple((a, b) for a, b in kwargs["pairs"])
    kwargs["where"] = {k: (int(v[0]), int(v[1])) for k, v in kwargs["where"].items()}
    return _CLASSES[raw[0]](**kwargs)


Entry = tuple[dict[str, Any] | None, list[Question], list[Problem]]  # header None: no usable bank


def encode_entry(key: str, header: dict[str, Any] | None, questions: list[Question], problems: list[Problem]) -> str:
    """One parsed bank file as the JSON text of its cache entry (also how a parse helper hands it back)."""
    payload = {
        "version": CACHE_VERSION,
        "key": key,
        "header": header,
        "questions": [_encode_question(q) for q in questions],
        "problems": [[p.file, p.line, p.column, p.message, p.severity] for p in problems],
    }
    # dumps, not dump: dump streams through the pure-Python encoder, several times slower
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def decode_entry(text: str, key: str) -> Entry | None:
    """The (header, questions, problems) of an entry's JSON text; None if it is not a good entry for `key`."""
    was_enabled = gc.isenabled()
    gc.disable()  # thousands of small, acyclic objects: the cyclic collector only slows this down
    try:
        raw = json.loads(text)
        if raw.get("version") != CACHE_VERSION or raw.get("key") != key:
            return None
        shared: dict[Any, Any] = {}
        questions = [_decode_question(q, shared) for q in raw["questions"]]
        problems = [Problem(*p) for p in raw["problems"]]
        return raw["header"], questions, problems
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    finally:
        if was_enabled:
            gc.enable()


class BankCache:
    """Stores one JSON entry per (file content, bank folder) in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._path(key).is_file()

    def get(self, key: str) -> Entry | None:
        try:
            text = self._path(key).read_text(encoding="utf-8")
        except (OSError, ValueError):
            return None
        return decode_entry(text, key)

    def put(self, key: str, header: dict[str, Any], questions: list[Question], problems: list[Problem]) -> None:
        self.put_text(key, encode_entry(key, header, questions, problems))

    def put_text(self, key: str, text: str) -> None:
        """Store an entry already encoded by encode_entry."""
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, self._path(key))
        except OSError:  # a cache that cannot be written only costs speed next time
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
