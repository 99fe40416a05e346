"""The instructor's item analysis of a class: per question and content hash, per topic, and flags.

Each student's first answer to an item (a question id at one content hash: a reworded question starts
fresh) is one response, as in a test; later answers are study, not measurement, and count only in
`answers` and in topic mastery. A student's total is their share of correct first answers over every
item they answered. Per item: responses, facility (p_correct), point-biserial discrimination against
that total, the upper–lower 27 % index, counts per distractor, the median time. Per topic: class mastery,
the share of (student, question) pairs whose latest answer was correct. docs/class.md explains the
figures; `ClassReport.problems()` gives the flags as bank problems (FILE:LINE), like the bank checks.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from quizapp.bank.model import Problem, Question
from quizapp.study.classroom import itemstats
from quizapp.study.classroom.responses import distractors, wrong_choices

MIN_RESPONSES = 5  # fewer responses than this: figures are shown, but no flag is raised on them
HARD, EASY = 0.2, 0.95  # facility bounds outside which an item is flagged
TOP_WRONG = 10  # wrong responses listed for an item without options

NEGATIVE_DISCRIMINATION, TOO_HARD, TOO_EASY, UNUSED_DISTRACTOR = (
    "negative_discrimination", "too_hard", "too_easy", "unused_distractor")


def is_correct(score: float | None, rating: int) -> bool:
    """Right answer: full score; a self-rated card (no score) counts as right unless rated Again."""
    return score >= 1.0 - 1e-9 if score is not None else rating > 1


@dataclass(frozen=True, slots=True)
class AnswerRow:
    """One answer as the report reads it from the server; `response` is its JSON text (None if absent)."""

    student: str
    question_id: str
    content_hash: str
    topic: str
    score: float | None
    rating: int
    response: str | None
    duration_ms: int | None
    correct: bool

    @classmethod
    def of(cls, student: str, question_id: str, content_hash: str, topic: str, score: float | None, rating: int,
           response: str | None, duration_ms: int | None) -> AnswerRow:
        return cls(student, question_id, content_hash, topic, score, rating, response, duration_ms,
                   is_correct(score, rating))


@dataclass(slots=True)
class ClassData:
    """What the report needs from the server: first answers per item, latest per question, counts, names."""

    first: list[AnswerRow]
    latest: list[AnswerRow]
    answers_per_item: dict[tuple[str, str], int]
    names: dict[str, str]  # login -> the name the instructor gave


@dataclass(frozen=True, slots=True)
class Flag:
    code: str  # one of the four constants above
    message: str


@dataclass(frozen=True, slots=True)
class StudentTotal:
    login: str
    name: str
    items: int  # items answered (first answers)
    total: float  # share of them answered right the first time


@dataclass(frozen=True, slots=True)
class ItemStats:
    question_id: str
    content_hash: str
    topic: str
    current: bool | None  # the bank's question has this content hash; None: not in the loaded banks
    prompt: str | None
    file: str | None
    line: int | None
    responses: int  # students who answered it (their first answer)
    answers: int  # every answer, reviews included
    p_correct: float | None
    discrimination: float | None  # point-biserial against the student's total
    upper_lower: float | None  # p(top 27 %) − p(bottom 27 %)
    distractors: dict[str, int]  # wrong option (or wrong response) -> responses that gave it
    distractors_from: str  # "options" | "parts" | "responses" (an older version: counted as given)
    median_time_ms: float | None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True, slots=True)
class TopicStats:
    topic: str
    students: int
    questions: int
    answers: int
    mastery: float | None  # share of (student, question) pairs whose latest answer was right


@dataclass(frozen=True, slots=True)
class ClassReport:
    server: str
    generated_at: datetime
    students: list[StudentTotal]
    answers: int
    items: list[ItemStats]
    topics: list[TopicStats]
    min_responses: int = MIN_RESPONSES
    topic_filter: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> list[ItemStats]:
        return [i for i in self.items if i.flags]

    def problems(self) -> list[Problem]:
        """Each flag as a warning at the question's file and line (the bank check's format)."""
        return [Problem(i.file or "(not in the loaded banks)", i.line or 0, 1, f"{i.question_id}: {f.message}",
                        "warning") for i in self.items for f in i.flags]


def _totals(first: Iterable[AnswerRow]) -> dict[str, tuple[int, float]]:
    per: dict[str, list[bool]] = defaultdict(list)
    for a in first:
        per[a.student].append(a.correct)
    return {s: (len(c), sum(c) / len(c)) for s, c in per.items()}


def _distractor_counts(rows: list[AnswerRow], question: Question | None, current: bool | None
                       ) -> tuple[dict[str, int], str, tuple[str, ...] | None]:
    if question is not None and current:
        offered = distractors(question)
        counts: Counter[str] = Counter()
        graded: dict[str | None, set[str]] = {}  # a class gives few distinct responses: grade each once
        for a in rows:
            wrong = graded.get(a.response)
            if wrong is None:
                wrong = graded[a.response] = wrong_choices(question, _loads(a.response), offered)
            counts.update(wrong)
        if offered is not None:
            return {d: counts.get(d, 0) for d in offered}, "options", offered
        return dict(counts.most_common(TOP_WRONG)), "parts", None
    wrong = Counter(a.response or "null" for a in rows if not a.correct)  # PostgreSQL's canonical JSON text
    return dict(wrong.most_common(TOP_WRONG)), "responses", None


def _loads(text: str | None) -> Any:
    try:
        return None if text is None else json.loads(text)
    except ValueError:
        return None


def _flags(responses: int, p: float | None, r: float | None, counts: dict[str, int],
           offered: tuple[str, ...] | None, min_responses: int) -> tuple[Flag, ...]:
    if responses < min_responses or p is None:
        return ()
    out = []
    if r is not None and r < 0:
        out.append(Flag(NEGATIVE_DISCRIMINATION, f"negative discrimination (point-biserial {r:+.2f}): "
                                                 "weaker students get it right more often than stronger ones"))
    if p < HARD:
        out.append(Flag(TOO_HARD, f"facility {p:.2f} is under {HARD}: almost nobody gets it right"))
    elif p > EASY:
        out.append(Flag(TOO_EASY, f"facility {p:.2f} is over {EASY}: almost everybody gets it right"))
    unused = [d for d in offered or () if counts.get(d, 0) == 0]
    if unused:
        shown = "; ".join(f"“{d}”" for d in unused)
        out.append(Flag(UNUSED_DISTRACTOR, f"nobody picks {shown} ({responses} responses)"))
    return tuple(out)


def compute_report(data: ClassData, questions: Mapping[str, Question] | None = None, *, server: str = "",
                   topics: Iterable[str] = (), min_responses: int = MIN_RESPONSES,
                   now: datetime | None = None) -> ClassReport:
    """The report from the server's rows; `questions` (the banks) add prompts, files, lines and options."""
    questions = questions or {}
    wanted = tuple(topics)
    totals = _totals(data.first)
    by_item: dict[tuple[str, str], list[AnswerRow]] = defaultdict(list)
    for a in data.first:
        by_item[(a.question_id, a.content_hash)].append(a)
    items = []
    for (qid, chash), rows in sorted(by_item.items()):
        topic = rows[0].topic
        question = questions.get(qid)
        if question is not None:
            topic = question.topic or topic
        if wanted and topic not in wanted:
            continue
        current = None if question is None else question.content_hash == chash
        correct = [a.correct for a in rows]
        p = itemstats.facility(correct)
        r = itemstats.point_biserial(correct, [totals[a.student][1] for a in rows])
        d = itemstats.upper_lower([(a.student, totals[a.student][1], a.correct) for a in rows])
        counts, source, offered = _distractor_counts(rows, question, current)
        items.append(ItemStats(
            qid, chash, topic, current, None if question is None else question.prompt,
            None if question is None else question.file, None if question is None else question.line,
            len(rows), data.answers_per_item.get((qid, chash), len(rows)), p, r, d, counts, source,
            itemstats.median([a.duration_ms for a in rows if a.duration_ms is not None]),
            _flags(len(rows), p, r, counts, offered, min_responses)))
    per_topic: dict[str, list[AnswerRow]] = defaultdict(list)
    for a in data.latest:
        question = questions.get(a.question_id)
        per_topic[(question.topic if question is not None else "") or a.topic].append(a)
    answers_per_topic: Counter[str] = Counter()
    for item in items:
        answers_per_topic[item.topic] += item.answers
    topic_rows = [TopicStats(t, len({a.student for a in rows}), len({a.question_id for a in rows}),
                             answers_per_topic[t], itemstats.facility([a.correct for a in rows]))
                  for t, rows in sorted(per_topic.items()) if not wanted or t in wanted]
    students = [StudentTotal(s, data.names.get(s, s), n, total) for s, (n, total) in sorted(totals.items())]
    return ClassReport(server, now or datetime.now(UTC), students, sum(data.answers_per_item.values()), items,
                       topic_rows, min_responses, wanted)


