"""Hostile progress files: a malformed record refuses the file with its line; odd but valid data is safe.

The base file is a real export. Each case breaks one record the way a hand edit, another tool or an
attacker might; the import must name the line and change nothing. Ids the banks do not have, and
values at the edges of what is allowed, must import and then study, count and chart without error.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fault_helpers import fingerprint

from quizapp.bank.types.flashcard import Flashcard
from quizapp.cli import main
from quizapp.store import transfer
from quizapp.store.transfer import TransferError, apply_import, export_progress, plan_import, read_progress
from quizapp.store.transfer_check import LATEST
from quizapp.study import FakeClock, Rating, StudyService, exam_store
from quizapp.study.stats import compute_stats

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
YEAR_9999 = int(datetime(9999, 12, 31, tzinfo=UTC).timestamp())


def _questions(n: int, prefix: str = "q") -> dict[str, Flashcard]:
    out = {}
    for i in range(n):
        q = Flashcard(id=f"{prefix}{i:03d}", prompt=f"P{i}", back=f"B{i}", topic=f"t{i % 3}", tags=("x",))
        q.content_hash = q.compute_hash()
        out[q.id] = q
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict:
    """A real export: 12 cards studied twice, tags, an exam, an alias, settings."""
    folder = tmp_path_factory.mktemp("export")
    clock = FakeClock(NOW - timedelta(days=3))
    questions = _questions(12)
    with StudyService.open(folder / "data", clock) as svc:
        svc.sync(questions)
        for _ in range(2):
            session = svc.start_session(questions, seed=1)
            while (item := session.next()) is not None:
                clock.advance(minutes=15)
                session.answer(item.question_id, True, None, Rating.Good, 2000)
            clock.advance(days=1)
        with svc.store.transaction() as conn:
            conn.execute("INSERT INTO exam_attempts (started_at, finished_at, question_ids) VALUES (?, ?, ?)",
                         (1_741_000_000, 1_741_000_600, '["q001"]'))
            conn.execute("INSERT INTO id_aliases VALUES ('old-q001', 'q001', 1741000000)")
        export_progress(svc.store, folder / "p.json", clock.now())
    return json.loads((folder / "p.json").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "progress.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def _set(part: str, index: int, **values):
    def mutate(data: dict) -> None:
        data[part][index].update(values)
    return mutate


def _drop(part: str, index: int, key: str):
    def mutate(data: dict) -> None:
        del data[part][index][key]
    return mutate


def _setting(key: str, value) -> object:
    def mutate(data: dict) -> None:
        data["settings"][key] = value
    return mutate


def _repeat(part: str, index: int, **changes):
    """Append a copy of a record (with `changes`): the same card twice, a second alias for one old id."""
    def mutate(data: dict) -> None:
        data[part].append({**data[part][index], **changes})
    return mutate


# (case, mutation, record part and number the message must name, words it must hold)
CASES = [
    ("rating out of range", _set("review_log", 3, rating=7), "review_log record 4", "'rating' must be from 1 to 4"),
    ("review dated 9999", _set("review_log", 0, reviewed_at=YEAR_9999), "review_log record 1", "'reviewed_at'"),
    ("review in the future", _set("review_log", 1, reviewed_at=int((datetime.now(UTC) + timedelta(days=30))
                                                                   .timestamp())),
     "review_log record 2", "'reviewed_at' must be from 0 to"),
    ("negative stability", _set("cards", 2, stability=-3.5), "cards record 3", "'stability' must be from 0"),
    ("negative interval", _set("cards", 5, due=1_000), "cards record 6", "negative interval"),
    ("due in 9999", _set("cards", 1, due=YEAR_9999), "cards record 2", "'due' must be from 0 to"),
    ("text for a count", _set("cards", 0, reps="many"), "cards record 1", "'reps' must be a whole number"),
    ("NaN stability", _set("cards", 4, stability=float("nan")), "cards record 5", "'stability' must be a number"),
    ("yes for a flag", _set("cards", 3, suspended="yes"), "cards record 4", "'suspended' must be true or false"),
    ("studied without stability", _set("cards", 6, stability=None), "cards record 7", "needs 'stability'"),
    ("state 9", _set("cards", 7, state=9), "cards record 8", "'state' must be from 0 to 3"),
    ("empty id", _set("cards", 8, question_id=" "), "cards record 9", "must not be empty"),
    ("huge id", _set("cards", 9, question_id="x" * 20_000), "cards record 10", "characters long"),
    ("tag that is not text", _set("card_tags", 0, tag=None), "card_tags record 1", "'tag' must be text"),
    ("no card_before", _drop("review_log", 2, "card_before"), "review_log record 3", "'card_before' is missing"),
    ("response not JSON", _set("review_log", 5, response="{oops"), "review_log record 6", "not valid JSON"),
    ("huge duration", _set("review_log", 6, duration_ms=10**30), "review_log record 7", "'duration_ms'"),
    ("exam ids not a list", _set("exam_attempts", 0, question_ids='{"a": 1}'), "exam_attempts record 1",
     "must hold a JSON list"),
    ("alias date as words", _set("id_aliases", 0, mapped_at="yesterday"), "id_aliases record 1",
     "'mapped_at' must be a whole number"),
    ("setting that is not JSON text", _setting("theme", 5), "setting 'theme'", "must be JSON text"),
    # issue 26: each of these imported with rc 0, and every later start failed (OverflowError in Settings)
    ("infinite integer setting", _setting("reviews_per_day", "Infinity"), "setting 'reviews_per_day'",
     "not a finite number"),
    ("integer setting of 1e999", _setting("new_per_day", "1e999"), "setting 'new_per_day'", "not a finite number"),
    ("NaN float setting", _setting("desired_retention", "NaN"), "setting 'desired_retention'", "not a finite number"),
    ("infinity inside a response", _set("review_log", 4, response="[-Infinity]"), "review_log record 5",
     "'response' holds -Infinity, not a finite number"),
    # found by tests/faults/test_progress_fuzz.py: an OverflowError in the checker itself
    ("stability of 10**400", _set("cards", 4, stability=10**400), "cards record 5", "'stability' must be from 0"),
    ("score of -10**400", _set("review_log", 2, score=-(10**400)), "review_log record 3", "'score' must be from 0"),
    # issue 26: these ended in sqlite3.IntegrityError with a traceback, and left a before-import backup
    ("the same card twice", _repeat("cards", 2, reps=9), "cards record 13", "the same 'question_id' as record 3"),
    ("two aliases for one old id", _repeat("id_aliases", 0, new_id="q002"), "id_aliases record 2",
     "the same 'old_id' as record 1"),
]


def _expected_line(text: str, where: str) -> int:
    """The line where the record `where` ("cards record 3", "setting 'x'") opens in an indent=1 dump."""
    lines = text.split("\n")
    if where.startswith("setting"):
        return lines.index(' "settings": {') + 1
    part, _, number = where.split(" ")
    start = lines.index(f' "{part}": [')
    opening = [i for i, line in enumerate(lines) if i > start and line == "  {"]
    return opening[int(number) - 1] + 1


@pytest.mark.parametrize("case", [c[0] for c in CASES])
def test_a_malformed_record_refuses_the_file_naming_its_line(exported, tmp_path, case, capsys):
    _, mutate, where, words = next(c for c in CASES if c[0] == case)
    data = json.loads(json.dumps(exported))
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(TransferError) as err:
        read_progress(path, NOW)
    message = err.value.message
    assert message.startswith("The progress file has 1 problem(s); nothing was imported.")
    line = _expected_line(path.read_text(encoding="utf-8"), where)
    assert f"{path}:{line}: {where}: " in message and words in message, message

    # Through the command: nothing changes, not even a "before import" backup.
    folder = tmp_path / "data"
    StudyService.open(folder, FakeClock(NOW)).close()
    before = fingerprint(folder)
    assert main(["--data-dir", str(folder), "progress-import", str(path)]) == 1
    assert where in capsys.readouterr().err
    assert fingerprint(folder) == before


def test_many_problems_are_listed_up_to_a_limit(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    data["review_log"] = [{**data["review_log"][0], "rating": 0} for _ in range(1000)]
    with pytest.raises(TransferError) as err:
        read_progress(_write(tmp_path, data), NOW)
    assert "1000 problem(s)" in err.value.message and "... and 980 more" in err.value.message
    assert err.value.message.count("\n") == 21


@pytest.mark.parametrize(("text", "words"), [
    ("[" * 100_000 + "]" * 100_000, "damaged"),
    ('{"format": "quizapp-progress", "version": 1, "cards": [{"question_id": "a", "reps": ' + "9" * 5000 + "}]}",
     "damaged"),
    ('{"format": "quizapp-progress",\n "version": 1,\n "cards": [\n', "line 4"),
    ("", "damaged (line 1"),
    ('{"format": "quizapp-progress", "version": 1, "cards": {"a": 1}}', "'cards' is not a list"),
])
def test_damaged_json_is_refused_plainly(tmp_path, text, words):
    path = tmp_path / "p.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TransferError) as err:
        read_progress(path, NOW)
    assert words in err.value.message


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(transfer, "MAX_PROGRESS_BYTES", 1024)
    path = tmp_path / "p.json"
    path.write_bytes(b" " * 2048)
    with pytest.raises(TransferError) as err:
        read_progress(path, NOW)
    assert "the limit is" in err.value.message


def test_bytes_that_are_not_text_are_refused(tmp_path):
    path = tmp_path / "p.json"
    path.write_bytes(b'{"format": "\xff\xfe"}')
    with pytest.raises(TransferError) as err:
        read_progress(path, NOW)
    assert "cannot be read" in err.value.message


def _import(folder: Path, path: Path, clock: FakeClock) -> None:
    with StudyService.open(folder, clock) as svc:
        apply_import(svc.store, plan_import(svc.store, read_progress(path, clock.now())), clock.now())


def _use_everything(folder: Path, clock: FakeClock, questions: dict) -> int:
    """Open, sync, count, study everything offered, chart, list exams; returns answers given."""
    answered = 0
    with StudyService.open(folder, clock) as svc:
        svc.sync(questions)
        svc.counts()
        svc.weak_topics()
        session = svc.start_session(questions, seed=3)
        while (item := session.next()) is not None and answered < 500:
            svc.card(item.question_id)
            session.intervals(item.question_id)
            session.answer(item.question_id, True, None, Rating(1 + answered % 4), 1000)
            answered += 1
        svc.start_drill(questions)
        compute_stats(svc, questions, parallel=False)
        exam_store.history(svc)
        exam_store.unfinished(svc)
        export_progress(svc.store, folder.parent / "again.json", clock.now())
    return answered


def test_ids_the_banks_do_not_have_are_kept_as_inactive_history(exported, tmp_path):
    data = json.loads(json.dumps(exported))
    for part in ("cards", "card_tags", "review_log"):
        for row in data[part]:
            row["question_id"] = "ghost-" + row["question_id"]
    data["exam_attempts"][0]["question_ids"] = '["ghost-1", "ghost-2"]'
    clock = FakeClock(NOW)
    folder = tmp_path / "data"
    _import(folder, _write(tmp_path, data), clock)
    questions = _questions(5, prefix="real")
    _use_everything(folder, clock, questions)
    with StudyService.open(folder, clock) as svc:
        assert svc.totals().total == 5  # the ghosts are not counted
        assert svc.store.conn.execute("SELECT COUNT(*) FROM cards WHERE question_id LIKE 'ghost-%' AND active = 0"
                                      ).fetchone() == (12,)
        assert svc.store.conn.execute("SELECT COUNT(*) FROM review_log WHERE question_id LIKE 'ghost-%'"
                                      ).fetchone() == (len(exported["review_log"]),)


def _extreme_cards(rng: random.Random, now: int, n: int) -> list[dict]:
    """Cards at the edges of what the checks allow."""
    out = []
    for i in range(n):
        state = rng.choice([0, 1, 2, 3])
        card = {"question_id": f"q{i:03d}", "state": state, "reps": rng.choice([0, 1, 10**6]),
                "lapses": rng.choice([0, 3, 10**6]), "suspended": rng.random() < 0.1, "flagged": rng.random() < 0.1,
                "leech": rng.random() < 0.1, "buried_until": rng.choice([0, now + 3600, LATEST]),
                "step": rng.choice([0, 1, 5, 1000]) if state in (1, 3) else rng.choice([None, 0]),
                "due": rng.choice([0, now - 86400, now + 60, LATEST])}
        if state:
            last = rng.choice([1, now - 10**8, now - 60, now])
            card.update(stability=rng.choice([1e-9, 0.01, 3.0, 1e5, 1e9]),
                        fsrs_difficulty=rng.choice([1, 1.0001, 5.5, 10]), last_review=last,
                        due=max(last, card["due"]))
        out.append(card)
    return out


def test_values_at_the_edges_of_what_is_allowed_import_and_study_safely(exported, tmp_path):
    rng = random.Random(11)
    now = int(NOW.timestamp())
    data = json.loads(json.dumps(exported))
    data["cards"] = _extreme_cards(rng, now, 120)
    data["card_tags"] = []
    data["review_log"] = [{"question_id": f"q{rng.randrange(120):03d}", "reviewed_at": rng.choice([0, now]),
                           "rating": rng.randint(1, 4), "score": rng.choice([None, 0, 1]),
                           "response": rng.choice([None, "null", '"x"', "[1, 2]", '{"a": [1]}']),
                           "duration_ms": rng.choice([None, 0, 2**40]), "confident": rng.choice([None, True]),
                           "state_before": rng.randint(0, 3), "card_before": "{}"} for _ in range(300)]
    # Exams whose stored state holds none of what the exam screens read: one finished, one not.
    data["exam_attempts"] = [{"started_at": now - 7200, "finished_at": now - 3600, "meta": '{"result": []}'},
                             {"started_at": now - 60, "finished_at": None, "meta": '{"run": {}}'}]
    clock = FakeClock(NOW)
    folder = tmp_path / "data"
    path = _write(tmp_path, data)
    _import(folder, path, clock)
    assert _use_everything(folder, clock, _questions(120)) > 0


def test_an_import_the_database_refuses_leaves_no_backup_and_says_so(exported, tmp_path):
    """Whatever the checks miss and SQLite refuses (here a duplicate card handed straight to apply_import)
    rolls back, deletes its before-import backup and says nothing was imported."""
    data = json.loads(json.dumps(exported))
    data["cards"].append(dict(data["cards"][0]))
    folder = tmp_path / "data"
    StudyService.open(folder, FakeClock(NOW)).close()
    before = fingerprint(folder)
    with StudyService.open(folder, FakeClock(NOW)) as svc:
        plan = plan_import(svc.store, data)
        with pytest.raises(TransferError) as err:
            apply_import(svc.store, plan, NOW)
    assert "nothing was imported" in err.value.message
    assert fingerprint(folder) == before
