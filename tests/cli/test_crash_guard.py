"""Any exception that escapes a command ends in one sentence, a crash log with the traceback, and exit code 70.

Each command runs in its own process with one function it calls replaced by one that raises (what a
bug anywhere below it would do). No traceback may reach the terminal; the log in the data folder (or
the temporary folder, when the data folder cannot be written) must hold it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import build_parser
from quizapp.crash import EXIT_CODE, LOG_FOLDER, SENTENCE

BANK = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "bank"
CHILD = """
import importlib, sys
target, argv = sys.argv[1], sys.argv[2:]
module, _, attr = target.partition(":")
owner = importlib.import_module(module)
*path, name = attr.split(".")
for part in path:
    owner = getattr(owner, part)
def broken(*args, **kwargs):
    raise RuntimeError("injected failure in " + target)
setattr(owner, name, broken)
from quizapp.cli import main
sys.exit(main(argv))
"""

# Each sub-command (and the window, with no sub-command): its arguments and a function it calls.
COMMANDS = {
    "check": (["check", str(BANK)], "quizapp.bank.loader:load_banks"),
    "schema": (["schema"], "quizapp.bank.schema:bank_schema"),
    "import": (["import", "{gift}", "-o", "{tmp}/new.yaml"], "quizapp.bank.formats.importing:_finish"),
    "export": (["export", "--format", "gift", str(BANK), "-o", "{tmp}/out.gift"],
               "quizapp.bank.formats.gift_export:GiftExport.export"),
    "progress-export": (["progress-export", "-o", "{tmp}/p.json"], "quizapp.store.transfer:export_progress"),
    "progress-import": (["progress-import", "{progress}"], "quizapp.store.transfer:plan_import"),
    "stats": (["stats", "--banks", str(BANK)], "quizapp.study.stats:compute_stats"),
    "lint": (["lint", str(BANK)], "quizapp.bank.lint.engine:lint_file"),
    "sync": (["sync", "{tmp}/folder"], "quizapp.study.devicesync:sync_folder"),
    "search": (["search", "nmda", "--banks", str(BANK)], "quizapp.study.search.finder:Search.find"),
    "class": (["class", "report", "postgresql://nobody@127.0.0.1:1/none", "--json"],
              "quizapp.cli.classroom:_connect_args"),
    "(the window)": (["--banks", str(BANK)], "quizapp.ui.app:start"),
}


def test_every_command_is_covered() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) | {"(the window)"} == set(COMMANDS)


def _run(tmp_path: Path, name: str, data: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    argv, target = COMMANDS[name]
    gift = tmp_path / "in.gift"
    gift.write_text("Ketamine is racemic. {T}\n", encoding="utf-8")
    progress = tmp_path / "progress.json"
    progress.write_text('{"format": "quizapp-progress", "version": 1}', encoding="utf-8")
    filled = [a.format(gift=gift, tmp=tmp_path, progress=progress) for a in argv]
    return subprocess.run([sys.executable, "-c", CHILD, target, "--data-dir", str(data), *filled],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})})


def _check(done: subprocess.CompletedProcess, folder: Path, target: str) -> Path:
    assert done.returncode == EXIT_CODE, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "injected failure" not in done.stderr + done.stdout  # the details are for the log
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith(f"error: {SENTENCE}; the details for a bug report are in {folder}"), done.stderr
    log = Path(line.rsplit(" are in ", 1)[1])
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and f"RuntimeError: injected failure in {target}" in text
    return log


@pytest.mark.parametrize("name", list(COMMANDS))
def test_an_unexpected_error_gives_one_sentence_and_a_crash_log(tmp_path: Path, name: str) -> None:
    data = tmp_path / "data"
    log = _check(_run(tmp_path, name, data), data / LOG_FOLDER, COMMANDS[name][1])
    assert log.parent == data / LOG_FOLDER


def test_a_data_folder_that_cannot_be_written_puts_the_log_in_the_temporary_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    done = _run(tmp_path, "check", blocker, env={"TMPDIR": str(temporary)})
    log = _check(done, temporary, COMMANDS["check"][1])
    assert log.is_relative_to(temporary) and blocker.read_text() == "a file where the data folder should be"


@pytest.mark.parametrize("argv", [["check", str(BANK)], []])
def test_a_python_without_quizapps_libraries_is_told_so_not_a_crash(tmp_path: Path, argv: list[str]) -> None:
    """`python -m quizapp` from a checkout with a Python that lacks the dependencies (-S: no site-packages)."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "QUIZAPP_DATA_DIR": str(tmp_path / "data"), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-S", "-m", "quizapp", *argv], cwd=root, env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert "that quizapp needs is not installed for" in done.stderr and "Traceback" not in done.stderr
    assert SENTENCE not in done.stderr
    assert not list(tmp_path.rglob(f"{LOG_FOLDER}/*"))  # nothing to report: no crash log