# The response as text: the report keys its counts on it and parses only the few distinct ones.
_COLUMNS = "student, question_id, content_hash, topic, score, rating, response::text, duration_ms"
_NO_RESPONSE = _COLUMNS.replace("response::text", "NULL")  # mastery needs no response
_SQL = {  # DISTINCT ON: PostgreSQL picks each student's first (or latest) answer itself
    "first": f"SELECT DISTINCT ON (student, question_id, content_hash) {_COLUMNS} FROM {{s}}.answers "
             "ORDER BY student, question_id, content_hash, answered_at, uid",
    "latest": f"SELECT DISTINCT ON (student, question_id) {_NO_RESPONSE} FROM {{s}}.answers "
              "ORDER BY student, question_id, answered_at DESC, uid DESC",
    "counts": "SELECT question_id, content_hash, count(*) FROM {s}.answers GROUP BY question_id, content_hash",
    "names": "SELECT login, name FROM {s}.students",
}


def fetch_class_data(conn: Any) -> ClassData:  # a sqlalchemy Connection to the class database
    """Read what the report needs in four queries."""
    from sqlalchemy import text

    from quizapp.store.classdb.schema import SCHEMA

    def rows(name: str) -> list:
        return conn.execute(text(_SQL[name].format(s=SCHEMA))).all()

    return ClassData([AnswerRow.of(*r) for r in rows("first")], [AnswerRow.of(*r) for r in rows("latest")],
                     {(q, h): n for q, h, n in rows("counts")}, {login: name for login, name in rows("names")})


