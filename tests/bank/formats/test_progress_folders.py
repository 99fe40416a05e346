"""The progress file carries the student's bank folders (paths and bank titles); on the new computer the
import finds them (same place, same place under the new home folder, or a folder with the same banks), says
which it cannot find, and has the app open the ones it found. The app's own QSettings reads the result."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from quizapp import paths
from quizapp.cli import main
from quizapp.store.transfer_banks import BankFolder, match_folders, remember, remembered

BANK = "title: {title}\ntopic: {topic}\nquestions:\n  - id: {topic}-1\n    type: true_false\n" \
       "    prompt: Ketamine is racemic.\n    answer: true\n    explanation: A 1:1 mixture.\n    sources: [s]\n"
SOURCES = "s: {title: A source, url: 'https://example.org/s'}\n"


def _bank_folder(folder: Path, *titles: str) -> Path:
    folder.mkdir(parents=True)
    for title in titles:
        topic = title.casefold().replace(" ", "-")
        (folder / f"{topic}.yaml").write_text(BANK.format(title=title, topic=topic), encoding="utf-8")
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    return folder


def _qsettings(path: Path):
    qtcore = pytest.importorskip("PySide6.QtCore")
    return qtcore.QSettings(str(path), qtcore.QSettings.Format.IniFormat)


def test_the_ui_state_file_is_read_and_written_as_qt_does(tmp_path: Path) -> None:
    tricky = [tmp_path / "a b", tmp_path / "é, ü", tmp_path / 'quote"d', tmp_path / "semi;colon=eq#hash"]
    state = _qsettings(tmp_path / "ui.ini")
    state.setValue("geometry", b"\x01\x02\x03")
    state.setValue("banks", [str(p) for p in tricky])  # as versions before bank_folders wrote it
    state.setValue("theme", "dark")
    state.sync()
    assert remembered(tmp_path) == tricky
    remember(tmp_path, [tmp_path / "new, one", tmp_path / "two"])
    again = _qsettings(tmp_path / "ui.ini")
    assert again.value("bank_folders") == [str(tmp_path / "new, one"), str(tmp_path / "two")]
    assert again.value("banks") is None  # the old entry is replaced, not left to contradict it
    assert again.value("theme") == "dark" and bytes(again.value("geometry")) == b"\x01\x02\x03"
    remember(tmp_path, [tmp_path / "only"])  # Qt reads a one-item list back as a string; the app allows both
    assert _qsettings(tmp_path / "ui.ini").value("bank_folders") in (str(tmp_path / "only"),
                                                                     [str(tmp_path / "only")])
    assert remembered(tmp_path) == [tmp_path / "only"]


def test_remember_without_a_state_file_makes_one_qt_reads(tmp_path: Path) -> None:
    assert remembered(tmp_path) is None
    remember(tmp_path, [tmp_path / "x", tmp_path / "y"])
    assert _qsettings(tmp_path / "ui.ini").value("bank_folders") == [str(tmp_path / "x"), str(tmp_path / "y")]


def test_moving_to_a_new_computer_brings_the_bank_folders(tmp_path: Path, monkeypatch, capsys) -> None:
    # the old computer: the instructor's folder and a folder of the student's own, and the shipped banks
    alice = tmp_path / "old" / "home" / "alice"
    course = _bank_folder(alice / "courses" / "ketamine", "Pharmacology", "History")
    own = _bank_folder(alice / "notes" / "mine", "My cards")
    old_data = tmp_path / "old-data"
    old_data.mkdir()
    remember(old_data, [course, own, paths.bundled_questions()])
    # global options after the sub-command's name (issue 24): --data-dir here
    assert main(["progress-export", "-o", str(tmp_path / "p.json"), "--data-dir", str(old_data)]) == 0
    assert "3 bank folder(s)" in capsys.readouterr().out
    written = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["bank_folders"]
    assert [(f["path"], f["titles"], f["bundled"]) for f in written] == [  # the shipped banks come first
        (str(paths.bundled_questions().resolve()), sorted(b["title"] for b in _titles_of_bundled()), True),
        (str(course.resolve()), ["History", "Pharmacology"], False), (str(own.resolve()), ["My cards"], False)]
    # the new computer: another user; the course was copied to the same place under the new home folder
    bob = tmp_path / "new" / "home" / "bob"
    shutil.copytree(course, bob / "courses" / "ketamine")
    shutil.rmtree(tmp_path / "old")  # nothing of the old computer is here
    monkeypatch.setenv("HOME", str(bob))
    new_data = tmp_path / "new-data"
    assert main(["progress-import", str(tmp_path / "p.json"), "--data-dir", str(new_data)]) == 0
    out = capsys.readouterr().out
    assert "bank folders: 2 found, 1 not found" in out
    assert f"found: {course.resolve()} -> {bob / 'courses' / 'ketamine'} (banks: History, Pharmacology), at the " \
           "same place under your home folder" in out
    assert f"NOT FOUND: {own.resolve()} (banks: My cards): copy it to this computer" in out
    # the app opens the shipped banks anyway: only the student's own folder is remembered
    assert _qsettings(new_data / "ui.ini").value("bank_folders") in (str(bob / "courses" / "ketamine"),
                                                                     [str(bob / "courses" / "ketamine")])


def test_a_folder_elsewhere_is_found_by_its_bank_titles(tmp_path: Path) -> None:
    moved = _bank_folder(tmp_path / "usb" / "course-2025", "Pharmacology", "History", "A new bank")
    other = _bank_folder(tmp_path / "usb" / "other", "Pharmacology")
    wanted = [BankFolder("/home/alice/courses/ketamine", ("History", "Pharmacology"))]

    def titles(folder: Path) -> set[str]:
        return {p.stem.replace("-", " ").title().replace("A New Bank", "A new bank") for p in folder.glob("*.yaml")
                if p.name != "sources.yaml"}

    (match,) = match_folders(wanted, [other, moved], titles, paths.bundled_questions(), home=tmp_path / "nohome")
    assert match.found == moved and match.how == "a folder with the same banks"


def test_a_damaged_folder_list_refuses_the_file(tmp_path: Path) -> None:
    from quizapp.store.transfer import TransferError, read_progress

    src = tmp_path / "p.json"
    src.write_text(json.dumps({"format": "quizapp-progress", "version": 1, "bank_folders": [{"titles": []}]}),
                   encoding="utf-8")
    with pytest.raises(TransferError, match="bank folder 1 has no path"):
        read_progress(src)


def _titles_of_bundled() -> list[dict]:
    from quizapp.bank.loader import load_banks

    return [{"title": b.title} for b in load_banks([paths.bundled_questions()]).banks]
