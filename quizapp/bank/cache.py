"""A cache of parsed bank files keyed by their content hash, so unchanged banks open in a blink.

Entries are lines of JSON (never pickle: a cache file is data, not code): a first line with the bank's
header, its problems and every question's light fields, then one line per question, so a lazy load
reads the first line only and each question later on its own (quizapp/bank/lazy.py). They carry the
loader version and are checked on read; anything odd means the file is simply parsed again. Entries
are named after the bank file and its content, so `prune` can drop superseded versions.
"""

from __future__ import annotations

import gc
import io
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import fields
from itertools import accumulate, repeat
from pathlib import Path
from typing import Any

from quizapp.bank import types
from quizapp.bank.lazy import QuestionHead
from quizapp.bank.model import Problem, Question

CACHE_VERSION = 10  # 7: image_alt and image_shown; 8: numbers must be finite; 9: sibling groups in
# the heads; 10: heads as columns, each repeated value once
KEY_MEMO = "keys.memo"  # the loader's memo of bank files' keys (quizapp/bank/loader.py KeyMemo), not an entry
PRUNE_AFTER_DAYS = 30
# "<bank file>-<content>": 16 hex digits naming the bank file (folder and path), 64 its content and version
_ENTRY_NAME = re.compile(r"([0-9a-f]{16})-[0-9a-f]{64}")
_COMMON = tuple(f.name for f in fields(Question))  # every type's shared fields, in declaration order
_TUPLES = ("sources", "tags", "replaces")
_SHARED = ("file", "topic", "sources", "tags", "replaces")  # the same in most questions of a bank


def _encode_question(q: Question) -> list[Any]:
    """[class name, the shared fields in declaration order, then the type's own (its `encode`)]."""
    return [type(q).__name__, *[getattr(q, name) for name in _COMMON], *q.encode()]


def _decode_question(raw: list[Any], shared: dict[Any, Any]) -> Question:
    cls = types.class_named(raw[0])
    n = len(_COMMON)
    kwargs = dict(zip(_COMMON, raw[1:n + 1], strict=True))
    for key in _TUPLES:
        kwargs[key] = tuple(kwargs[key])
    # A bank repeats its file, topic, tag and source lists in every question: one object each, not one
    # per question (≈300 bytes a question; JSON decoding gives every occurrence its own copy).
    for key in _SHARED:
        value = kwargs[key]
        kwargs[key] = shared.setdefault(value, value)
    kwargs["where"] = {k: (int(v[0]), int(v[1])) for k, v in kwargs["where"].items()}
    kwargs.update(cls.decode(raw[n + 1:]))
    return cls(**kwargs)


Entry = tuple[dict[str, Any] | None, list[Question], list[Problem]]  # header None: no usable bank
LazyEntry = tuple[dict[str, Any] | None, list[QuestionHead], list[Problem]]


def _json(value: Any) -> bytes:
    # dumps, not dump: dump streams through the pure-Python encoder, several times slower
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_entry(key: str, header: dict[str, Any] | None, questions: list[Question], problems: list[Problem]
                 ) -> bytes:
    """One parsed bank file as its cache entry (also how a parse helper hands it back).

    The first line holds the header, the problems and every question's light fields with the byte
    length of its own line; then one line per question. JSON escapes line breaks inside text, so
    each question can be read alone, without decoding the rest.
    """
    lines = [_json(_encode_question(q)) + b"\n" for q in questions]
    # Columns, not one list per question: decoding flat lists is quicker, and the heads are then built
    # from them in C (read_heads). The type, topic, file, source, tag, replaced-id lists and sibling groups
    # repeat across a bank's questions: each is written once in `values` and its column gives indexes.
    index: dict[Any, int] = {}

    def at(value: Any) -> int:
        return index.setdefault(value, len(index))

    columns = {"len": [len(line) for line in lines], "id": [q.id for q in questions],
               "qtype": [at(q.qtype) for q in questions], "topic": [at(q.topic) for q in questions],
               "file": [at(q.file) for q in questions], "line": [q.line for q in questions],
               "sources": [at(tuple(q.sources)) for q in questions], "tags": [at(tuple(q.tags)) for q in questions],
               "difficulty": [q.difficulty for q in questions], "image": [q.image for q in questions],
               "replaces": [at(tuple(q.replaces)) for q in questions], "siblings": [at(q.siblings) for q in questions],
               "hash": [q.content_hash for q in questions]}
    first = _json({"version": CACHE_VERSION, "key": key, "header": header, "values": list(index), **columns,
                   "problems": [[p.file, p.line, p.column, p.message, p.severity] for p in problems]})
    return b"".join([first, b"\n", *lines])


