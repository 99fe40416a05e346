"""Anki's side of the comparison: the same work through Anki's own Python library (pylib over its Rust core).

    python -m bench.anki_side SCENARIO --root DIR [--data FILE] [--iterations N]

The notes hold the synthetic questions (bench/synthetic.py; front = prompt, back = answer and
explanation), one deck per topic under one parent deck, FSRS switched on, and the review history
that bench/store_bench.py gives quizapp, converted to Anki's tables. Prints one JSON line.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bench.common import DECK, Layout, answer_figures, child_args, emit, ratings
from bench.synthetic import question_dicts, topic_of

if TYPE_CHECKING:
    from anki.collection import Collection

SCENARIOS = ("build", "import", "load-text", "open", "first-card", "answers", "home", "first-start-of-day", "stats")
_COMMON = {"id", "type", "prompt", "explanation", "sources", "tags", "difficulty"}
# quizapp card state -> Anki (type, queue); revlog type by the state before the answer
_LEARNING, _REVIEW = 1, 2
_REVLOG_TYPE = {0: 0, 1: 0, 2: 1, 3: 2}


def _notes(n: int) -> list[tuple[str, str, str, str]]:
    """(front, back, tags, topic) of each synthetic question, in bank order."""
    out = []
    for i, q in enumerate(question_dicts(n)):
        answer = {k: v for k, v in q.items() if k not in _COMMON}
        back = f"{json.dumps(answer, ensure_ascii=False)}<br>{q['explanation']}"
        out.append((q["prompt"], back, " ".join(q["tags"]), topic_of(i)))
    return out


def write_foreign_data(path: Path, notes: list[tuple[str, str, str, str]]) -> None:
    """The notes as a text file for Anki's own importer (`import_json_file`, Anki's ForeignData JSON: the
    format its CSV and other text importers build before adding notes in one transaction)."""
    data = {"default_notetype": "Basic", "default_deck": DECK,
            "notes": [{"fields": [front, back], "tags": tags.split(), "notetype": "Basic", "deck": f"{DECK}::{topic}"}
                      for front, back, tags, topic in notes]}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def add_notes(path: Path, notes: list[tuple[str, str, str, str]]) -> Collection:
    """A new collection holding `notes` (how build makes the masters)."""
    from anki.collection import AddNoteRequest, Collection

    col = Collection(str(path))
    basic = col.models.by_name("Basic")
    decks = {t: col.decks.id(f"{DECK}::{t}") for t in sorted({n[3] for n in notes})}
    requests = []
    for front, back, tags, topic in notes:
        note = col.new_note(basic)
        note["Front"], note["Back"] = front, back
        note.tags = tags.split()
        requests.append(AddNoteRequest(note=note, deck_id=decks[topic]))
    col.add_notes(requests)
    return col


def _limits(col: Collection, new: int, reviews: int) -> None:
    parent = col.decks.id(DECK)
    conf = col.decks.config_dict_for_deck_id(parent)
    conf["new"]["perDay"], conf["rev"]["perDay"] = new, reviews
    col.decks.update_config(conf)
    col.decks.select(parent)


def _history_rows(card_ids: list[int], ids: list[str], reviews: int, now: int, crt: int) -> tuple[list, list]:
    """store_bench.history's cards and review rows, as Anki card updates and revlog rows."""
    from bench.store_bench import history

    cid = dict(zip(ids, card_ids, strict=True))
    cards, logs = history(ids, reviews, now)
    updates = []
    for state, _step, stability, difficulty, due, last, reps, lapses, qid in cards:
        data = json.dumps({"s": round(stability, 4), "d": round(difficulty, 3), "dr": 0.9, "decay": 0.1542,
                           "lrt": last})
        if state == _LEARNING:
            updates.append((1, 1, due, 0, 0, reps, lapses, 1, data, cid[qid]))
        else:
            updates.append((2, 2, (due - crt) // 86400, max(1, (due - last) // 86400), 2500, reps, lapses, 0, data,
                            cid[qid]))
    revlog, last_id = [], 0
    for qid, at, rating, _score, _resp, ms, _conf, before, _card in sorted(logs, key=lambda r: r[1]):
        last_id = max(last_id + 1, at * 1000)  # ids are millisecond times and must be unique
        revlog.append((last_id, cid[qid], 0, rating, 10, 5, 2500, ms, _REVLOG_TYPE[before]))
    return updates, revlog


def build(layout: Layout, reviews: int, now: int, size: int) -> dict:
    """Three collections like quizapp's: history (default limits), every studied card due, only new cards."""
    from anki.collection import Collection

    notes = _notes(size)
    write_foreign_data(layout.anki_text(), notes)
    ids = [f"syn-{i:07d}" for i in range(size)]
    for master in ("new", "history"):
        path = layout.anki(master)
        path.parent.mkdir(parents=True, exist_ok=True)
        col = add_notes(path, notes)
        col.set_config("fsrs", True)
        _limits(col, *((20, 200) if master == "history" else (9_999, 9_999)))
        card_ids = col.db.list("SELECT c.id FROM cards c JOIN notes n ON n.id = c.nid ORDER BY n.id, c.ord")
        crt = col.crt
        col.close()
    updates, revlog = _history_rows(card_ids, ids, reviews, now, crt)  # the history collection's cards
    history = layout.anki("history")
    with sqlite3.connect(history) as conn:
        conn.executemany("UPDATE cards SET type=?, queue=?, due=?, ivl=?, factor=?, reps=?, lapses=?, left=?, "
                         "data=? WHERE id=?", updates)
        conn.executemany("INSERT INTO revlog VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", revlog)
    conn.close()
    due = layout.anki("due")
    due.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(history, due)
    with sqlite3.connect(due) as conn:  # the same shift as quizapp's: every studied card due now
        conn.execute(f"UPDATE cards SET due = due - 90 WHERE queue = {_REVIEW}")
        conn.execute(f"UPDATE cards SET due = due - 3600 WHERE queue = {_LEARNING}")
    conn.close()
    col = Collection(str(due))
    _limits(col, 0, 9_999)
    checked = col.sched.get_queued_cards().review_count
    col.close()
    return {"notes": size, "review_rows": len(revlog), "due_reviews": checked}


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - t


