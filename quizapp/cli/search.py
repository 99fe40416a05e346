"""`quizapp search QUERY [--json]`: the ids of the questions a search finds (the language of docs/search.md)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from quizapp.cli.banks import bank_targets

if TYPE_CHECKING:
    from quizapp.study.search import Moment, Search

MALFORMED = 2  # exit status of a query that does not parse (as argparse uses for bad options)


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("search", parents=[common], help="list the ids of the questions a search finds",
                       description="Searches --banks (default: the bundled banks) with the progress in --data-dir, "
                                   "as the Browse window does. Quote the query: quizapp search 'tag:nmda -is:new'; "
                                   "one that starts with '-' goes after --: quizapp search -- -is:new. "
                                   "The language: docs/search.md.")
    p.add_argument("query", nargs="+", metavar="QUERY", help="the search (several words are joined by spaces)")
    p.add_argument("--json", action="store_true", help="a JSON list with each question's topic, type, due date, "
                                                       "interval (days) and lapses")
    p.add_argument("--sort", default="bank", metavar="KEY",
                   help="bank (default), prompt, topic, type, due, interval, stability, difficulty, lapses, reps, "
                        "retrievability")
    p.add_argument("--reverse", action="store_true", help="sort the other way")
    p.set_defaults(func=_cmd_search)


def _cmd_search(args: argparse.Namespace) -> int:
    from quizapp import paths
    from quizapp.bank.loader import load_banks
    from quizapp.study import AlreadyOpenError, StoreError, StudyService
    from quizapp.study.search import ORDERS, Search, SearchError, moment_of, parse

    query = " ".join(args.query)
    try:
        node = parse(query)
    except SearchError as exc:
        print(f"error: {exc.message}\n" + "\n".join("  " + line for line in exc.caret(query).splitlines()),
              file=sys.stderr)
        return MALFORMED
    if args.sort not in ORDERS:
        print(f"error: --sort takes one of {', '.join(ORDERS)}, not {args.sort!r}", file=sys.stderr)
        return MALFORMED
    data = paths.data_dir(args.data_dir)
    cache = paths.bank_cache_dir(data)
    loaded = load_banks(bank_targets(args), cache, lazy=True)
    try:
        try:
            service, writable = StudyService.open(data), True
        except AlreadyOpenError:  # the app is running: read what it has written, change nothing
            service, writable = StudyService.open_readonly(data), False
    except StoreError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 1
    search = Search(data)
    with service:
        if writable:
            service.sync(loaded.questions)
        else:
            search.cards_synced = False
            known = service.store.conn.execute("SELECT COUNT(*) FROM cards WHERE active = 1").fetchone()[0]
            if known < len(loaded.questions):
                print(f"note: quizapp is open on this folder; {len(loaded.questions) - known} question(s) it has "
                      "not seen yet are not searched", file=sys.stderr)
        search.sync(loaded.questions, cache, loaded.cache_keys)
        moment = moment_of(service)
        ids = search.find(node, moment, order=args.sort, descending=args.reverse)
        if args.json:
            print(_json(search, ids, moment))
        else:
            sys.stdout.write("".join(f"{qid}\n" for qid in ids))
        search.close()
    return 0


def _json(search: Search, ids: list[str], moment: Moment) -> str:
    """A JSON list, one question per line: id, topic, type, due (ISO date, local), interval (days), lapses."""
    lines = []
    batch = 5000
    for start in range(0, len(ids), batch):
        part = ids[start:start + batch]
        found = search.lines(part, moment)
        for qid in part:
            line = found[qid]
            due = None if line.due is None else datetime.fromtimestamp(line.due, UTC).astimezone().isoformat(
                timespec="minutes")
            interval = None if line.interval is None else round(line.interval, 2)
            lines.append(json.dumps({"id": qid, "topic": line.topic, "type": line.qtype, "due": due,
                                     "interval": interval, "lapses": line.lapses}, ensure_ascii=False))
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
