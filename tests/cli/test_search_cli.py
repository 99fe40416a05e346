"""`quizapp search`: ids one per line, --json with the card's numbers, exit 2 and a caret for a malformed query."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quizapp.cli import main

STUDY = Path(__file__).resolve().parents[1] / "study"
sys.path.insert(0, str(STUDY))
from search_bank import write_banks  # noqa: E402  (the search tests' banks)


@pytest.fixture
def banks(tmp_path: Path) -> Path:
    return write_banks(tmp_path / "banks")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_ids_one_per_line_in_bank_order(tmp_path: Path, banks: Path, capsys) -> None:
    code, out, err = _run(
        capsys, "search", "nmda", "--data-dir", str(tmp_path / "d"), "--banks", str(banks), "--no-shipped-banks"
    )
    assert code == 0 and err == ""
    assert out.splitlines() == ["pain-001", "pain-003", "psy-002"]


def test_several_words_are_one_query_and_sorting_is_offered(tmp_path: Path, banks: Path, capsys) -> None:
    args = ["--data-dir", str(tmp_path / "d"), "--banks", str(banks), "--no-shipped-banks"]
    code, out, _ = _run(capsys, "search", "topic:pain", "ketamine", "--sort", "prompt", *args)
    assert code == 0 and out.splitlines() == ["pain-003", "pain-002", "pain-001"]  # Low-dose…, Which class…
    _, reverse, _ = _run(capsys, "search", "topic:pain ketamine", "--sort", "prompt", "--reverse", *args)
    assert reverse.splitlines() == ["pain-001", "pain-002", "pain-003"]


def test_json_adds_topic_type_due_interval_and_lapses(tmp_path: Path, banks: Path, capsys) -> None:
    code, out, _ = _run(
        capsys,
        "search",
        "type:cloze or type:flashcard",
        "--json",
        "--data-dir",
        str(tmp_path / "d"),
        "--banks",
        str(banks),
        "--no-shipped-banks",
    )
    assert code == 0
    rows = json.loads(out)
    assert rows == [
        {"id": "pain-003", "topic": "pain", "type": "cloze", "due": None, "interval": None, "lapses": 0},
        {"id": "psy-001", "topic": "psych", "type": "flashcard", "due": None, "interval": None, "lapses": 0},
    ]
    assert len(out.splitlines()) == 4  # one question a line, inside the brackets


def test_json_of_studied_cards_has_their_due_date_and_interval(tmp_path: Path, banks: Path, capsys) -> None:
    from quizapp.bank.loader import load_banks
    from quizapp.study import Rating, StudyService

    data = tmp_path / "d"
    loaded = load_banks([banks])
    with StudyService.open(data) as service:
        service.sync(loaded.questions)
        service.start_session(loaded.questions).answer("psy-004", "2.5", None, Rating.Easy, 1000)
    # a query starting with '-' goes after `--`, or argparse takes it for an option
    _, out, _ = _run(capsys, "search", "--json", "--data-dir", str(data), "--banks", str(banks), "--no-shipped-banks",
                     "--", "-is:new")
    [row] = json.loads(out)
    assert row["id"] == "psy-004" and row["interval"] >= 1 and row["due"][:4].isdigit()


def test_nothing_found_is_no_output_and_success(tmp_path: Path, banks: Path, capsys) -> None:
    assert _run(
        capsys, "search", "zebra", "--data-dir", str(tmp_path / "d"), "--banks", str(banks), "--no-shipped-banks"
    ) == (0, "", "")
    code, out, _ = _run(
        capsys,
        "search",
        "zebra",
        "--json",
        "--data-dir",
        str(tmp_path / "d"),
        "--banks",
        str(banks),
        "--no-shipped-banks",
    )
    assert code == 0 and json.loads(out) == []


def test_a_malformed_query_exits_2_with_one_sentence_and_a_caret(tmp_path: Path, banks: Path, capsys) -> None:
    code, out, err = _run(
        capsys,
        "search",
        'tag:nmda "open',
        "--data-dir",
        str(tmp_path / "d"),
        "--banks",
        str(banks),
        "--no-shipped-banks",
    )
    assert code == 2 and out == ""
    assert err.splitlines() == [
        'error: Column 10: this quote is never closed; add a " to end the phrase.',
        '  tag:nmda "open',
        "           ^",
    ]
    assert not (tmp_path / "d").exists()  # refused before anything was opened or made


def test_an_unknown_sort_key_exits_2(tmp_path: Path, banks: Path, capsys) -> None:
    code, _, err = _run(capsys, "search", "x", "--sort", "colour", "--data-dir", str(tmp_path / "d"))
    assert code == 2 and "--sort takes one of bank, prompt" in err


def test_while_the_app_holds_the_folder_it_searches_read_only(tmp_path: Path, banks: Path) -> None:
    from quizapp.bank.loader import load_banks
    from quizapp.study import StudyService

    data = tmp_path / "d"
    loaded = load_banks([banks / "pain.yaml"])  # the app knows one bank; the command is given both
    with StudyService.open(data) as service:  # holds the folder lock, as the running app does
        service.sync(loaded.questions)
        before = (data / "progress.sqlite3").read_bytes()
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "quizapp",
                "search",
                "ketamine",
                "--data-dir",
                str(data),
                "--banks",
                str(banks),
                "--no-shipped-banks",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (data / "progress.sqlite3").read_bytes() == before
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["pain-001", "pain-002", "pain-003"]
    assert "4 question(s) it has not seen yet are not searched" in proc.stderr
