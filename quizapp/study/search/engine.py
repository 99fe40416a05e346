"""Running a parsed query: one SQL statement over the text index with the progress database attached.

Text terms are FTS5 MATCH sub-queries on the index; card properties (is:, prop:, rated:, topic:, tag:,
id:, difficulty:) are SQL on the progress tables. Both live in one connection (the index's, with
progress attached read-only, quizapp/study/search/index.py), so a query is one statement and SQLite
combines the id sets itself: bench/search_bench.py measures that against combining them in Python.
A query with a word it requires is driven from the index (the word's rows, then their cards); any
other from the cards table, scanned (a scan of 100,000 cards beats 30,000 index lookups). The ids
come back as one string (group_concat), split in Python: a row per id costs more than the search.
The universe is the active cards, i.e. the questions of the last synced load.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.study.search.syntax import And, Everything, Match, Node, Not, Or, Prop, Rated, State, Text, type_names
from quizapp.study.search.text import fold, pattern


@dataclass(frozen=True, slots=True)
class Moment:
    """What time-dependent terms compare with: now, the study day's bounds (Unix seconds), FSRS's curve."""

    now: int
    day_start: int
    day_end: int
    factor: float
    decay: float

    @classmethod
    def at(cls, now: datetime, day_start: datetime, day_end: datetime, factor: float, decay: float) -> Moment:
        return cls(int(now.timestamp()), int(day_start.timestamp()), int(day_end.timestamp()), factor, decay)


@dataclass(frozen=True, slots=True)
class Scope:
    """Which of the index's rows a search may look at (SearchIndex.scope() after a sync).

    banks: the current entries, in load order; size: the questions they hold; every_bank: the index
    holds no other entry (no bank filter needed); hidden: index rows of a question id that an earlier
    entry holds too (the loader keeps the first); cards_only: answer only with questions that have an
    active card even for a text search (the cards may lag the banks: `quizapp search` while the app
    holds the progress).
    """

    banks: tuple[int, ...] = ()
    size: int = 0
    every_bank: bool = False
    hidden: tuple[int, ...] = ()
    cards_only: bool = False

    def rows(self) -> str:
        """The condition an index row `d` must meet ("" when it needs none), ending in " AND "."""
        parts = [] if self.every_bank else [f"d.bank IN {bank_list(self.banks)}"]
        if self.hidden:
            parts.append(f"d.id NOT IN ({','.join(str(int(n)) for n in self.hidden)})")
        return "".join(f"{p} AND " for p in parts)


def bank_list(banks: tuple[int, ...]) -> str:
    """Entry numbers as an SQL list of integer literals (SQLite makes one lookup table of it)."""
    return "(" + ",".join(str(int(b)) for b in banks) + ")" if banks else "(NULL)"


_DAY = 86400
_RETRIEVABILITY = ("CASE WHEN c.last_review IS NOT NULL AND c.stability > 0 THEN "
                   "pow(1.0 + :factor * max(0, (:now - c.last_review) / 86400) / c.stability, :decay) END")
PROPERTIES = {
    "lapses": "c.lapses",
    "reps": "c.reps",
    "interval": f"CASE WHEN c.state != {NEW} AND c.last_review IS NOT NULL THEN (c.due - c.last_review) / 86400.0 END",
    "due": f"CASE WHEN c.state != {NEW} THEN floor((c.due - :day_start) / 86400.0) END",
    "stability": "c.stability",
    "difficulty": "c.fsrs_difficulty",
    "retrievability": _RETRIEVABILITY,
}
STATES = {
    "new": f"c.state = {NEW}",
    "learning": f"c.state IN ({LEARNING}, {RELEARNING})",
    "review": f"c.state IN ({REVIEW}, {RELEARNING})",
    # due before today's study day ends, and not put aside: what a session would offer today
    # ix_cards_state_due covers this (migration 0005): a range of one index, no table row read
    "due": f"(c.state IN ({LEARNING}, {REVIEW}, {RELEARNING}) AND c.due < :day_end AND c.suspended = 0 "
           "AND c.buried_until <= :now)",
    "suspended": "c.suspended = 1",
    "buried": "c.buried_until > :now",
    "flagged": "c.flagged = 1",
    "leech": "c.leech = 1",
}
# Sort keys of the Browse table -> SQL over cards `c` and the question's index row `d`.
ORDERS = {
    "bank": "c.position",
    "prompt": "d.shown COLLATE NOCASE",
    "topic": "c.topic",
    "type": "d.qtype",
    "due": f"CASE WHEN c.state = {NEW} THEN NULL ELSE c.due END",
    "interval": PROPERTIES["interval"],
    "stability": "c.stability",
    "difficulty": "c.fsrs_difficulty",
    "lapses": "c.lapses",
    "reps": "c.reps",
    "retrievability": _RETRIEVABILITY,
    "flags": "(c.suspended * 8 + (c.buried_until > :now) * 4 + c.flagged * 2 + c.leech)",
}
_NEEDS_DOC = frozenset({"prompt", "type"})
_TEXT_ONLY_ORDERS = {"prompt": "d.shown COLLATE NOCASE", "type": "d.qtype"}  # orders needing no card


def fts_query(term: Text) -> str:
    """A Text term as an FTS5 string: its words must stand together (a phrase); `*` keeps the last open."""
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


class _Compiler:
    """Turns the tree into a WHERE clause over cards `c`, collecting named parameters."""

    def __init__(self, conn: sqlite3.Connection, scope: Scope, moment: Moment, *, docs: bool = False,
                 driver: Text | None = None) -> None:
        self.conn = conn
        self.docs = docs  # the statement joins each card's index row `d` (of a current bank)
        self.driver = driver  # the text term whose matches the statement starts from (already applied)
        rows = scope.rows()
        self.bank_filter = f" AND {rows[:-5]}" if rows else ""
        self.banks = json.dumps(list(scope.banks))
        self.params: dict[str, object] = {"banks": self.banks, "now": moment.now, "day_start": moment.day_start,
                                          "day_end": moment.day_end, "factor": moment.factor,
                                          "decay": moment.decay}
        self.moment = moment
        self._vocab: dict[str, list[str]] = {}

    def param(self, value: object) -> str:
        name = f"v{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def vocabulary(self, kind: str) -> list[str]:
        """The topics or tags of the current banks (a few hundred at most), read once per query."""
        if kind not in self._vocab:
            self._vocab[kind] = [v for (v,) in self.conn.execute(
                "SELECT DISTINCT value FROM vocab WHERE kind = ? AND bank IN (SELECT value FROM json_each(?))",
                (kind, self.banks))]
        return self._vocab[kind]

    def sql(self, node: Node) -> str:
        handler: Callable[[Node], str] = getattr(self, f"_{type(node).__name__.lower()}")
        return handler(node)

    def _everything(self, node: Everything) -> str:
        return "1"

    def _and(self, node: And) -> str:
        return "(" + " AND ".join(self.sql(t) for t in node.terms) + ")"

    def _or(self, node: Or) -> str:
        return "(" + " OR ".join(self.sql(t) for t in node.terms) + ")"

    def _not(self, node: Not) -> str:
        # A property a card lacks (a new card's interval) is NULL: not matching, so its negation matches.
        return f"NOT coalesce({self.sql(node.term)}, 0)"

    def _text(self, node: Text) -> str:
        if node is self.driver:
            return "1"
        match = f"(SELECT rowid FROM fts WHERE fts MATCH {self.param(fts_query(node))})"
        if self.docs:
            # `+`: a membership test. Without it SQLite may walk the whole match list for every card.
            return f"+d.id IN {match}"
        return f"c.question_id IN (SELECT d.qid FROM docs d WHERE d.id IN {match}{self.bank_filter})"

    def _match(self, node: Match) -> str:
        field = node.field
        if field == "difficulty":
            levels = self.param(json.dumps([int(v) for v in node.values]))
            return f"c.difficulty IN (SELECT value FROM json_each({levels}))"
        if field == "id":
            likes = [self.param(_like(v)) for v in node.values]
            return "(" + " OR ".join(f"c.question_id LIKE {p} ESCAPE '\\'" for p in likes) + ")"
        if field == "type":
            wanted = [t for t in type_names() if any(pattern(v).fullmatch(t) for v in node.values)]
            types = f"(SELECT value FROM json_each({self.param(json.dumps(wanted))}))"
            if self.docs:
                return f"d.qtype IN {types}"
            return f"c.question_id IN (SELECT d.qid FROM docs d WHERE d.qtype IN {types}{self.bank_filter})"
        wanted = [v for v in self.vocabulary(field) if any(pattern(p).fullmatch(fold(v)) for p in node.values)]
        values = self.param(json.dumps(wanted))
        if field == "topic":
            return f"c.topic IN (SELECT value FROM json_each({values}))"
        return (f"c.question_id IN (SELECT question_id FROM p.card_tags WHERE tag IN "
                f"(SELECT value FROM json_each({values})))")

    def _state(self, node: State) -> str:
        return STATES[node.name]

    def _rated(self, node: Rated) -> str:
        since = self.param(self.moment.day_start - (node.days - 1) * _DAY)
        rating = f" AND rating = {self.param(node.rating)}" if node.rating is not None else ""
        # Practice answers count: they were answered too, they only left the schedule alone.
        return (f"c.question_id IN (SELECT question_id FROM p.review_log WHERE reviewed_at >= {since}{rating} "
                f"UNION ALL SELECT question_id FROM p.practice_log WHERE reviewed_at >= {since}{rating})")

    def _prop(self, node: Prop) -> str:
        op = "<>" if node.op == "!=" else node.op
        if node.name == "interval":  # in seconds, no division per card: measured 12% faster over 100k
            return f"(c.state != {NEW} AND c.due - c.last_review {op} {self.param(node.value * _DAY)})"
        return f"({PROPERTIES[node.name]}) {op} {self.param(node.value)}"


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def where_clause(conn: sqlite3.Connection, node: Node, scope: Scope, moment: Moment
                 ) -> tuple[str, dict[str, object]]:
    """The WHERE clause (over active cards `c` in the attached progress) for `node`, and its parameters."""
    compiler = _Compiler(conn, scope, moment)
    return compiler.sql(node), compiler.params


def _driver(node: Node) -> Text | None:
    """A word every match must contain: its index rows can drive the query."""
    if isinstance(node, Text):
        return node
    if isinstance(node, And):
        return next((t for t in node.terms if isinstance(t, Text)), None)
    return None


def _cards_needed(node: Node) -> bool:
    """Whether the query looks at anything but text and type (then each index row's card is joined)."""
    if isinstance(node, And | Or):
        return any(_cards_needed(t) for t in node.terms)
    if isinstance(node, Not):
        return _cards_needed(node.term)
    return not (isinstance(node, Text) or (isinstance(node, Match) and node.field == "type"))


CARDS_FIRST = 0.25  # a word in more than this share of the questions: start from the cards, not the word


def statement(conn: sqlite3.Connection, node: Node, scope: Scope, moment: Moment, order: str | None,
              descending: bool = False) -> tuple[str, dict[str, object]]:
    """The SELECT of matching ids (one column, `question_id`) in `order` (None: any order), and its parameters.

    The joins are written in the order they should run (CROSS JOIN keeps it): SQLite, without
    statistics, cannot tell a word in 70% of the questions from one in 0.1%, so a word that narrows the
    search starts it, and a common one is checked per card.
    """
    direction = "DESC" if descending else "ASC"
    driver = _driver(node)
    rows = scope.rows()
    banks = scope.banks
    if driver is not None:
        hits = "(SELECT rowid AS id FROM fts WHERE fts MATCH :driver)"
        cards = scope.cards_only or _cards_needed(node) or order not in (None, "bank", *_TEXT_ONLY_ORDERS)
        cards_first = False
        if cards and scope.size and _cards_needed(node):
            (n,) = conn.execute("SELECT count(*) FROM fts WHERE fts MATCH ?", (fts_query(driver),)).fetchone()
            cards_first = n > CARDS_FIRST * scope.size
        compiler = _Compiler(conn, scope, moment, docs=True, driver=None if cards_first else driver)
        compiler.params["driver"] = fts_query(driver)
        where = compiler.sql(node)
        if not cards:
            # Text and type alone: the index answers without the progress database.
            sql = f"SELECT d.qid AS question_id FROM {hits} m CROSS JOIN docs d ON d.id = m.id WHERE {rows}{where}"
            if order == "bank" and list(banks) == sorted(banks):
                # Banks indexed in load order: index row order is bank order, and FTS5 hands rows over in it.
                sql += f" ORDER BY m.id {direction}"
            elif order == "bank":  # the banks in load order, each in file order: the cards' positions
                rank = " ".join(f"WHEN {int(b)} THEN {i}" for i, b in enumerate(banks))
                sql += f" ORDER BY CASE d.bank {rank} END {direction}, d.id {direction}" if banks else ""
            elif order is not None:
                sql += f" ORDER BY {_TEXT_ONLY_ORDERS[order]} {direction}, d.id {direction}"
            return sql, compiler.params
        if cards_first:
            sql = (f"SELECT c.question_id FROM p.cards c CROSS JOIN docs d ON d.qid = c.question_id "
                   f"WHERE {rows}c.active = 1 AND {where}")
        else:
            sql = (f"SELECT c.question_id FROM {hits} m CROSS JOIN docs d ON d.id = m.id "
                   f"CROSS JOIN p.cards c ON c.question_id = d.qid WHERE {rows}c.active = 1 AND {where}")
    else:
        compiler = _Compiler(conn, scope, moment)
        where = compiler.sql(node)
        if order in _NEEDS_DOC:
            sql = (f"SELECT c.question_id FROM p.cards c CROSS JOIN docs d ON d.qid = c.question_id "
                   f"WHERE {rows}c.active = 1 AND {where}")
        else:
            sql = f"SELECT c.question_id FROM p.cards c WHERE c.active = 1 AND {where}"
    if order == "bank":
        sql += f" ORDER BY c.position {direction}"
    elif order is not None:
        sql += f" ORDER BY {ORDERS[order]} {direction} NULLS LAST, c.position {direction}"
    return sql, compiler.params


def find(conn: sqlite3.Connection, node: Node, scope: Scope, moment: Moment, order: str | None = "bank",
         descending: bool = False) -> list[str]:
    """The ids of the active cards matching `node`, sorted by ORDERS[order] (then bank order); None: any order."""
    sql, params = statement(conn, node, scope, moment, order, descending)
    # One string, not a row per id (ids hold no line breaks: quizapp/bank/parse.py ID_RE); the subquery's
    # ORDER BY is kept, as SQLite does not flatten an ordered subquery into an aggregate.
    (joined,) = conn.execute(f"SELECT group_concat(question_id, char(10)) FROM ({sql})", params).fetchone()
    return joined.split("\n") if joined else []
