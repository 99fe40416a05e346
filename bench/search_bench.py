"""Search benchmark: quizapp's search against Anki's `find_cards` on the same questions and history.

    python -m bench.search_bench [--sizes 10000,100000] [--reviews-per-card 10] [--repeat 7] [--work DIR]

Both apps get bench/synthetic.py's questions (Anki: one note each, front = prompt, back = answer and
explanation, as bench/anki_side.py builds them) and the same card states and review history
(bench/store_bench.py's, converted to Anki's tables), so each query does the same work on both sides:
from the query text to the list of matching ids the Browse window shows. Each app runs in a fresh
process: `first` is its first call (connections opened, pages not yet cached), `median` and `min` are
over the repeats after it. "sorted" asks both for the list in question-text order (Anki: the sort
field column, quizapp: the prompt column), as a browser shows it. quizapp is also timed combining
the id sets of each term in Python instead of in SQL ("id sets"), the alternative the engine's
docstring weighs. The text index is built once per size and its build time printed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import child

# (label, quizapp query, Anki query); {rare} is a short-answer id's accepted answer, found once
QUERIES = (
    ("a word", "hepatic", "hepatic"),
    ("a rare word", "{rare}", "{rare}"),
    ("a phrase", '"plasma hepatic"', '"plasma hepatic"'),
    ("tag:", "tag:tag3", "tag:tag3"),
    ("is:due", "is:due", "is:due"),
    ("a property", "prop:interval>=30", "prop:ivl>=30"),
    ("word and state", "hepatic is:due", "hepatic is:due"),
)


def rare_answer(size: int) -> str:
    """An accepted answer of one short-answer question that no other text contains, even as a substring
    (Anki matches substrings): the question's number has as many digits as the largest one."""
    i = size // 3 - (size // 3) % 9 + 4  # bench/synthetic.py: every ninth question, from the fifth, is short answer
    return f"answer{i}"


def _queries(size: int) -> list[tuple[str, str, str]]:
    rare = rare_answer(size)
    return [(label, q.format(rare=rare), a.format(rare=rare)) for label, q, a in QUERIES]


# ----- building both collections -------------------------------------------------------------------------
def build(root: Path, size: int, per_card: int, now: int) -> dict:
    """Banks, quizapp's data folder (bank cache, progress, text index) and Anki's collection, once."""
    from bench.anki_side import _history_rows, _notes, add_notes
    from bench.store_bench import build as build_history
    from bench.synthetic import make_banks
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService
    from quizapp.study.search import Search

    reviews = int(size * 0.65) * per_card
    make_banks(root / "banks", size)
    data = root / "quizapp"
    cache = data / "cache" / "banks"
    questions = load_banks([root / "banks"], cache).questions  # parses and writes the bank cache
    built = build_history(data, size, reviews, dict(questions), datetime.fromtimestamp(now, UTC))
    StudyService.open(data).close()  # today's backup made: later opens are a usual start
    lazy = load_banks([root / "banks"], cache, lazy=True)
    search = Search(data)
    t = time.perf_counter()
    search.sync(lazy.questions, cache, lazy.cache_keys)
    index_s = time.perf_counter() - t
    search.close()
    from anki.collection import Collection

    path = root / "anki" / "collection.anki2"
    path.parent.mkdir(parents=True, exist_ok=True)
    col = add_notes(path, _notes(size))
    col.set_config("fsrs", True)
    card_ids = col.db.list("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid ORDER BY n.id, c.ord")
    crt = col.crt
    col.close()
    updates, revlog = _history_rows(card_ids, [f"syn-{i:07d}" for i in range(size)], reviews, now, crt)
    with sqlite3.connect(path) as conn:
        conn.executemany("UPDATE cards SET type=?, queue=?, due=?, ivl=?, factor=?, reps=?, lapses=?, left=?, "
                         "data=? WHERE id=?", updates)
        conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
    conn.close()
    Collection(str(path)).close()  # let Anki check the collection once, untimed
    return {"size": size, "review_rows": built["review_rows"], "index_s": index_s,
            "index_mib": (data / "cache" / "search.sqlite3").stat().st_size / 2**20}


# ----- timing, one app per process ---------------------------------------------------------------------
def _time(fn: Callable[[], Any], repeat: int) -> dict:
    t = time.perf_counter()
    first = fn()
    first_ms = (time.perf_counter() - t) * 1000
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
    return {"first_ms": first_ms, "median_ms": statistics.median(runs), "min_ms": min(runs), "count": len(first)}


def by_sets(search: Any, node: Any, moment: Any) -> list[str]:
    """The same query answered term by term, each a statement of its own, combined as Python sets."""
    from quizapp.study.search.engine import where_clause
    from quizapp.study.search.syntax import And, Not, Or, Text

    conn, scope = search.conn, search.index.scope()
    universe: list[set[str]] = []

    def every() -> set[str]:
        if not universe:
            universe.append({q for (q,) in conn.execute("SELECT question_id FROM p.cards WHERE active = 1")})
        return universe[0]

    def ev(n: Any) -> set[str]:
        if isinstance(n, And):
            out = ev(n.terms[0])
            for t in n.terms[1:]:
                out = out - ev(t.term) if isinstance(t, Not) else out & ev(t)
            return out
        if isinstance(n, Or):
            return set().union(*(ev(t) for t in n.terms))
        if isinstance(n, Not):
            return every() - ev(n.term)
        if isinstance(n, Text):
            from quizapp.study.search.engine import fts_query

            return {q for (q,) in conn.execute(
                f"SELECT qid FROM docs d WHERE {scope.rows()}d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
                (fts_query(n),))} & every()
        where, params = where_clause(conn, n, scope, moment)
        return {q for (q,) in conn.execute(f"SELECT c.question_id FROM p.cards c WHERE c.active = 1 AND {where}",
                                           params)}

    return list(ev(node))


