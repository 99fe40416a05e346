"""Questions whose text stays on disk until it is shown.

A study session needs every question's topic, tags, difficulty and content hash (to count, select and
sync), but the text of only the one on screen. A lazy load keeps a `QuestionHead` per question (about a
tenth of the memory of a full question) and reads the full question from its bank-cache entry on
first use. `QuestionStore` is the mapping the app passes around: `store[qid]` is always a full
`Question`; `store.heads()` gives the light records for walks over every question.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from operator import itemgetter
from typing import Any, Protocol

from quizapp.bank.model import Question

RECENT = 512  # full questions kept after use: a session's look-ahead and undo, an exam's navigator


class QuestionInfo(Protocol):
    """What every question and every head has: enough to count, select, sync and report on it."""

    id: str
    topic: str
    file: str
    line: int
    sources: tuple[str, ...]
    tags: tuple[str, ...]
    difficulty: int | None
    image: str | None
    replaces: tuple[str, ...]
    siblings: str
    content_hash: str

    @property
    def qtype(self) -> str: ...

    @property
    def where(self) -> dict[str, tuple[int, int]]: ...


class Reader(Protocol):
    """Where lazily read questions come from (one per bank-cache entry): a question's line by its place."""

    def read(self, offset: int, length: int) -> Question: ...


HEAD_FIELDS = ("id", "qtype", "topic", "file", "line", "sources", "tags", "difficulty", "image", "replaces",
               "siblings", "content_hash")


class QuestionHead(tuple):
    """A question's light fields, and where to read the rest (`load`) from.

    A tuple (its fields in HEAD_FIELDS order, then the reader, offset and length), so a lazy load builds
    100,000 of them from the cache entry's columns in C (quizapp/bank/cache.py read_heads) instead of
    one Python constructor call each. Compared and hashed by identity, as a plain object would be.
    """

    __slots__ = ()
    __eq__ = object.__eq__  # type: ignore[assignment]
    __ne__ = object.__ne__  # type: ignore[assignment]
    __hash__ = object.__hash__  # type: ignore[assignment]

    def __new__(cls, id: str, qtype: str, topic: str, file: str, line: int, sources: tuple[str, ...],
                tags: tuple[str, ...], difficulty: int | None, image: str | None, replaces: tuple[str, ...],
                siblings: str, content_hash: str, reader: Reader, offset: int, length: int) -> QuestionHead:
        return tuple.__new__(cls, (id, qtype, topic, file, line, sources, tags, difficulty, image, replaces,
                                   siblings, content_hash, reader, offset, length))

    id = property(itemgetter(0))
    qtype = property(itemgetter(1))
    topic = property(itemgetter(2))
    file = property(itemgetter(3))
    line = property(itemgetter(4))
    sources = property(itemgetter(5))
    tags = property(itemgetter(6))
    difficulty = property(itemgetter(7))
    image = property(itemgetter(8))
    replaces = property(itemgetter(9))
    siblings = property(itemgetter(10))  # the sibling group ("" alone), as Question.siblings
    content_hash = property(itemgetter(11))

    def load(self) -> Question:
        """The full question; OSError or ValueError if its entry is gone or no longer holds it."""
        question = self[12].read(self[13], self[14])
        if question.id != self[0]:
            raise ValueError(f"cache entry changed: expected {self[0]}, found {question.id}")
        return question

    @property
    def where(self) -> dict[str, tuple[int, int]]:
        """Positions of some keys: needed only to report a problem, so read from disk then."""
        return self.load().where

    def __repr__(self) -> str:
        return f"QuestionHead({self[0]!r}, {self[1]}, {self[3]}:{self[4]})"


class QuestionStore(Mapping[str, Question]):
    """Question id -> full question, holding heads for the lazy ones and full questions for the rest."""

    def __init__(self, items: Mapping[str, QuestionInfo] | None = None, fingerprint: str | None = None) -> None:
        self._items: dict[str, Any] = dict(items or {})  # id -> Question or QuestionHead
        # The load's bank-cache entries (each names a bank file and its content) in order: equal
        # fingerprints mean the same questions in the same order (study/sync.py skips on it).
        self.fingerprint = fingerprint
        self._recent: OrderedDict[str, Question] = OrderedDict()
        self._lock = threading.Lock()  # the window's thread and the database worker both read questions

    def add(self, item: QuestionInfo) -> None:
        """Add a full question or a head, unless its id is already there (the first one wins)."""
        self.fingerprint = None  # no longer what one load of cache entries gave
        self._items.setdefault(item.id, item)

    def heads(self) -> Mapping[str, QuestionInfo]:
        """Every question's light fields (full questions stand for themselves), without reading any text."""
        return self._items

    def __getitem__(self, qid: str) -> Question:
        item = self._items[qid]
        if not isinstance(item, QuestionHead):
            return item
        with self._lock:
            question = self._recent.get(qid)
            if question is not None:
                self._recent.move_to_end(qid)
                return question
        try:
            question = item.load()
        except (OSError, ValueError) as exc:
            raise KeyError(qid) from exc
        with self._lock:
            self._recent[qid] = question
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        return question

    def __contains__(self, qid: object) -> bool:
        return qid in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        lazy = sum(isinstance(i, QuestionHead) for i in self._items.values())
        return f"QuestionStore({len(self._items)} questions, {lazy} lazy)"


def heads(questions: Mapping[str, Question]) -> Mapping[str, QuestionInfo]:
    """Light records of `questions` (a QuestionStore or a plain dict of full questions), reading no text."""
    return questions.heads() if isinstance(questions, QuestionStore) else questions