def _first_line(line: bytes, key: str, size: int | None = None) -> dict[str, Any] | None:
    """The entry's first line decoded, if it belongs to `key` (and, given the entry's `size` in bytes,
    if the question lines it lists add up to it: an entry cut short is no entry)."""
    raw = json.loads(line)
    if not isinstance(raw, dict) or raw.get("version") != CACHE_VERSION or raw.get("key") != key:
        return None
    if size is not None and size != len(line) + sum(raw["len"]):
        return None
    return raw


def decode_entry(data: bytes, key: str) -> Entry | None:
    """The (header, questions, problems) of an entry; None if it is not a good entry for `key`."""
    was_enabled = gc.isenabled()
    gc.disable()  # thousands of small, acyclic objects: the cyclic collector only slows this down
    try:
        first, *lines = data.split(b"\n")
        raw = _first_line(first, key)
        if raw is None or len(lines) != len(raw["len"]) + 1 or lines[-1]:
            return None
        shared: dict[Any, Any] = {}
        questions = [_decode_question(json.loads(line), shared) for line in lines[:-1]]
        problems = [Problem(*p) for p in raw["problems"]]
        return raw["header"], questions, problems
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    finally:
        if was_enabled:
            gc.enable()


_COLUMNS = ("id", "qtype", "topic", "file", "line", "sources", "tags", "difficulty", "image", "replaces", "siblings",
            "hash")
_new_head = tuple.__new__  # QuestionHead(*fields) without its Python-level __new__


class EntryReader:
    """Reads single questions of one cache entry, for heads (quizapp/bank/lazy.py).

    The entry is opened on the first read and stays open, so showing a question costs one positioned
    read (pread), no open or seek. Entries are never rewritten in place (put_bytes writes a new file and
    renames it over the old), so the open file is always the entry its heads were read from, even
    after it was replaced or pruned. Not a memory map: the pages a map touches (and the kernel's
    read-ahead around them) would count in the app's resident memory.
    """

    __slots__ = ("_file", "_lock", "path")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: io.FileIO | None = None
        self._lock = threading.Lock()  # the window's thread and the database worker both read questions

    def _read(self, offset: int, length: int) -> bytes:
        with self._lock:
            if self._file is None:
                self._file = io.FileIO(self.path, "r")
            if hasattr(os, "pread"):
                return os.pread(self._file.fileno(), length, offset)
            self._file.seek(offset)  # no pread (Windows): seek and read under the lock
            return self._file.read(length) or b""

    def read(self, offset: int, length: int) -> Question:
        line = self._read(offset, length)
        if len(line) != length or not line.endswith(b"\n"):
            raise ValueError("cache entry truncated")
        try:
            return _decode_question(json.loads(line), {})
        except (KeyError, TypeError, AttributeError, IndexError) as exc:
            raise ValueError(f"cache entry damaged: {exc}") from None

    def close(self) -> None:
        """Close the entry (it is opened again if read later)."""
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None


