"""Misconceptions: the wrong choices and typed answers a student gives again and again, with the bank's why.

SQLite counts each distinct (question, wrong response) among the latest wrong answers in the time range;
Python reads only those groups, names the wrong part of each (the chosen wrong choice, the mistyped gap,
the mismatched pair) and merges the same mistake made in several questions ("arketamine" for
"esketamine" twice over).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from quizapp.bank.grading import normalise
from quizapp.bank.model import Question
from quizapp.study.stats.log import LogScope
from quizapp.study.stats.model import Misconception

# The latest wrong answers read: what a student gets wrong now, and a bound on the work however long the
# log (months of study for most; a mistake long since corrected is no longer a misconception).
RECENT_WRONG = 20_000
GROUPS = 2000  # the most frequent (question, response) pairs read; far more than a student repeats
MIN_COUNT = 2  # once is a slip; twice is a pattern
LIMIT = 15


def wrong_answer_groups(conn: sqlite3.Connection, since: int, scope: LogScope) -> list[tuple[str, str, int]]:
    """(question id, response JSON, times given) among the latest RECENT_WRONG wrong answers since `since`,
    most frequent first. The time index is read newest first and stops there."""
    sql = (f"SELECT question_id, response, COUNT(*) AS n FROM (SELECT r.question_id, r.response FROM review_log r "
           f"WHERE r.reviewed_at >= :since AND r.score < 0.999 AND r.response IS NOT NULL AND {scope.sql()} "
           f"ORDER BY r.reviewed_at DESC LIMIT {RECENT_WRONG}) "
           f"GROUP BY question_id, response ORDER BY n DESC, question_id LIMIT {GROUPS}")
    return conn.execute(sql, {"since": since, **(scope.params or {})}).fetchall()


def _wrong_parts(q: Question, response: object) -> Iterator[tuple[str, str, str, str]]:
    """(given, expected, why, scope) for each wrong part of one response; scope "" merges across questions.
    A response the question's type cannot read (the bank changed the question since) names nothing."""
    try:
        parts = list(q.wrong_parts(response))
    except (TypeError, ValueError, AttributeError, KeyError, IndexError):
        return
    for given, expected, why, own_question in parts:
        yield given, expected, why, q.id if own_question else ""


@dataclass
class _Merged:
    given: str
    expected: str
    why: str
    topic: str
    count: int = 0
    question_ids: dict[str, int] = field(default_factory=dict)


def misconceptions(groups: list[tuple[str, str, int]], questions: Mapping[str, Question]
                   ) -> tuple[Misconception, ...]:
    merged: dict[tuple[str, str, str], _Merged] = {}
    for qid, raw, n in groups:
        q = questions.get(qid)
        if q is None:
            continue  # no longer in the banks: nothing to show or drill
        try:
            response = json.loads(raw)
        except ValueError:
            continue
        for given, expected, why, scope in _wrong_parts(q, response):
            key = (normalise(given), normalise(expected), scope)
            m = merged.setdefault(key, _Merged(given, expected, why, q.topic))
            m.count += n
            m.question_ids[qid] = m.question_ids.get(qid, 0) + n
            if not m.why and why:
                m.why = why
    ranked = sorted((m for m in merged.values() if m.count >= MIN_COUNT), key=lambda m: (-m.count, m.given))
    out = []
    for m in ranked[:LIMIT]:
        ids = tuple(sorted(m.question_ids, key=lambda k: (-m.question_ids[k], k)))
        first = questions.get(ids[0])  # read again if a lazy load let it go since (None if it cannot be)
        out.append(Misconception(m.given, m.expected, m.count, ids, m.topic, first.prompt if first else "", m.why))
    return tuple(out)
