"""The bank sync is skipped when the lazy load comes from the same cache entries as the last sync of
these cards, and runs in full when a bank, the set of banks or the cards table changed since."""

from __future__ import annotations

import shutil
from pathlib import Path

from quizapp.bank.loader import load_banks
from quizapp.study import StudyService

FIXTURE = Path(__file__).resolve().parents[1] / "bank" / "fixtures" / "valid"


def _load(banks: Path, cache: Path):
    return load_banks([banks], cache, lazy=True).questions


def test_an_unchanged_load_skips_the_sync_and_writes_nothing(tmp_path, clock):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    with StudyService.open(tmp_path / "data", clock) as service:
        first = service.sync(_load(banks, tmp_path / "cache"))
        assert first.added and first.touched
        commits = service.store.commits
        again = service.sync(_load(banks, tmp_path / "cache"))
        assert not again.touched and service.store.commits == commits  # not even an empty transaction


def test_an_edited_bank_is_synced_in_full(tmp_path, clock):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(_load(banks, tmp_path / "cache"))
        bank = banks / "every_type.yaml"
        text = bank.read_text(encoding="utf-8")
        bank.write_text(text.replace("topic: ", "topic: renamed-", 1), encoding="utf-8")
        report = service.sync(_load(banks, tmp_path / "cache"))
        assert report.updated > 0
        assert {c.topic for c in service.counts().values()} == {"renamed-" + text.split("topic: ", 1)[1].split()[0]}


def test_cards_changed_behind_the_sync_are_synced_again(tmp_path, clock):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    with StudyService.open(tmp_path / "data", clock) as service:
        questions = _load(banks, tmp_path / "cache")
        service.sync(questions)
        with service.store.transaction() as conn:  # as an import of another computer's cards might
            conn.execute("INSERT INTO cards (question_id, content_hash, topic, active, tags) "
                         "VALUES ('elsewhere', 'x', 'other', 1, '')")
        report = service.sync(_load(banks, tmp_path / "cache"))
        assert report.deactivated == ["elsewhere"]
        assert not service.sync(_load(banks, tmp_path / "cache")).touched


def test_a_plain_mapping_of_questions_is_always_compared(tmp_path, clock):
    banks = shutil.copytree(FIXTURE, tmp_path / "banks")
    full = load_banks([banks], tmp_path / "cache").questions  # not lazy: no fingerprint
    with StudyService.open(tmp_path / "data", clock) as service:
        service.sync(_load(banks, tmp_path / "cache"))
        with service.store.transaction() as conn:
            conn.execute("UPDATE cards SET active = 0")
        assert service.sync(full).reactivated
