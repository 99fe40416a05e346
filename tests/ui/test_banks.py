"""Reloading banks for the window: the summary of changes, and last good questions kept on errors."""

from __future__ import annotations

import shutil
from pathlib import Path

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
