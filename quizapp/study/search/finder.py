"""The search front for the UI and the command line: sync the index after a load, find ids, read table rows.

    search = Search(data_dir)
    search.sync(load_result.questions, paths.bank_cache_dir(data_dir), load_result.cache_keys)
    ids = search.find("tag:nmda -is:new", moment_of(service))
    lines = search.lines(ids[:200], moment_of(service))        # what a Browse table row shows

A Search holds one reading connection; use it from one thread at a time (the Browse window's table
makes its own Search for the GUI thread).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from quizapp.bank.model import Question
from quizapp.srs.days import day_start, next_day_start
from quizapp.store.store import database_path
from quizapp.study.search.engine import ORDERS, PROPERTIES, Moment, find
from quizapp.study.search.index import IndexReport, SearchIndex
from quizapp.study.search.syntax import Node, parse

if TYPE_CHECKING:
    from quizapp.study.service import StudyService


@dataclass(frozen=True, slots=True)
class CardLine:
    """One row of the Browse table: the question's shown text and type, and its card's numbers."""

    question_id: str
    shown: str
    topic: str
    qtype: str
    state: int
    due: int | None  # Unix seconds; None for a new card
    interval: float | None  # days
    stability: float | None
    difficulty: float | None  # FSRS difficulty, 1..10
    retrievability: float | None
    lapses: int
    reps: int
    suspended: bool
    buried: bool
    flagged: bool
    leech: bool


def moment_of(service: StudyService) -> Moment:
    """The time terms are judged at for a StudyService: its clock, study day and FSRS parameters."""
    now = service.clock.now()
    hour = service.settings.get("rollover_hour")
    srs = service.srs()
    return Moment.at(now, day_start(now, hour), next_day_start(now, hour), srs.factor, srs.decay)


class Search:
    """The text index and a read-only view of the progress of one data folder."""

    def __init__(self, data_dir: Path, index: SearchIndex | None = None) -> None:
        self.data_dir = data_dir
        self.index = index or SearchIndex.for_data_dir(data_dir)
        self._conn: sqlite3.Connection | None = None
        # False when the cards may lag the banks (progress read while the app holds it): then even a text
        # search answers only with questions that have a card, as every other filter does.
        self.cards_synced = True

    def sync(self, questions: Mapping[str, Question], cache_dir: Path | None = None,
             cache_keys: Sequence[str] = ()) -> IndexReport:
        """Bring the index in line with a load (see SearchIndex.sync); call after every (re)load."""
        report = self.index.sync(questions, cache_dir, cache_keys)
        if report.indexed or report.dropped:
            self.close()  # a fresh connection sees the new tables' pages without a stale schema
        return report

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self.index.connect(database_path(self.data_dir))
        return self._conn

    def find(self, query: str | Node, moment: Moment, order: str | None = "bank", descending: bool = False
             ) -> list[str]:
        """Ids of the questions matching `query` (SearchError if it is malformed), sorted by `order`
        (a key of ORDERS: bank, prompt, topic, type, due, interval, ...; None: in no particular order)."""
        if order is not None and order not in ORDERS:
            raise ValueError(f"cannot sort by {order!r}; choose one of {', '.join(ORDERS)}")
        node = parse(query) if isinstance(query, str) else query
        scope = self.index.scope(cards_only=not self.cards_synced)
        if order != "prompt":
            return find(self.conn, node, scope, moment, order, descending)
        # Sorted here by each question's precomputed place: a join and a text sort in SQL cost more.
        found = find(self.conn, node, scope, moment, None)
        ranks = self.index.text_ranks(self.conn)
        last = len(ranks)
        found.sort(key=lambda qid: ranks.get(qid, last), reverse=descending)
        return found

    def lines(self, ids: Sequence[str], moment: Moment) -> dict[str, CardLine]:
        """Table rows for `ids` (those with a card), read in one statement."""
        sql = (f"SELECT c.question_id, d.shown, c.topic, d.qtype, c.state, c.due, ({PROPERTIES['interval']}), "
               f"c.stability, c.fsrs_difficulty, ({PROPERTIES['retrievability']}), c.lapses, c.reps, c.suspended, "
               "c.buried_until > :now, c.flagged, c.leech "
               f"FROM p.cards c LEFT JOIN docs d ON d.qid = c.question_id AND {self.index.scope().rows()}1 "
               "WHERE c.question_id IN (SELECT value FROM json_each(:ids))")
        params = {"ids": json.dumps(list(ids)), "now": moment.now,
                  "factor": moment.factor, "decay": moment.decay}
        out = {}
        for r in self.conn.execute(sql, params):
            out[r[0]] = CardLine(r[0], r[1] or "", r[2], r[3] or "", r[4], None if r[4] == 0 else r[5], r[6], r[7],
                                 r[8], r[9], r[10], r[11], bool(r[12]), bool(r[13]), bool(r[14]), bool(r[15]))
        return out

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
