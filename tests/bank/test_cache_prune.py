"""The bank cache keeps what loads need and drops the rest: old versions of edited banks, long-unused
entries, files of older app versions and interrupted writes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from quizapp.bank.cache import KEY_MEMO, BankCache
from quizapp.bank.loader import load_banks

FIXTURES = Path(__file__).parent / "fixtures"
QUESTION = "  - {{id: q{n}, type: true_false, prompt: 'Version {n}', answer: true, sources: [gao-2016]}}\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "banks"
    shutil.copytree(FIXTURES / "valid", folder)
    (folder / "edited.yaml").write_text("title: E\ntopic: e\nquestions:\n" + QUESTION.format(n=0), encoding="utf-8")
    return folder


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json"))


def test_only_the_current_version_of_an_edited_bank_is_kept(tmp_path: Path) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    for n in range(1, 4):  # an author saves the file three times, the app reloads each time
        (folder / "edited.yaml").write_text("title: E\ntopic: e\nquestions:\n" + QUESTION.format(n=n))
        last = load_banks([folder], cache, lazy=True)
    assert len(_entries(cache)) == 1 + 3  # every_type.yaml once, edited.yaml in each version
    assert len(last.cache_keys) == 2
    assert BankCache(cache).prune(last.cache_keys) == 3 - 1
    assert sorted(p.stem for p in _entries(cache)) == sorted(last.cache_keys)
    again = load_banks([folder], cache, lazy=True)  # what is left serves the next start
    assert again.cache_keys == last.cache_keys
    assert again.questions["q3"].prompt == "Version 3"


def test_entries_unused_for_a_month_go_and_reading_one_keeps_it(tmp_path: Path) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    other = tmp_path / "other"
    shutil.copytree(FIXTURES / "valid", other)
    load_banks([other], cache)  # another folder, opened once long ago
    old = time.time() - 40 * 86400
    for entry in _entries(cache):
        os.utime(entry, (old, old))
    current = load_banks([folder], cache, lazy=True)
    assert BankCache(cache).prune(current.cache_keys) == 1
    assert sorted(p.stem for p in _entries(cache)) == sorted(current.cache_keys)
    for entry in _entries(cache):
        os.utime(entry, (old, old))
    load_banks([folder], cache, lazy=True)  # a hit marks the entry as used now
    assert all(p.stat().st_mtime > time.time() - 60 for p in _entries(cache))
    assert BankCache(cache).prune([]) == 0  # recently read: kept even when no load names it


def test_files_of_older_versions_and_interrupted_writes_are_removed(tmp_path: Path) -> None:
    folder, cache = _folder(tmp_path), tmp_path / "cache"
    current = load_banks([folder], cache)
    (cache / ("a" * 64 + ".json")).write_text("{}")  # named as before entries carried the file's name
    stale, fresh = cache / "x1.tmp", cache / "x2.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)
    (cache / "notes.txt").write_text("not ours")
    assert BankCache(cache).prune(current.cache_keys) == 2
    assert sorted(p.name for p in cache.iterdir()) == sorted([*(k + ".json" for k in current.cache_keys),
                                                              "x2.tmp", "notes.txt", KEY_MEMO])