def has_bank(data: bytes, key: str) -> bool:
    """True if `data` is a whole entry for `key` whose file held a bank (checks its first line and length)."""
    end = data.find(b"\n")
    try:
        raw = _first_line(data[:end + 1], key, len(data)) if end >= 0 else None
        return raw is not None and raw["header"] is not None
    except (ValueError, KeyError, TypeError, IndexError):
        return False


def read_heads(path: Path, key: str) -> LazyEntry | None:
    """An entry's header, problems and question heads, reading only its first line."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as fh:
            first = fh.readline()
            size = os.fstat(fh.fileno()).st_size
        raw = _first_line(first, key, size)  # the size too: its questions are read later, one by one
        if raw is None:
            return None
        reader, v, lengths = EntryReader(path), raw["values"], raw["len"]
        v = [tuple(value) if isinstance(value, list) else value for value in v]
        pick = v.__getitem__
        n = len(lengths)
        if not all(len(raw[c]) == n for c in _COLUMNS):
            return None
        offsets = list(accumulate(lengths, initial=len(first)))[:-1]
        rows = zip(raw["id"], map(pick, raw["qtype"]), map(pick, raw["topic"]), map(pick, raw["file"]),
                   raw["line"], map(pick, raw["sources"]), map(pick, raw["tags"]), raw["difficulty"], raw["image"],
                   map(pick, raw["replaces"]), map(pick, raw["siblings"]), raw["hash"], repeat(reader, n), offsets,
                   lengths, strict=True)
        heads = list(map(_new_head, repeat(QuestionHead, n), rows))
        return raw["header"], heads, [Problem(*p) for p in raw["problems"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None
    finally:
        if was_enabled:
            gc.enable()


class BankCache:
    """Stores one entry per (file content, bank folder) in `directory`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def get(self, key: str) -> Entry | None:
        try:
            data = self.path(key).read_bytes()
        except OSError:
            return None
        return decode_entry(data, key)

    def heads(self, key: str) -> LazyEntry | None:
        return read_heads(self.path(key), key)

    def used(self, key: str) -> None:
        """Mark an entry as read now: prune() removes entries nothing has read for a long time."""
        with suppress(OSError):
            os.utime(self.path(key))

    def prune(self, keep: Iterable[str], max_age_days: float = PRUNE_AFTER_DAYS, now: float | None = None) -> int:
        """Remove entries no load needs any more; returns how many were removed.

        Kept: every entry in `keep` (the current load's). Removed: older versions of the same bank
        files (an edited bank leaves one entry per saved version), entries not read for
        `max_age_days`, entries named the way older versions of the app named them, and temporary
        files of interrupted writes. Call it when nothing else can be reading heads from older
        entries (the app does so at its first load only).
        """
        keep = set(keep)
        files = {key.split("-")[0] for key in keep}
        now = time.time() if now is None else now
        cutoff, day_ago = now - max_age_days * 86400, now - 86400
        removed = 0
        try:
            entries = list(self.directory.iterdir())
        except OSError:
            return 0
        for entry in entries:
            if entry.name == KEY_MEMO:
                continue
            try:
                if entry.suffix == ".tmp":
                    stale = entry.stat().st_mtime < day_ago  # younger: maybe being written right now
                elif entry.suffix == ".json" and entry.stem not in keep:
                    named = _ENTRY_NAME.fullmatch(entry.stem)
                    stale = named is None or named[1] in files or entry.stat().st_mtime < cutoff
                else:
                    continue
                if stale:
                    entry.unlink()
                    removed += 1
            except OSError:
                continue
        return removed

    def put(self, key: str, header: dict[str, Any], questions: list[Question], problems: list[Problem]) -> bool:
        return self.put_bytes(key, encode_entry(key, header, questions, problems))

    def put_bytes(self, key: str, data: bytes) -> bool:
        """Store an entry made by encode_entry; False if it could not be written."""
        tmp = None
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, self.path(key))
            return True
        except OSError:  # a cache that cannot be written only costs speed next time
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return False
