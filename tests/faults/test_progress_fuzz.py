"""Arbitrary JSON as progress files, through `quizapp progress-import` into a real data folder: never a crash.

Each example is a progress file hypothesis builds: now and then any JSON at all, mostly a file of the
right shape whose records are plausible (ids the banks have, dates around now, studied cards) with a
few of their values replaced by any JSON value (NaN, 10**400, nesting, text, a lone surrogate), and
settings holding anything. The command must import it (exit 0) or refuse it in plain words (exit 1),
never crash (exit 70, a crash log); whatever it imported must then open, sync, count, study, regrade
for the statistics (every question type), list exams and export again without an exception.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from any_json import SCALARS, json_values, one_of_each_type
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizapp.cli import main
from quizapp.crash import LOG_FOLDER
from quizapp.store.transfer import export_progress
from quizapp.store.transfer_check import LATEST
from quizapp.study import SETTINGS, FakeClock, Rating, StudyService, exam_store
from quizapp.study.stats import compute_stats

NOW = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
NOW_TS = int(NOW.timestamp())
# One question of every registered type, under the ids the generated records use.
QUESTIONS = {}
for _i, _q in enumerate(one_of_each_type().values()):
    _copy = dataclasses.replace(_q, id=f"q{_i:03d}", replaces=())
    _copy.content_hash = _copy.compute_hash()
    QUESTIONS[_copy.id] = _copy
IDS = st.sampled_from([*QUESTIONS, "gone-1"])
ANY = json_values(max_leaves=8)
WHEN = st.sampled_from([0, 1, NOW_TS - 86_400 * 30, NOW_TS - 3600, NOW_TS]) | st.integers(0, NOW_TS)
AHEAD = WHEN | st.sampled_from([NOW_TS + 3600, LATEST])


def _text(values: st.SearchStrategy[Any]) -> st.SearchStrategy[str]:
    """JSON text, as the file's JSON columns hold it (NaN and Infinity as Python writes them)."""
    return values.map(lambda v: json.dumps(v, allow_nan=True))


@st.composite
def _card(draw: st.DrawFn) -> dict[str, Any]:
    state = draw(st.sampled_from([0, 1, 2, 3]))
    card: dict[str, Any] = {"question_id": draw(IDS), "state": state, "reps": draw(st.integers(0, 50)),
                            "lapses": draw(st.integers(0, 20)), "suspended": draw(st.booleans()),
                            "flagged": draw(st.booleans()), "leech": draw(st.booleans()),
                            "buried_until": draw(AHEAD), "due": draw(AHEAD)}
    if state:
        last = draw(WHEN)
        card.update(stability=draw(st.floats(1e-6, 1e6)), fsrs_difficulty=draw(st.floats(1, 10)),
                    last_review=last, due=max(last, card["due"]), step=draw(st.integers(0, 5)))
    return card


def _review(draw: st.DrawFn) -> dict[str, Any]:
    return {"question_id": draw(IDS), "reviewed_at": draw(WHEN), "rating": draw(st.integers(1, 4)),
            "score": draw(st.none() | st.floats(0, 1)), "response": draw(st.none() | _text(ANY)),
            "duration_ms": draw(st.none() | st.integers(0, 10**6)), "confident": draw(st.none() | st.booleans()),
            "state_before": draw(st.integers(0, 3)),
            "card_before": draw(_text(st.dictionaries(st.text(max_size=5), ANY)))}


def _exam(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(IDS, max_size=4, unique=True))
    meta = draw(_text(st.dictionaries(st.sampled_from(["result", "run", "drilled", "saved_at"]), ANY)))
    return {"started_at": draw(WHEN), "finished_at": draw(st.none() | WHEN), "question_ids": json.dumps(ids),
            "responses": draw(_text(st.dictionaries(IDS, ANY))), "meta": meta,
            "score": draw(st.none() | st.floats(-10, 10)), "max_score": draw(st.none() | st.floats(0, 10))}


BUILDERS = {
    "cards": _card(),
    "card_tags": st.fixed_dictionaries({"question_id": IDS, "tag": st.text(min_size=1, max_size=8)}),
    "review_log": st.composite(_review)(),
    "exam_attempts": st.composite(_exam)(),
    "id_aliases": st.fixed_dictionaries({"old_id": st.text(min_size=1, max_size=5), "new_id": IDS,
                                         "mapped_at": WHEN}),
}