def quizapp_child(root: Path, size: int, repeat: int) -> dict:
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService
    from quizapp.study.search import Search, moment_of, parse

    data = root / "quizapp"
    cache = data / "cache" / "banks"
    loaded = load_banks([root / "banks"], cache, lazy=True)  # as the app holds them (untimed)
    service = StudyService.open_readonly(data)
    search = Search(data)
    search.sync(loaded.questions, cache, loaded.cache_keys)  # unchanged: nothing indexed (as after a load)
    search.close()  # the first timed call opens the connection, as the window's first search does
    moment = moment_of(service)
    out: dict = {}
    for label, query, _ in _queries(size):
        out[label] = {
            "unsorted": _time(lambda q=query: search.find(q, moment, order=None), repeat),
            "sorted": _time(lambda q=query: search.find(q, moment, order="prompt"), repeat),
            "id sets": _time(lambda q=query: by_sets(search, parse(q), moment), repeat),
        }
    service.close()
    return out


def anki_child(root: Path, size: int, repeat: int) -> dict:
    from anki.collection import Collection

    col = Collection(str(root / "anki" / "collection.anki2"))
    column = col.get_browser_column("noteFld")
    out: dict = {}
    for label, _, query in _queries(size):
        out[label] = {"unsorted": _time(lambda q=query: col.find_cards(q), repeat),
                      "sorted": _time(lambda q=query: col.find_cards(q, order=column), repeat)}
    col.close()
    return out


# ----- the report ------------------------------------------------------------------------------------------
def table(size: int, quizapp: dict, anki: dict) -> list[str]:
    head = (f"{size:,} questions · ms: first call / median of the repeats (min) · ratio of medians · "
            "results found")
    lines = [head, "| query | variant | quizapp | Anki | quizapp/Anki | found (quizapp / Anki) |",
             "|---|---|---|---|---|---|"]
    for label, _, _ in QUERIES:
        for variant in ("unsorted", "sorted", "id sets"):
            q = quizapp[label][variant]
            a = anki[label]["unsorted" if variant == "id sets" else variant]
            ratio = q["median_ms"] / a["median_ms"] if a["median_ms"] else float("nan")
            lines.append(f"| {label} | {variant} | {q['first_ms']:.1f} / {q['median_ms']:.2f} ({q['min_ms']:.2f}) | "
                         f"{a['first_ms']:.1f} / {a['median_ms']:.2f} ({a['min_ms']:.2f}) | {ratio:.2f}x | "
                         f"{q['count']:,} / {a['count']:,} |")
    return lines


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="10000", help="question counts, comma-separated")
    p.add_argument("--reviews-per-card", type=int, default=10, help="review rows per studied card (65%% studied)")
    p.add_argument("--repeat", type=int, default=7, help="timed calls after the first, per query")
    p.add_argument("--work", type=Path, help="keep the built collections here and reuse them")
    p.add_argument("--json", type=Path, help="also write the figures to this file")
    p.add_argument("--phase", choices=["build", "quizapp", "anki"], help=argparse.SUPPRESS)
    p.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--size", type=int, help=argparse.SUPPRESS)
    p.add_argument("--now", type=int, default=int(time.time()), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.phase == "build":
        print(json.dumps(build(args.root, args.size, args.reviews_per_card, args.now)))
        return 0
    if args.phase in ("quizapp", "anki"):
        run = quizapp_child if args.phase == "quizapp" else anki_child
        print(json.dumps(run(args.root, args.size, args.repeat)))
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="quizapp-search-bench-"))
    results = {}
    try:
        for size in (int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()):
            root = work / str(size)
            marker = root / "built.json"
            if not marker.exists():
                shutil.rmtree(root, ignore_errors=True)
                t = time.perf_counter()
                built = child("search_bench", "--phase", "build", "--root", str(root), "--size", str(size),
                              "--reviews-per-card", str(args.reviews_per_card), timeout=7200)
                built["build_s"] = time.perf_counter() - t
                marker.write_text(json.dumps(built), encoding="utf-8")
            built = json.loads(marker.read_text(encoding="utf-8"))
            print(f"built {size:,} questions, {built['review_rows']:,} review rows; text index: "
                  f"{built['index_s']:.1f} s, {built['index_mib']:.1f} MiB", file=sys.stderr, flush=True)
            common = ["--root", str(root), "--size", str(size), "--repeat", str(args.repeat)]
            quizapp = child("search_bench", "--phase", "quizapp", *common)
            anki = child("search_bench", "--phase", "anki", *common)
            results[size] = {"built": built, "quizapp": quizapp, "anki": anki}
            print("\n".join(table(size, quizapp, anki)), flush=True)
            print()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
