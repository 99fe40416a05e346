"""Reloading banks for the window: the summary of changes, and last good questions kept on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from quizapp.bank import bankfile
from quizapp.ui import banks

FIXTURE = Path(__file__).parent / "fixtures" / "bank" / "pharmacology.yaml"


def test_a_file_that_no_longer_parses_keeps_its_last_good_questions(tmp_path: Path) -> None:
    bank = tmp_path / "pharmacology.yaml"
    shutil.copy(FIXTURE, bank)
    first = banks.load([tmp_path], None)
    assert len(first.result.questions) == 9 and first.summary is None
    bank.write_text("title: [unclosed\n", encoding="utf-8")
    second = banks.load([tmp_path], None, first.result)
    assert sorted(second.result.questions) == sorted(first.result.questions)
    assert second.result.errors and second.result.errors[0].file == str(bank)
    assert second.summary is not None and second.summary.kept == (str(bank),)
    assert not (second.summary.added or second.summary.changed or second.summary.removed)


def test_a_deleted_file_removes_its_questions(tmp_path: Path) -> None:
    bank = tmp_path / "pharmacology.yaml"
    shutil.copy(FIXTURE, bank)
    first = banks.load([tmp_path], None)
    bank.unlink()
    second = banks.load([tmp_path], None, first.result)
    assert second.result.questions == {}
    assert second.summary is not None and len(second.summary.removed) == 9
    assert second.summary.text() == "Banks reloaded: 0 added, 0 changed, 9 removed."


def test_watched_paths_are_the_folder_and_its_bank_files(tmp_path: Path) -> None:
    shutil.copy(FIXTURE, tmp_path / "pharmacology.yaml")
    assert banks.watched_paths([tmp_path]) == [str(tmp_path), str(tmp_path / "pharmacology.yaml")]


def test_big_banks_are_parsed_by_a_child_process_into_the_cache(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / "pharmacology.yaml")
    cache = tmp_path / "cache"
    banks.prime_cache_in_child([folder], cache)

    def no_parsing(*_args: object) -> None:
        raise AssertionError("the bank was parsed again instead of read from the cache")

    monkeypatch.setattr(bankfile, "read_yaml_file", no_parsing)
    loaded = banks.load([folder], cache)
    assert len(loaded.result.questions) == 9


def test_only_big_banks_go_to_a_child_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(FIXTURE, tmp_path / "pharmacology.yaml")
    primed: list[object] = []
    monkeypatch.setattr(banks, "prime_cache_in_child", lambda *args: primed.append(args))
    banks.load([tmp_path], tmp_path / "cache")
    assert primed == []
    monkeypatch.setattr(banks, "BIG_LOAD_BYTES", 100)
    banks.load([tmp_path], tmp_path / "cache")
    assert primed == []  # big, but already in the cache: nothing to parse
    with open(tmp_path / "pharmacology.yaml", "a", encoding="utf-8") as fh:
        fh.write("# edited\n")
    banks.load([tmp_path], tmp_path / "cache")
    assert len(primed) == 1


def test_older_cache_entries_are_pruned_at_the_first_load_only(tmp_path: Path) -> None:
    folder, cache = tmp_path / "banks", tmp_path / "cache"
    folder.mkdir()
    bank = folder / "pharmacology.yaml"
    shutil.copy(FIXTURE, bank)
    first = banks.load([folder], cache)
    some = next(iter(first.result.questions))
    with open(bank, "a", encoding="utf-8") as fh:
        fh.write("\n# an edit the author saved\n")
    second = banks.load([folder], cache, first.result)  # a live reload
    assert len(list(cache.glob("*.json"))) == 2  # the first load's entry stays: a session may still read it
    assert first.result.questions[some].prompt == second.result.questions[some].prompt
    bank.write_text("title: [unclosed\n", encoding="utf-8")
    third = banks.load([folder], cache, second.result)  # broken: the last good questions are kept
    assert third.summary is not None and third.summary.kept == (str(bank),)
    assert third.result.questions[some].prompt  # their text is still read from the cache
    shutil.copy(FIXTURE, bank)
    restart = banks.load([folder], cache)  # the next start of the app
    assert [p.stem for p in cache.glob("*.json")] == restart.result.cache_keys
    assert dict(restart.result.questions) == dict(first.result.questions)