def load_text(layout: Layout, scratch: Path) -> dict:
    """A new collection, then the notes imported from a text file by Anki's own importer: it reads the
    file, makes the decks and adds note by note in one transaction, inside the Rust core (as its CSV
    importer does), instead of one add_notes call over 100,000 notes built in Python."""
    from anki.collection import Collection

    scratch.mkdir(parents=True, exist_ok=True)

    def work() -> tuple[Collection, Any]:
        col = Collection(str(scratch / "collection.anki2"))
        return col, col.import_json_file(str(layout.anki_text()))

    (col, out), seconds = _timed(work)
    notes = col.note_count()
    col.close()
    assert notes == len(out.log.new), "every note should be new"
    return {"seconds": seconds, "notes": notes}


def _import() -> dict:
    """Importing Anki's library (the Rust core is a module inside it)."""
    _, seconds = _timed(lambda: __import__("anki.collection"))
    return {"seconds": seconds}


def _open(path: Path) -> Collection:
    from anki.collection import Collection

    return Collection(str(path))


def store_open(layout: Layout) -> dict:
    col, seconds = _timed(lambda: _open(layout.anki("history")))
    col.close()
    return {"seconds": seconds}


def first_card(layout: Layout) -> dict:
    """Open the collection and fetch the first queued card (its queues are built on that call)."""
    def work() -> tuple[Collection, Any]:
        col = _open(layout.anki("history"))
        return col, col.sched.get_queued_cards()

    (col, queued), seconds = _timed(work)
    col.close()
    assert queued.cards
    return {"seconds": seconds}


def answers(path: Path, iterations: int) -> dict:
    """As Anki's reviewer: answer the shown card, then get_queued_cards for the next (timed together)."""
    col = _open(path)
    from anki.cards import Card  # after anki.collection: importing it first trips a circular import

    queued = col.sched.get_queued_cards()
    per_ms = []
    for rating in ratings(iterations):
        if not queued.cards:
            break
        t = time.perf_counter()
        top = queued.cards[0]
        card = Card(col)
        card._load_from_backend_card(top.card)
        card.start_timer()
        # CardAnswer.AGAIN is 0, quizapp's (and FSRS's) Again is 1
        col.sched.answer_card(col.sched.build_answer(card=card, states=top.states, rating=rating - 1))
        queued = col.sched.get_queued_cards()
        per_ms.append((time.perf_counter() - t) * 1000)
    col.close()
    return answer_figures(per_ms)


def home(layout: Layout) -> dict:
    """Everything Anki's deck list (its home screen) computes: the deck tree with each deck's new,
    learning and due counts, and today's line (cards studied and time spent), first call after opening."""
    col = _open(layout.anki("history"))
    (tree, _today), seconds = _timed(lambda: (col.sched.deck_due_tree(), col.studied_today()))
    col.close()
    return {"seconds": seconds, "decks": len(tree.children)}


def first_start_of_day(path: Path) -> dict:
    """Anki's open and its deck list's numbers, then its backup (a forced one, waited for: Anki makes
    them in the background, on a timer and at close). seconds: until the deck list can be shown;
    total_s: the backup done as well."""
    t = time.perf_counter()
    col = _open(path)
    col.sched.deck_due_tree()
    col.studied_today()
    seconds = time.perf_counter() - t
    folder = path.parent / "backups"
    folder.mkdir(exist_ok=True)
    made = col.create_backup(backup_folder=str(folder), force=True, wait_for_completion=True)
    total = time.perf_counter() - t
    col.close()
    assert made, "Anki made no backup"
    return {"seconds": seconds, "total_s": total}


def stats(layout: Layout) -> dict:
    """What Anki's Statistics screen asks the backend for (graphs over the last year), first call."""
    col = _open(layout.anki("history"))
    _, seconds = _timed(lambda: col._backend.graphs(search=f"deck:{DECK}", days=365))
    col.close()
    return {"seconds": seconds}


def main() -> None:
    args = child_args(__doc__.splitlines()[0], SCENARIOS,
                      "answers, first-start-of-day: the copied collection file; load-text: a new folder")
    layout = Layout(args.root)
    if args.scenario == "import":
        emit(_import())
        return
    import anki.collection  # noqa: F401  (imported before any timing; the import is its own scenario)

    scenarios: dict[str, Callable[[], dict]] = {
        "build": lambda: build(layout, args.reviews, args.now, args.size),
        "load-text": lambda: load_text(layout, args.data), "open": lambda: store_open(layout),
        "first-card": lambda: first_card(layout), "answers": lambda: answers(args.data, args.iterations),
        "home": lambda: home(layout), "first-start-of-day": lambda: first_start_of_day(args.data),
        "stats": lambda: stats(layout)}
    emit(scenarios[args.scenario]())


if __name__ == "__main__":
    sys.exit(main())
