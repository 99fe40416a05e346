"""Files the commands read and write: a full disk changes no bank, and devices, FIFOs and folders are refused.

Appending is written to a temporary file beside the bank, synced and renamed over it, so a disk that
fills up leaves the instructor's bank byte for byte as it was and no empty new bank behind (issue 26,
case 5). A device, a FIFO or a folder is refused before anything is read or written, and finding the
ids already imported reads only the banks of the output's folder, not every YAML file there (case 6).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from fault_helpers import fill_disk, tmpfs

from quizapp.bank.formats import importing
from quizapp.bank.formats.importing import import_file
from quizapp.cli import main


def _gift(path: Path, n: int, start: int = 0) -> Path:
    path.write_text("".join(f"Question {i}: is {i} even? {{{'T' if i % 2 == 0 else 'F'}####Because {i} is "
                            f"{'even' if i % 2 == 0 else 'odd'}.}}\n\n" for i in range(start, start + n)),
                    encoding="utf-8")
    return path


def _one_error_line(capsys) -> str:
    captured = capsys.readouterr()
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err + captured.out
    return captured.err


def test_a_full_disk_leaves_the_bank_as_it_was_and_no_empty_new_bank(tmp_path, capsys):
    with tmpfs(tmp_path / "mnt", "1m") as mount:
        folder = mount / "questions"
        bank = folder / "imported.yaml"
        assert main(["import", str(_gift(tmp_path / "a.gift", 20)), "-o", str(bank), "--topic", "pk"]) == 0
        capsys.readouterr()
        original = bank.read_bytes()
        big = _gift(tmp_path / "b.gift", 400, start=20)  # ≈100 KB more than the disk has left
        filler = fill_disk(mount, leave=16 * 1024)

        assert main(["import", str(big), "-o", str(bank), "--topic", "pk"]) == 1
        err = _one_error_line(capsys)
        assert str(bank) in err and "nothing was changed" in err
        assert bank.read_bytes() == original
        assert sorted(p.name for p in folder.iterdir()) == ["imported.yaml"]  # no temporary file left

        fresh = folder / "new.yaml"
        assert main(["import", str(big), "-o", str(fresh), "--topic", "other"]) == 1
        err = _one_error_line(capsys)
        assert str(fresh) in err and "nothing was changed" in err
        assert sorted(p.name for p in folder.iterdir()) == ["imported.yaml"]  # not even an empty new.yaml

        filler.unlink()  # with room again, the same import appends
        assert main(["import", str(big), "-o", str(bank), "--topic", "pk"]) == 0
        assert bank.read_bytes().startswith(original.rstrip(b"\n"))


def _special(tmp_path: Path, kind: str) -> Path:
    if kind.startswith("/dev/"):
        return Path(kind)
    path = tmp_path / f"special-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    return path


def _commands(tmp_path: Path, special: Path) -> dict[str, list[str]]:
    source = _gift(tmp_path / "a.gift", 3)
    banks = tmp_path / "banks"
    if not banks.exists():
        assert main(["import", str(source), "-o", str(banks / "b.yaml")]) == 0
    data = ["--data-dir", str(tmp_path / "data")]
    return {"import -o": ["import", str(source), "-o", str(special)],
            "import FILE": ["import", str(special), "--format", "gift", "-o", str(tmp_path / "out.yaml")],
            "export -o": ["export", "--format", "gift", str(banks), "-o", str(special)],
            "progress-export -o": [*data, "progress-export", "-o", str(special)],
            "progress-import FILE": [*data, "progress-import", str(special)]}


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/full", "/dev/null", "fifo", "folder"])
@pytest.mark.parametrize("command", ["import -o", "import FILE", "export -o", "progress-export -o",
                                     "progress-import FILE"])
def test_a_path_that_is_not_a_regular_file_is_refused_at_once(tmp_path, capsys, kind, command):
    """-o /dev/zero grew to 4 GB in 8 s; -o /dev/full and a FIFO hung; renaming over /dev/null replaces it."""
    if command == "import -o" and kind == "folder":
        pytest.skip("import -o may name a folder: a bank per category or deck goes into it (test_gift_moodle)")
    special = _special(tmp_path, kind)
    argv = _commands(tmp_path, special)[command]
    capsys.readouterr()
    outcome: list[int] = []
    worker = threading.Thread(target=lambda: outcome.append(main(argv)), daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(10)
    assert outcome == [1], "the command hung"
    assert time.monotonic() - started < 10
    assert "not a regular file" in _one_error_line(capsys)
    if kind.startswith("/dev/"):
        assert not special.is_file()  # still the device
    assert not (tmp_path / "out.yaml").exists()


def test_only_the_banks_of_the_output_folder_are_read_for_existing_ids(tmp_path, monkeypatch):
    """A folder of other YAML files (a project's configuration) is not parsed to find imported ids."""
    folder = tmp_path / "project"
    folder.mkdir()
    for i in range(30):
        (folder / f"config-{i}.yaml").write_text(f"services:\n  web:\n    image: nginx:{i}\n    ports: [80]\n",
                                                 encoding="utf-8")
    (folder / "broken.yml").write_text("key: [unclosed\n", encoding="utf-8")
    read: list[str] = []
    real = importing.load_banks

    def spy(paths, *args, **kwargs):
        result = real(paths, *args, **kwargs)
        read.extend(result.files)
        return result

    monkeypatch.setattr(importing, "load_banks", spy)
    src = _gift(tmp_path / "a.gift", 2)
    first = import_file(src, folder / "quiz.yaml", topic="pk")
    again = import_file(src, folder / "quiz-two.yaml", topic="pk")
    assert len(first.added) == 2 and len(again.already) == 2  # the bank beside it still counts
    assert not (folder / "quiz-two.yaml").exists()
    assert not [p for p in read if "config-" in p or "broken" in p], read