@st.composite
def _record(draw: st.DrawFn, part: str) -> dict[str, Any]:
    """A plausible record with up to two values replaced, or dropped, or a column added."""
    record = draw(BUILDERS[part])
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 1, 2]))):  # most records stay plausible, so files import
        how = draw(st.sampled_from(["replace", "drop", "add"]))
        if how == "replace" and record:
            record[draw(st.sampled_from(sorted(record)))] = draw(ANY)
        elif how == "drop" and record:
            del record[draw(st.sampled_from(sorted(record)))]
        else:
            record[draw(st.text(max_size=6))] = draw(ANY)
    return record


_UNIQUE = {"cards": "question_id", "id_aliases": "old_id"}
SETTING_KEYS = st.sampled_from([s.key for s in SETTINGS]) | st.text(max_size=8)
SETTING_VALUES = (_text(ANY) | _text(st.integers(-5, 10**6) | st.floats(0, 100) | st.lists(st.floats(0, 30)))
                  | st.sampled_from(['"dark"', '"random"', "0.95", "Infinity", "NaN", "1e999", "-1", "[]", "{}"])
                  | SCALARS)


@st.composite
def progress_files(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 19)) == 14:
        return draw(json_values())  # any JSON at all
    odd = draw(st.integers(0, 19))  # now and then the wrong format or version
    data: dict[str, Any] = {"format": "other" if odd == 11 else "quizapp-progress",  # (hypothesis favours
                            "version": draw(st.sampled_from([0, 2, "1", None])) if odd == 12 else 1}  # 0 and 19)
    for part in BUILDERS:
        if draw(st.integers(0, 5)) != 3:
            key = _UNIQUE.get(part)  # a repeated card or alias is refused; here mostly not repeated
            unique = (lambda r, key=key: repr(r.get(key))) if key and draw(st.integers(0, 9)) != 5 else None
            data[part] = draw(st.lists(_record(part), min_size=1, max_size=6, unique_by=unique))
    if draw(st.booleans()):
        data["settings"] = draw(st.dictionaries(SETTING_KEYS, SETTING_VALUES, max_size=2))
    if draw(st.integers(0, 19)) == 13:
        data[draw(st.sampled_from(sorted(data)))] = draw(ANY)  # a whole part of the wrong kind
    return data


_TEMPLATE = Path(tempfile.mkdtemp(prefix="quizapp-progress-fuzz-")) / "data"
with StudyService.open(_TEMPLATE, FakeClock(NOW)) as _svc:  # a migrated folder, copied for each example
    _svc.sync(QUESTIONS)


def _use_everything(folder: Path) -> None:
    clock = FakeClock(NOW)
    with StudyService.open(folder, clock) as svc:
        svc.sync(QUESTIONS)
        svc.counts()
        svc.weak_topics()
        session = svc.start_session(QUESTIONS, seed=1)
        for n in range(5):
            item = session.next()
            if item is None:
                break
            session.intervals(item.question_id)
            session.answer(item.question_id, None, None, Rating(1 + n % 4), 1000)
        svc.start_drill(QUESTIONS)
        compute_stats(svc, QUESTIONS, parallel=False)  # regrades every stored response, every type
        for attempt in exam_store.history(svc):
            exam_store.schedule_mistakes(svc, attempt.id, QUESTIONS)
        exam_store.unfinished(svc)
        export_progress(svc.store, folder.parent / "again.json", clock.now())


# QUIZAPP_FAULT_ROUNDS=40 for a longer soak (docs/reliability.md gives the figures of one)
@settings(max_examples=25 * int(os.environ.get("QUIZAPP_FAULT_ROUNDS", "1")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
@given(progress_files())
def test_any_json_progress_file_is_imported_or_refused_never_a_crash(data: Any) -> None:
    work = Path(tempfile.mkdtemp(prefix="quizapp-progress-case-"))
    try:
        folder = work / "data"
        shutil.copytree(_TEMPLATE, folder)
        path = work / "progress.json"
        path.write_text(json.dumps(data, allow_nan=True), encoding="utf-8")
        code = main(["--data-dir", str(folder), "progress-import", str(path)])
        assert code in (0, 1), f"exit {code}"
        assert not (folder / LOG_FOLDER).exists(), "a crash log was written"
        _use_everything(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)
