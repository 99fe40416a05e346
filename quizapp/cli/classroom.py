"""`quizapp class init|add-student|push|report`: a class on a PostgreSQL server, from the terminal.

Passwords: an address may carry one, else $QUIZAPP_CLASS_PASSWORD, else the system keyring (the optional
`keyring` package), else the command asks (on a terminal) and, after a push that worked, keeps it in the
keyring when there is one. Only add-student ever prints a password: the new student's.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from typing import Any

from quizapp.cli.banks import bank_targets
from quizapp.cli.text import pct, short, table
from quizapp.store.classdb.errors import ClassError  # no dependency: the class extra is needed only to connect


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("class", parents=[common], help="a class on a PostgreSQL server: students push answers, "
                                                       "the instructor sees item statistics",
                       description="URL: postgresql://LOGIN@HOST:PORT/DATABASE (docs/class.md sets one up).")
    actions = p.add_subparsers(dest="class_action", metavar="ACTION", required=True)
    init = actions.add_parser("init", parents=[common], help="create or upgrade the class on a server (instructor)",
                              description="Needs a login that may create roles (the database's owner or an admin).")
    init.add_argument("url")
    init.set_defaults(func=_cmd_init)
    add = actions.add_parser("add-student", parents=[common], help="create a student's login and print what the "
                                                                   "student enters (instructor)")
    add.add_argument("url")
    add.add_argument("name", help="the student's name as the report shows it")
    add.add_argument("--new-password", action="store_true", help="the student exists: give them a new password")
    add.set_defaults(func=_cmd_add_student)
    push = actions.add_parser("push", parents=[common], help="send your answers that the class does not have yet",
                              description="Sends answers, ratings, times and responses only (docs/class.md). "
                                          "Safe to repeat: nothing is ever sent twice into the class. The "
                                          "password comes from $QUIZAPP_CLASS_PASSWORD, else the system "
                                          "keyring, else it is asked for (and then kept in the keyring).")
    push.add_argument("url")
    push.add_argument("--student", metavar="NAME", help="your login (as add-student printed it) if the URL has none")
    push.add_argument("--batch", type=int, default=None, help=argparse.SUPPRESS)
    push.set_defaults(func=_cmd_push)
    rep = actions.add_parser("report", parents=[common], help="item statistics of the class (instructor)",
                             description="Uses --banks (default: the shipped banks) for prompts, files and lines.")
    rep.add_argument("url")
    rep.add_argument("--json", action="store_true", help="print JSON")
    rep.add_argument("--topic", action="append", default=[], metavar="T", help="only this topic (repeatable)")
    rep.add_argument("--min-responses", type=int, default=None, metavar="N",
                     help="raise flags only on items with at least N responses (default: 5)")
    rep.set_defaults(func=_cmd_report)


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


def _connect_args(url: str, login: str | None) -> tuple[Any, Any, str | None, bool]:
    """(sql url, address, password, prompted) — ClassError for a bad address or a missing driver."""
    from quizapp.store.classdb.server import address, parse_url, require_driver
    from quizapp.study.classroom.credentials import ENV_PASSWORD, stored_password

    require_driver()
    sql_url = parse_url(url, login)
    where = address(sql_url)
    if sql_url.password is not None:
        return sql_url, where, sql_url.password, False
    password, _source = stored_password(where)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"password for {where.login} on {where.label} (or set {ENV_PASSWORD}): ")
        return sql_url, where, password or None, bool(password)
    return sql_url, where, password, False


def _with_password(sql_url: Any, password: str | None) -> str:
    url = sql_url if password is None else sql_url.set(password=password)
    return url.render_as_string(hide_password=False)


def _on_server(url: str, action: Callable[[Any, str], Any]) -> tuple[Any, Any]:
    """Run action(engine, label) as the login in `url`: (its result, the sql url); ClassError on failure."""
    from quizapp.store.classdb.server import explain, make_engine

    sql_url, where, password, _ = _connect_args(url, None)
    engine = make_engine(sql_url if password is None else sql_url.set(password=password))
    try:
        return action(engine, where.label), sql_url
    except Exception as exc:
        problem = explain(exc, where)
        if problem is None:
            raise
        raise problem from exc
    finally:
        engine.dispose()


def _cmd_init(args: argparse.Namespace) -> int:
    from quizapp.store.classdb.classes import init_class

    try:
        result, sql_url = _on_server(args.url, init_class)
    except ClassError as exc:
        return _fail(exc.message)
    label = f"{sql_url.host}:{sql_url.port or 5432}/{sql_url.database}"
    if result.before == result.after:
        print(f"the class on {label} is up to date (schema {result.after})")
    else:
        done = "created" if result.before is None else f"upgraded from {result.before} to"
        print(f"class {done} schema {result.after} on {label}; roles {result.roles.instructor} (reads "
              f"everything) and {result.roles.students} (each student their own rows)")
    print(f"next: quizapp class add-student {args.url} NAME, once per student")
    return 0


def _cmd_add_student(args: argparse.Namespace) -> int:
    from quizapp.store.classdb.classes import add_student

    try:
        student, sql_url = _on_server(args.url, lambda engine, label: add_student(engine, label, args.name,
                                                                                   args.new_password))
    except ClassError as exc:
        return _fail(exc.message)
    from sqlalchemy.engine import URL

    public = URL.create("postgresql", host=sql_url.host, port=sql_url.port, database=sql_url.database,
                        query=sql_url.query).render_as_string()
    what = "has a new password" if student.existed else "is in the class"
    print(f"{student.name} {what} on {sql_url.host}:{sql_url.port or 5432}/{sql_url.database}. "
          "Give the student these three lines:")
    print(f"  server:   {public}")
    print(f"  login:    {student.login}")
    print(f"  password: {student.password}")
    print(f"They push with: quizapp class push {public} --student {student.login}")
    return 0


def _student_login(url: str, name: str | None) -> str | None:
    from quizapp.study.classroom.credentials import student_login

    return student_login(url, name)


def _cmd_push(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.study import AlreadyOpenError, StoreError, StudyService
    from quizapp.study.classroom.credentials import ENV_PASSWORD, keyring_available, save_password
    from quizapp.study.classroom.push import BATCH, push_answers

    data = paths.data_dir(args.data_dir)
    try:
        sql_url, where, password, prompted = _connect_args(args.url, _student_login(args.url, args.student))
        try:
            service = StudyService.open(data)
        except AlreadyOpenError:  # the app is open: push all the same; the app keeps the mark next time
            service = StudyService.open_readonly(data)
        with service:
            result = push_answers(service.store, _with_password(sql_url, None), password=password,
                                  batch=args.batch or BATCH)
    except (ClassError, StoreError) as exc:
        return _fail(exc.message)
    if not result.ok:
        return _fail(result.message)
    print(result.message)
    if not result.recorded:
        print("note: quizapp is open on this folder, so this computer could not note the push; the next push "
              "offers these answers again and the class ignores them", file=sys.stderr)
    if prompted and password:
        if save_password(where, password):
            print("your password is kept in the system keyring for the next push", file=sys.stderr)
        elif not keyring_available():
            print(f"no system keyring here: set {ENV_PASSWORD} to push without typing it", file=sys.stderr)
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.bank.loader import load_banks
    from quizapp.study.classroom.report import MIN_RESPONSES, class_report, report_json

    try:
        sql_url, _where, password, _ = _connect_args(args.url, None)
        data = paths.data_dir(args.data_dir)
        loaded = load_banks(bank_targets(args), paths.bank_cache_dir(data), lazy=True)
        min_responses = MIN_RESPONSES if args.min_responses is None else max(0, args.min_responses)
        report = class_report(_with_password(sql_url, None), loaded.questions, password=password,
                              topics=args.topic, min_responses=min_responses)
    except ClassError as exc:
        return _fail(exc.message)
    if args.json:
        print(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        print("\n".join(text_report(report)))
    return 0




def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:+.2f}"






def text_report(report: Any) -> list[str]:  # a ClassReport
    """The report as readable lines: items, flags with FILE:LINE, topics, students."""
    topics = ", ".join(report.topic_filter) or "all"
    out = [f"Class on {report.server} at {report.generated_at:%Y-%m-%d %H:%M} · {len(report.students)} student(s) · "
           f"{report.answers} answer(s) · topics: {topics}", "",
           "Items (first answer of each student; p = facility, r = point-biserial, D = upper-lower 27 %):"]
    out += table(("question", "hash", "topic", "responses", "p", "r", "D", "median", "distractors (picks)"),
                  ((("* " if i.flags else "") + i.question_id + ("" if i.current is not False else " (older)"),
                    i.content_hash[:8], i.topic, i.responses, pct(i.p_correct), _num(i.discrimination),
                    _num(i.upper_lower), "–" if i.median_time_ms is None else f"{i.median_time_ms / 1000:.1f} s",
                    short(", ".join(f"{k} ({v})" for k, v in i.distractors.items()), 60))
                   for i in report.items))
    out += ["", f"Flagged items (* above; only items with {report.min_responses}+ responses are judged):"]
    out += [f"  {p}" for p in report.problems()] or ["  (none)"]
    out += ["", "Topics (mastery: latest answers right):",
            *table(("topic", "students", "questions", "answers", "mastery"),
                    ((t.topic, t.students, t.questions, t.answers, pct(t.mastery)) for t in report.topics))]
    out += ["", "Students (total: first answers right):",
            *table(("name", "login", "items", "total"),
                    ((s.name, s.login, s.items, pct(s.total)) for s in report.students))]
    return out
