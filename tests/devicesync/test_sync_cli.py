"""`quizapp sync FOLDER` from a terminal: what it prints, its exit status, and the folder it remembers."""

from __future__ import annotations

import shutil

from quizapp.cli import main
from quizapp.store.store import DB_NAME
from quizapp.study import StudyService


def _data(tmp_path, template, name: str):
    data = tmp_path / name
    data.mkdir()
    shutil.copy(template, data / DB_NAME)
    return data


def test_sync_between_two_data_folders_from_the_command_line(computers, sync_dir, tmp_path, template, capsys):
    laptop = computers("laptop")
    laptop.answer("q00")
    laptop.answer("q01")
    laptop.close()
    assert main(["sync", str(sync_dir), "--data-dir", str(laptop.data)]) == 0
    out = capsys.readouterr().out
    assert "wrote 2 event(s) to" in out and str(sync_dir) in out
    desktop = _data(tmp_path, template, "desktop")
    assert main(["--data-dir", str(desktop), "sync", str(sync_dir), "--remember"]) == 0
    out = capsys.readouterr().out
    assert "merged 2 answer(s) from " in out
    assert main(["sync", "--data-dir", str(desktop)]) == 0  # the remembered folder
    assert "up to date" in capsys.readouterr().out
    with StudyService.open(desktop) as service:
        assert service.settings.get("sync_folder") == str(sync_dir.resolve())
        assert service.store.conn.execute("SELECT COUNT(*) FROM review_log").fetchone() == (2,)


def test_problems_go_to_stderr_and_set_the_exit_status(computers, sync_dir, tmp_path, template, capsys):
    laptop = computers("laptop")
    laptop.answer("q00")
    [segment] = laptop.sync(sync_dir).written
    segment.write_bytes(segment.read_bytes()[:20])
    desktop = _data(tmp_path, template, "desktop")
    assert main(["sync", str(sync_dir), "--data-dir", str(desktop)]) == 1
    captured = capsys.readouterr()
    [warning] = captured.err.splitlines()
    assert warning.startswith("warning: ") and "damaged (cut short)" in warning and str(segment) in warning
    assert "Traceback" not in captured.err
    assert main(["sync", str(tmp_path / "nowhere"), "--data-dir", str(desktop)]) == 1
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith("error: ") and "cannot be found" in error


def test_without_a_folder_it_says_how_to_give_one(tmp_path, template, capsys):
    data = _data(tmp_path, template, "laptop")
    assert main(["sync", "--data-dir", str(data)]) == 2
    assert "quizapp sync FOLDER" in capsys.readouterr().err
