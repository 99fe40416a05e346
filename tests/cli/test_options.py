"""Global options work on either side of the sub-command's name, and commands default to the shipped banks."""

from __future__ import annotations

from pathlib import Path

from quizapp import paths
from quizapp.cli import _parse, main


def test_data_dir_and_banks_after_the_sub_command(tmp_path: Path) -> None:
    args = _parse(["progress-export", "-o", "x.json", "--data-dir", str(tmp_path)])
    assert args.data_dir == str(tmp_path)
    args = _parse(["stats", "--json", "--banks", "a", "b"])
    assert args.banks == [Path("a"), Path("b")]


def test_data_dir_before_the_sub_command_is_not_overwritten(tmp_path: Path) -> None:
    args = _parse(["--data-dir", str(tmp_path), "stats", "--banks", "q"])
    assert args.data_dir == str(tmp_path) and args.banks == [Path("q")]


def test_check_without_paths_checks_the_shipped_banks(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)  # no questions/ here: the default must not be the working folder
    assert main(["check", "-q"]) == 0
    out = capsys.readouterr().out
    n = sum(1 for p in paths.bundled_questions().glob("*.yaml") if p.name != "sources.yaml")
    assert f"{n} bank(s)" in out and " 0 error(s)" in out
