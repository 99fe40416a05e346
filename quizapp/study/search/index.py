"""The full-text index of the loaded questions: SQLite FTS5 in the data folder's cache, kept per bank entry.

Derived data, never progress: `<data>/cache/search.sqlite3` holds, for each bank-cache entry (one bank
file's content), its questions' searchable text (quizapp/study/search/text.py), type, shown line, and
its topics and tags. An entry is indexed once, when a load first lists it; a bank file saved with new
content gets a new entry, and its older one is dropped at the same sync. Questions that came from no
cache entry (a load without a cache) are indexed as one extra set, rebuilt when their ids or content
hashes change. A damaged index, or one of another version, is deleted and built again.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
import zlib
from collections.abc import Iterable, Mapping, Sequence
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank.cache import BankCache
from quizapp.bank.lazy import heads
from quizapp.bank.model import Question
from quizapp.study.search.engine import Scope
from quizapp.study.search.text import searchable_text, shown_text

INDEX_VERSION = 2
INDEX_NAME = "search.sqlite3"
PRUNE_AFTER_DAYS = 30
LOOSE = "loose"  # the "bank file" part of the key of questions that came from no cache entry
_SCHEMA = (
    "CREATE TABLE banks (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, file TEXT NOT NULL, "
    "used_at INTEGER NOT NULL, questions INTEGER NOT NULL)",
    # body: the indexed text, compressed; kept only to take an entry's words out of the index again
    "CREATE TABLE docs (id INTEGER PRIMARY KEY, bank INTEGER NOT NULL, qid TEXT NOT NULL, qtype TEXT NOT NULL, "
    "shown TEXT NOT NULL, body BLOB NOT NULL)",
    "CREATE INDEX docs_qid ON docs (qid, bank)",
    "CREATE INDEX docs_bank ON docs (bank)",
    "CREATE INDEX docs_qtype ON docs (qtype, bank)",
    "CREATE TABLE vocab (kind TEXT NOT NULL, bank INTEGER NOT NULL, value TEXT NOT NULL, "
    "PRIMARY KEY (kind, bank, value)) WITHOUT ROWID",
    # rowid = docs.id. Contentless: the words are indexed, the text is not stored twice (docs.body holds it
    # compressed). unicode61 folds case; remove_diacritics 2 folds accents too (é, ü, ø -> e, u, o).
    "CREATE VIRTUAL TABLE fts USING fts5(body, content = '', tokenize = 'unicode61 remove_diacritics 2')",
)


def index_path(data_dir: Path) -> Path:
    return data_dir / "cache" / INDEX_NAME


def _file_of(key: str) -> str:
    """The bank-file part of a cache key ("<file>-<content>"): entries sharing it supersede each other."""
    return key.split("-", 1)[0]


@dataclass(frozen=True, slots=True)
class IndexReport:
    """What a sync did: entries indexed and dropped, questions indexed, seconds taken."""

    indexed: int
    dropped: int
    questions: int
    seconds: float


class SearchIndex:
    """The index file of one data folder. `sync` after every bank load; `connect` for readers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # one sync at a time; readers read `current` under it
        self._current: tuple[int, ...] = ()
        self._only_current = False
        self._size = 0  # questions in the current entries
        self._hidden: tuple[int, ...] = ()  # rows of a question id an earlier current entry holds too
        self._ranks: dict[str, int] | None = None  # question id -> place in question-text order
        self._signature: tuple = ()

    def scope(self, cards_only: bool = False) -> Scope:
        """What a search may look at after the last sync (quizapp/study/search/engine.py)."""
        with self._lock:
            return Scope(self._current, self._size, self._only_current, self._hidden, cards_only)

    def text_ranks(self, conn: sqlite3.Connection) -> dict[str, int]:
        """Each current question's place in the order of its shown text (case-insensitive), made once per
        synced load through `conn` (a reader): sorting a result then costs a lookup per id, not a join."""
        scope = self.scope()
        with self._lock:
            ranks = self._ranks
        if ranks is None:
            rows = conn.execute(f"SELECT qid FROM docs d WHERE {scope.rows()}1 ORDER BY shown COLLATE NOCASE, id")
            ranks = {}
            for (qid,) in rows:
                ranks.setdefault(qid, len(ranks))
            with self._lock:
                if self._current == scope.banks:
                    self._ranks = ranks
        return ranks

    @classmethod
    def for_data_dir(cls, data_dir: Path) -> SearchIndex:
        return cls(index_path(data_dir))

    @property
    def current(self) -> tuple[int, ...]:
        """The entries (bank numbers) of the last synced load: searches look only at these."""
        with self._lock:
            return self._current

    # ----- opening
    def _writer(self) -> sqlite3.Connection:
        """A connection for building; the file is made (or made again) here when missing or unusable."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(2):
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            try:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")  # derived data: a lost last write is rebuilt
                version = conn.execute("PRAGMA user_version").fetchone()[0]
                if version == INDEX_VERSION:
                    return conn
                tables = conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
                if version == 0 and tables == 0:
                    conn.execute("BEGIN IMMEDIATE")
                    for statement in _SCHEMA:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {INDEX_VERSION}")
                    conn.execute("COMMIT")
                    return conn
            except sqlite3.DatabaseError:
                if attempt:
                    raise
            conn.close()
            self._discard()  # another version's index, or a damaged file: it is only a cache
        raise sqlite3.DatabaseError(f"cannot make a search index at {self.path}")

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                self.path.with_name(self.path.name + suffix).unlink()

    def connect(self, progress_db: Path | None = None) -> sqlite3.Connection:
        """A reading connection to the index, with the progress database attached read-only as `p`.

        Progress is attached to the index's connection, not the other way round: the study layer's
        own connection takes write locks on everything attached to it when an answer is saved.
        """
        conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False, timeout=30)
        if progress_db is not None:
            conn.execute("ATTACH DATABASE ? AS p", (f"{progress_db.resolve().as_uri()}?mode=ro",))
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    # ----- building
    def sync(self, questions: Mapping[str, Question], cache_dir: Path | None = None,
             cache_keys: Sequence[str] = (), now: float | None = None) -> IndexReport:
        """Index what a load produced: its bank-cache entries (`cache_keys` in `cache_dir`) and any
        question none of them holds. Unchanged entries cost a lookup; a new entry is read once."""
        started = time.perf_counter()
        light = heads(questions)
        with self._lock, closing(self._writer()) as conn:
            signature = (tuple(cache_keys), len(light), str(cache_dir))
            known = dict(conn.execute("SELECT key, id FROM banks").fetchall())
            if signature == self._signature and set(known.values()).issuperset(self._current):
                return IndexReport(0, 0, 0, time.perf_counter() - started)
            now = time.time() if now is None else now
            cache = BankCache(cache_dir) if cache_dir is not None else None
            indexed = count = 0
            current: list[int] = []
            for key in dict.fromkeys(cache_keys):
                if key in known:
                    current.append(known[key])
                    continue
                entry = cache.get(key) if cache is not None else None
                if entry is None or entry[0] is None:
                    continue  # gone or unreadable: its questions are indexed below as loose ones
                current.append(self._add(conn, key, _file_of(key), entry[1], now))
                indexed, count = indexed + 1, count + len(entry[1])
            covered = self._covered(conn, current)
            loose = [qid for qid in light if qid not in covered]
            if loose:
                key = self._loose_key(light, loose)
                if key in known:
                    current.append(known[key])
                else:
                    items = [q for q in (questions.get(qid) for qid in loose) if q is not None]
                    current.append(self._add(conn, key, LOOSE, items, now))
                    indexed, count = indexed + 1, count + len(items)
            dropped = self._prune(conn, current, now)
            (held,) = conn.execute("SELECT COUNT(*) FROM banks").fetchone()
            self._only_current = held == len(set(current))
            self._size = conn.execute("SELECT COALESCE(SUM(questions), 0) FROM banks WHERE id IN (SELECT value FROM "
                                      "json_each(?))", (json.dumps(current),)).fetchone()[0]
            self._hidden = self._shadowed(conn, current) if self._size != len(covered) + len(loose) else ()
            if tuple(current) != self._current or indexed or dropped:
                self._ranks = None
            self._current = tuple(current)
            self._signature = signature
        return IndexReport(indexed, dropped, count, time.perf_counter() - started)

    @staticmethod
    def _shadowed(conn: sqlite3.Connection, current: list[int]) -> tuple[int, ...]:
        """Rows of question ids two current entries hold, but for the first in load order (the one the
        loader keeps; the other is reported as a duplicate id): a search must not find the other's text."""
        banks = json.dumps(current)
        rows = conn.execute(
            "SELECT id, bank, qid FROM docs WHERE bank IN (SELECT value FROM json_each(?1)) AND qid IN "
            "(SELECT qid FROM docs WHERE bank IN (SELECT value FROM json_each(?1)) GROUP BY qid HAVING COUNT(*) > 1)",
            (banks,)).fetchall()
        place = {bank: i for i, bank in enumerate(current)}
        seen: set[str] = set()
        hidden = []
        for n, _bank, qid in sorted(rows, key=lambda r: (place[r[1]], r[0])):
            if qid in seen:
                hidden.append(n)
            seen.add(qid)
        return tuple(hidden)

    @staticmethod
    def _loose_key(light: Mapping, loose: Iterable[str]) -> str:
        digest = hashlib.sha256()
        for qid in sorted(loose):
            q = light[qid]
            digest.update(f"{qid}\0{q.file}\0{q.line}\0{q.content_hash}\n".encode())
        return f"{LOOSE}-{digest.hexdigest()[:32]}"

    @staticmethod
    def _covered(conn: sqlite3.Connection, banks: list[int]) -> set[str]:
        return {qid for (qid,) in conn.execute(
            "SELECT qid FROM docs WHERE bank IN (SELECT value FROM json_each(?))", (json.dumps(banks),))}

    @staticmethod
    def _add(conn: sqlite3.Connection, key: str, file: str, questions: Sequence[Question], now: float) -> int:
        """One entry's questions, in one transaction (an interrupted sync leaves no half entry); its number."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            cur = conn.execute("INSERT INTO banks (key, file, used_at, questions) VALUES (?, ?, ?, ?)",
                               (key, file, int(now), len(questions)))
            bank = int(cur.lastrowid or 0)
            (first,) = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM docs").fetchone()
            docs, bodies, vocab = [], [], set()
            for n, q in enumerate(questions, start=first):
                pieces = searchable_text(q)
                body = "\n".join(pieces)
                docs.append((n, bank, q.id, str(q.qtype), shown_text(pieces), zlib.compress(body.encode(), 1)))
                bodies.append((n, body))
                vocab.add(("topic", bank, q.topic))
                vocab.update(("tag", bank, tag) for tag in q.tags)
            conn.executemany("INSERT INTO docs (id, bank, qid, qtype, shown, body) VALUES (?, ?, ?, ?, ?, ?)", docs)
            conn.executemany("INSERT INTO fts (rowid, body) VALUES (?, ?)", bodies)
            conn.executemany("INSERT OR IGNORE INTO vocab (kind, bank, value) VALUES (?, ?, ?)", sorted(vocab))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return bank

    @staticmethod
    def _prune(conn: sqlite3.Connection, current: list[int], now: float) -> int:
        """Drop entries superseded by a current one (same bank file) or unused for PRUNE_AFTER_DAYS."""
        rows = conn.execute("SELECT id, file, used_at FROM banks").fetchall()
        files = {file for bank, file, _ in rows if bank in current}
        cutoff = now - PRUNE_AFTER_DAYS * 86400
        stale = [bank for bank, file, used in rows if bank not in current and (file in files or used < cutoff)]
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("UPDATE banks SET used_at = ? WHERE id = ?", [(int(now), b) for b in current])
            for bank in stale:
                # A contentless index forgets a row only when told the words it indexed for it.
                conn.executemany("INSERT INTO fts (fts, rowid, body) VALUES ('delete', ?, ?)",
                                 ((n, zlib.decompress(body).decode()) for n, body in
                                  conn.execute("SELECT id, body FROM docs WHERE bank = ?", (bank,)).fetchall()))
                conn.execute("DELETE FROM docs WHERE bank = ?", (bank,))
                conn.execute("DELETE FROM vocab WHERE bank = ?", (bank,))
                conn.execute("DELETE FROM banks WHERE id = ?", (bank,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return len(stale)
