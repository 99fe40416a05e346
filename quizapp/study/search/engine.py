"""Running a parsed query: one SQL statement over the text index with the progress database attached.

Text terms become FTS5 MATCH sub-queries on the index; card properties (is:, prop:, rated:, topic:,
tag:, id:, difficulty:) are SQL on the progress tables. Both live in one connection (the index's, with
progress attached read-only, quizapp/study/search/index.py), so a query is one statement and SQLite
combines the id sets itself: faster than combining them in Python (bench/search_bench.py measures
both). The universe is the active cards, i.e. the questions of the last synced load.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from quizapp.bank.model import QType
from quizapp.srs.scheduling import LEARNING, NEW, RELEARNING, REVIEW
from quizapp.study.search.syntax import And, Everything, Match, Node, Not, Or, Prop, Rated, State, Text
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


def fts_query(term: Text) -> str:
    """A Text term as an FTS5 string: its words must stand together (a phrase); `*` keeps the last open."""
    return '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")


class _Compiler:
    """Turns the tree into a WHERE clause over cards `c`, collecting named parameters."""

    def __init__(self, conn: sqlite3.Connection, banks: tuple[int, ...], moment: Moment) -> None:
        self.conn = conn
        self.banks = json.dumps(list(banks))
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
        return ("c.question_id IN (SELECT d.qid FROM docs d WHERE d.id IN (SELECT rowid FROM fts WHERE fts MATCH "
                f"{self.param(fts_query(node))}) AND d.bank IN (SELECT value FROM json_each(:banks)))")

    def _match(self, node: Match) -> str:
        field = node.field
        if field == "difficulty":
            levels = self.param(json.dumps([int(v) for v in node.values]))
            return f"c.difficulty IN (SELECT value FROM json_each({levels}))"
        if field == "id":
            likes = [self.param(_like(v)) for v in node.values]
            return "(" + " OR ".join(f"c.question_id LIKE {p} ESCAPE '\\'" for p in likes) + ")"
        if field == "type":
            wanted = [t.value for t in QType if any(pattern(v).fullmatch(t.value) for v in node.values)]
            return (f"c.question_id IN (SELECT qid FROM docs WHERE qtype IN (SELECT value FROM json_each("
                    f"{self.param(json.dumps(wanted))})) AND bank IN (SELECT value FROM json_each(:banks)))")
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
        return f"({PROPERTIES[node.name]}) {op} {self.param(node.value)}"


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def where_clause(conn: sqlite3.Connection, node: Node, banks: tuple[int, ...], moment: Moment
                 ) -> tuple[str, dict[str, object]]:
    """The WHERE clause (over active cards `c` in the attached progress) for `node`, and its parameters."""
    compiler = _Compiler(conn, banks, moment)
    return compiler.sql(node), compiler.params


def find(conn: sqlite3.Connection, node: Node, banks: tuple[int, ...], moment: Moment,
         order: str = "bank", descending: bool = False) -> list[str]:
    """The ids of the active cards matching `node`, sorted by ORDERS[order] (then bank order)."""
    where, params = where_clause(conn, node, banks, moment)
    key = ORDERS[order]
    direction = "DESC" if descending else "ASC"
    join = ""
    if order in _NEEDS_DOC:
        join = ("LEFT JOIN docs d ON d.id = (SELECT min(x.id) FROM docs x WHERE x.qid = c.question_id AND x.bank IN "
                "(SELECT value FROM json_each(:banks)))")
    sql = (f"SELECT c.question_id FROM p.cards c {join} WHERE c.active = 1 AND {where} "
           f"ORDER BY {key} {direction} NULLS LAST, c.position {direction}")
    if order == "bank":
        sql = f"SELECT c.question_id FROM p.cards c WHERE c.active = 1 AND {where} ORDER BY c.position {direction}"
    return [qid for (qid,) in conn.execute(sql, params)]