def class_report(url: str, questions: Mapping[str, Question] | None = None, *, login: str | None = None,
                 password: str | None = None, topics: Iterable[str] = (),
                 min_responses: int = MIN_RESPONSES) -> ClassReport:
    """Connect as the instructor and build the report; ClassError (with a one-line message) if that fails."""
    from quizapp.store.classdb import migrate
    from quizapp.store.classdb.server import address, explain, make_engine, parse_url

    sql_url = parse_url(url, login, password)
    where = address(sql_url)
    engine = make_engine(sql_url)
    try:
        with engine.connect() as conn:
            migrate.check_current(conn, where.label)
            data = fetch_class_data(conn)
    except Exception as exc:
        problem = explain(exc, where)
        if problem is None:
            raise
        raise problem from exc
    finally:
        engine.dispose()
    return compute_report(data, questions, server=where.label, topics=topics, min_responses=min_responses)


def report_json(report: ClassReport) -> dict[str, Any]:
    """The report as JSON-ready data (what `quizapp class report --json` prints)."""
    def rnd(x: float | None, digits: int = 4) -> float | None:
        return None if x is None else round(x, digits)

    return {
        "server": report.server,
        "generated_at": report.generated_at.isoformat(),
        "students": len(report.students),
        "answers": report.answers,
        "min_responses_for_flags": report.min_responses,
        "topic_filter": list(report.topic_filter),
        "student_totals": [{"login": s.login, "name": s.name, "items": s.items, "total": rnd(s.total)}
                           for s in report.students],
        "items": [{
            "question_id": i.question_id, "content_hash": i.content_hash, "topic": i.topic, "current": i.current,
            "prompt": i.prompt, "file": i.file, "line": i.line, "responses": i.responses, "answers": i.answers,
            "p_correct": rnd(i.p_correct), "discrimination": rnd(i.discrimination),
            "upper_lower": rnd(i.upper_lower), "distractors": i.distractors, "distractors_from": i.distractors_from,
            "median_time_ms": i.median_time_ms, "flags": [{"code": f.code, "message": f.message} for f in i.flags],
        } for i in report.items],
        "topics": [{"topic": t.topic, "students": t.students, "questions": t.questions, "answers": t.answers,
                    "mastery": rnd(t.mastery)} for t in report.topics],
        "flagged": len(report.flagged),
    }
